import { describe, expect, it } from "vitest";
import {
  adjustmentValue,
  applyAdjustment,
  EMPTY_VALUES,
  parseAdjustment,
  parseAttendance,
  raisedHeadcount,
  stepCount,
  valuesFromForm,
  valuesFromRecord,
  type AttendanceValues,
} from "~/domain/attendance";

const form = (values: Partial<AttendanceValues>): AttendanceValues => ({
  ...EMPTY_VALUES,
  ...values,
});

describe("reading the attendance form", () => {
  it("takes a headcount alone: the breakdown and first-timers stay unknown, walk-ins 0", () => {
    expect(parseAttendance(form({ headcount: "12" }))).toEqual({
      ok: true,
      input: {
        headcount: 12,
        children: null,
        youth: null,
        adults: null,
        seniors: null,
        firstTimers: null,
        walkIns: 0,
        note: null,
        checkedIn: [],
      },
    });
  });

  it("takes the whole record, trims the note and drops repeated check-ins", () => {
    const result = parseAttendance(
      form({
        headcount: " 20 ",
        children: "5",
        youth: "2",
        adults: "8",
        seniors: "5",
        firstTimers: "3",
        walkIns: "4",
        note: "  Regn, flyttade inomhus ",
        checkedIn: ["7", "9", "7"],
      }),
      (ids) => ids.length * 2,
    );
    expect(result).toEqual({
      ok: true,
      input: {
        headcount: 20,
        children: 5,
        youth: 2,
        adults: 8,
        seniors: 5,
        firstTimers: 3,
        walkIns: 4,
        note: "Regn, flyttade inomhus",
        checkedIn: [7, 9],
      },
    });
  });

  it("accepts a session nobody came to, and exactly 10 000", () => {
    expect(parseAttendance(form({ headcount: "0" })).ok).toBe(true);
    expect(parseAttendance(form({ headcount: "10000" })).ok).toBe(true);
  });

  it.each([
    ["negative", "-1"],
    ["too many", "100000"],
    ["just over", "10001"],
    ["a decimal", "3.5"],
    ["an exponent", "1e3"],
    ["words", "tolv"],
  ])("refuses a headcount that is %s, beside the field", (_, headcount) => {
    expect(parseAttendance(form({ headcount }))).toEqual({
      ok: false,
      errors: { headcount: { problem: "count", max: 10_000 } },
    });
  });

  it("asks for the headcount when it is empty", () => {
    expect(parseAttendance(form({ headcount: " " }))).toEqual({
      ok: false,
      errors: { headcount: { problem: "required" } },
    });
  });

  it("names every bad count at once", () => {
    const result = parseAttendance(
      form({ headcount: "5", children: "-2", seniors: "x", walkIns: "99999" }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["children", "seniors", "walkIns"]);
  });

  it("refuses a breakdown that adds up to more than the headcount", () => {
    expect(parseAttendance(form({ headcount: "10", children: "6", adults: "5" }))).toEqual({
      ok: false,
      errors: { breakdown: { problem: "breakdownOverHeadcount", sum: 11, headcount: 10 } },
    });
    expect(parseAttendance(form({ headcount: "10", children: "6", adults: "4" })).ok).toBe(true);
  });

  it("refuses more first-timers or walk-ins than visitors", () => {
    expect(parseAttendance(form({ headcount: "3", firstTimers: "4", walkIns: "5" }))).toEqual({
      ok: false,
      errors: {
        firstTimers: { problem: "overHeadcount", headcount: 3 },
        walkIns: { problem: "overHeadcount", headcount: 3 },
      },
    });
  });

  it("needs a headcount of at least the people checked in plus the walk-ins", () => {
    const people = (ids: number[]) => ids.length * 2;
    expect(
      parseAttendance(form({ headcount: "4", walkIns: "1", checkedIn: ["1", "2"] }), people),
    ).toEqual({
      ok: false,
      errors: {
        headcount: { problem: "checkedInOverHeadcount", minimum: 5, checkedIn: 4, walkIns: 1 },
      },
    });
    expect(
      parseAttendance(form({ headcount: "5", walkIns: "1", checkedIn: ["1", "2"] }), people).ok,
    ).toBe(true);
  });

  it("refuses a note over 500 characters", () => {
    expect(parseAttendance(form({ headcount: "1", note: "x".repeat(501) }))).toEqual({
      ok: false,
      errors: { note: { problem: "noteTooLong", max: 500 } },
    });
  });

  it("refuses a check-in list it did not make, above the form", () => {
    expect(parseAttendance(form({ headcount: "1", checkedIn: ["drop table"] }))).toEqual({
      ok: false,
      errors: { form: { problem: "invalid" } },
    });
  });

  it("reads a submitted form and a stored record into the same shape", () => {
    const data = new FormData();
    data.set("headcount", "7");
    data.set("note", "Sol");
    data.append("checkedIn", "3");
    data.append("checkedIn", "4");
    expect(valuesFromForm(data)).toEqual({
      ...form({ headcount: "7", note: "Sol", checkedIn: ["3", "4"] }),
      walkIns: "",
    });
    expect(
      valuesFromRecord(
        {
          headcount: 7,
          children: 2,
          youth: null,
          adults: 5,
          seniors: null,
          first_timers: null,
          walk_ins: 1,
          note: null,
        },
        [3],
      ),
    ).toEqual(form({ headcount: "7", children: "2", adults: "5", walkIns: "1", checkedIn: ["3"] }));
  });
});

describe("the + and – buttons", () => {
  it("round-trip their value", () => {
    expect(parseAdjustment(adjustmentValue("headcount", 1))).toEqual({
      field: "headcount",
      step: 1,
    });
    expect(parseAdjustment(adjustmentValue("walkIns", -1))).toEqual({ field: "walkIns", step: -1 });
    expect(parseAdjustment("note:+1")).toBeNull();
    expect(parseAdjustment("headcount:+5")).toBeNull();
    expect(parseAdjustment(null)).toBeNull();
  });

  it("count one up or down, never below 0 or above 10 000, from whatever was typed", () => {
    expect(stepCount("3", 1)).toBe("4");
    expect(stepCount("3", -1)).toBe("2");
    expect(stepCount("0", -1)).toBe("0");
    expect(stepCount("10000", 1)).toBe("10000");
    expect(stepCount("", 1)).toBe("1");
    expect(stepCount("abc", 1)).toBe("1");
  });

  it("change one field and keep the rest of the form", () => {
    const before = form({ headcount: "2", note: "Regn", checkedIn: ["5"] });
    expect(applyAdjustment(before, { field: "headcount", step: 1 })).toEqual({
      ...before,
      headcount: "3",
    });
  });
});

describe("checking people in", () => {
  it("raises the headcount to at least the people checked in and the walk-ins", () => {
    expect(raisedHeadcount("0", 3, "1")).toBe("4");
    expect(raisedHeadcount("10", 3, "1")).toBe("10");
    expect(raisedHeadcount("", 2, "")).toBe("2");
  });
});
