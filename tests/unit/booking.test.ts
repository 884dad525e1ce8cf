import { describe, expect, it } from "vitest";
import {
  conflictDates,
  describeConflict,
  findConflicts,
  openingHoursConflict,
  spansConflict,
  type OpeningHours,
  type RoomUse,
  type Span,
} from "~/domain/booking";
import { zonedToUtc } from "~/domain/time";

/** A span on a Stockholm wall-clock date, the way the booking form makes one. */
function span(date: string, from: string, to: string): Span {
  return { startsAt: zonedToUtc(date, from), endsAt: zonedToUtc(date, to) };
}

function session(date: string, from: string, to: string, label: string | null = "Pratcafé") {
  return { ...span(date, from, to), kind: "session", label } satisfies RoomUse;
}

function booking(date: string, from: string, to: string, label: string | null = null) {
  return { ...span(date, from, to), kind: "booking", label } satisfies RoomUse;
}

// @Söder's hours: Monday–Thursday 10–18 (Wednesday till 20), Friday 10–15, closed at weekends.
const SODER: OpeningHours[] = [
  { weekday: 1, opens: "10:00", closes: "18:00" },
  { weekday: 2, opens: "10:00", closes: "18:00" },
  { weekday: 3, opens: "10:00", closes: "20:00" },
  { weekday: 4, opens: "10:00", closes: "18:00" },
  { weekday: 5, opens: "10:00", closes: "15:00" },
];

// 2026-12-08 is a Tuesday; 2026-12-13 a Sunday.
const TUESDAY = "2026-12-08";

describe("spansConflict", () => {
  const a = span(TUESDAY, "14:00", "16:00");

  it("finds overlapping spans, and spans that only touch do not overlap", () => {
    expect(spansConflict(a, span(TUESDAY, "15:00", "17:00"))).toBe(true);
    expect(spansConflict(a, span(TUESDAY, "14:30", "15:00"))).toBe(true);
    expect(spansConflict(a, span(TUESDAY, "12:00", "14:00"))).toBe(false);
    expect(spansConflict(a, span(TUESDAY, "16:00", "17:00"))).toBe(false);
  });

  it("keeps the buffer on both sides, and a gap of exactly the buffer is enough", () => {
    expect(spansConflict(a, span(TUESDAY, "12:00", "13:50"), 15)).toBe(true);
    expect(spansConflict(a, span(TUESDAY, "16:10", "17:00"), 15)).toBe(true);
    expect(spansConflict(a, span(TUESDAY, "12:00", "13:45"), 15)).toBe(false);
    expect(spansConflict(a, span(TUESDAY, "16:15", "17:00"), 15)).toBe(false);
  });

  it("is symmetric", () => {
    const b = span(TUESDAY, "13:00", "13:55");
    expect(spansConflict(a, b, 15)).toBe(spansConflict(b, a, 15));
  });
});

describe("openingHoursConflict", () => {
  it("accepts a span within the day's hours, edges included", () => {
    expect(openingHoursConflict(span(TUESDAY, "10:00", "18:00"), SODER)).toBeNull();
    expect(openingHoursConflict(span("2026-12-09", "18:00", "20:00"), SODER)).toBeNull();
  });

  it("says when the place is closed that day", () => {
    expect(openingHoursConflict(span("2026-12-13", "12:00", "13:00"), SODER)).toEqual({
      date: "2026-12-13",
      kind: "closed",
    });
  });

  it("says the day's hours when the span starts too early or ends too late", () => {
    const late = { date: "2026-12-11", kind: "outsideHours", hours: ["10:00–15:00"] };
    expect(openingHoursConflict(span("2026-12-11", "14:00", "16:00"), SODER)).toEqual(late);
    expect(openingHoursConflict(span("2026-12-11", "09:30", "11:00"), SODER)).toEqual({
      ...late,
    });
  });

  it("needs the whole span inside one range when a day has two", () => {
    const split: OpeningHours[] = [
      { weekday: 2, opens: "09:00", closes: "12:00" },
      { weekday: 2, opens: "13:00", closes: "17:00" },
    ];
    expect(openingHoursConflict(span(TUESDAY, "13:00", "15:00"), split)).toBeNull();
    expect(openingHoursConflict(span(TUESDAY, "11:00", "14:00"), split)).toEqual({
      date: TUESDAY,
      kind: "outsideHours",
      hours: ["09:00–12:00", "13:00–17:00"],
    });
  });

  it("reads the hours in Stockholm time across the change to summer time", () => {
    // 2026-03-30 is the Monday after the clocks went forward; 10:00 local is 08:00 UTC.
    expect(openingHoursConflict(span("2026-03-30", "10:00", "12:00"), SODER)).toBeNull();
    expect(
      openingHoursConflict(
        {
          startsAt: new Date("2026-03-30T07:30:00Z"),
          endsAt: new Date("2026-03-30T09:00:00Z"),
        },
        SODER,
      ),
    ).toMatchObject({ kind: "outsideHours" });
  });

  it("refuses a span that runs past midnight", () => {
    const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      opens: "00:00",
      closes: "23:59",
    }));
    const overnight = {
      startsAt: zonedToUtc(TUESDAY, "22:00"),
      endsAt: zonedToUtc("2026-12-09", "01:00"),
    };
    expect(openingHoursConflict(overnight, always)).toMatchObject({ kind: "outsideHours" });
  });
});

describe("findConflicts", () => {
  it("finds nothing for a free slot within opening hours", () => {
    const uses = [session(TUESDAY, "14:00", "16:00"), booking(TUESDAY, "10:00", "11:00")];
    expect(findConflicts([span(TUESDAY, "11:15", "13:45")], uses, SODER, 15)).toEqual([]);
  });

  it("names the session a slot overlaps", () => {
    const conflicts = findConflicts(
      [span(TUESDAY, "15:00", "17:00")],
      [session(TUESDAY, "14:00", "16:00")],
      SODER,
      15,
    );
    expect(conflicts).toEqual([
      {
        date: TUESDAY,
        kind: "use",
        use: "session",
        label: "Pratcafé",
        from: "14:00",
        to: "16:00",
        tooClose: false,
        bufferMinutes: 15,
      },
    ]);
    expect(describeConflict(conflicts[0])).toEqual({
      key: "bookings.conflict.use",
      params: { what: "Pratcafé", from: "14:00", to: "16:00", minutes: 15 },
    });
  });

  it("refuses a slot that ends inside the buffer before a session, and says it is the buffer", () => {
    const [conflict] = findConflicts(
      [span(TUESDAY, "12:00", "13:50")],
      [session(TUESDAY, "14:00", "16:00")],
      SODER,
      15,
    );
    expect(conflict).toMatchObject({ kind: "use", tooClose: true });
    expect(describeConflict(conflict).key).toBe("bookings.conflict.useBuffer");
  });

  it("does not name a booking the reader may not know about", () => {
    const [conflict] = findConflicts(
      [span(TUESDAY, "10:30", "11:30")],
      [booking(TUESDAY, "10:00", "11:00", null)],
      SODER,
      15,
    );
    expect(describeConflict(conflict)).toEqual({
      key: "bookings.conflict.taken",
      params: { from: "10:00", to: "11:00", minutes: 15 },
    });
  });

  it("reports closed days and hours along with what holds the room", () => {
    const conflicts = findConflicts(
      [span("2026-12-13", "12:00", "13:00"), span("2026-12-11", "14:00", "16:00")],
      [booking("2026-12-11", "14:30", "15:00", "Styrelsemöte")],
      SODER,
      15,
    );
    expect(conflicts.map((conflict) => [conflict.date, conflict.kind])).toEqual([
      ["2026-12-11", "outsideHours"],
      ["2026-12-11", "use"],
      ["2026-12-13", "closed"],
    ]);
    expect(describeConflict(conflicts[0])).toEqual({
      key: "bookings.conflict.outsideHours",
      params: { hours: "10:00–15:00" },
    });
    expect(describeConflict(conflicts[2]).key).toBe("bookings.conflict.closed");
  });

  it("tells which date of a weekly series conflicts", () => {
    const tuesdays = ["2026-12-01", "2026-12-08", "2026-12-15", "2026-12-22"];
    const slots = tuesdays.map((date) => span(date, "10:00", "12:00"));
    const conflicts = findConflicts(
      slots,
      [booking("2026-12-15", "11:00", "13:00", "Fyra färger: Styrelsemöte")],
      SODER,
      15,
    );
    expect(conflictDates(conflicts)).toEqual(["2026-12-15"]);
    expect(describeConflict(conflicts[0]).params.what).toBe("Fyra färger: Styrelsemöte");
  });

  it("uses the room's own buffer, zero included", () => {
    const uses = [session(TUESDAY, "14:00", "16:00")];
    expect(findConflicts([span(TUESDAY, "12:00", "14:00")], uses, SODER, 0)).toEqual([]);
    expect(findConflicts([span(TUESDAY, "12:00", "13:40")], uses, SODER, 30)).toHaveLength(1);
  });
});
