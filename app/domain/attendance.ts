/**
 * Attendance as staff record it on a phone: a headcount, an optional breakdown by age, first-time
 * visitors, people who came without signing up (walk-ins), the sign-ups who came (check-ins) and
 * a note. Framework-free: the form's text in, numbers or problems out.
 */
import { z } from "zod";

export const MAX_COUNT = 10_000;
export const NOTE_MAX = 500;
/** More ids than any session has sign-ups: a form with more was not made by our page. */
const MAX_CHECKINS = 2_000;

export const BREAKDOWN_FIELDS = ["children", "youth", "adults", "seniors"] as const;
export type BreakdownField = (typeof BREAKDOWN_FIELDS)[number];
export const COUNT_FIELDS = ["headcount", ...BREAKDOWN_FIELDS, "firstTimers", "walkIns"] as const;
export type CountField = (typeof COUNT_FIELDS)[number];

/** The form as typed: text per field, and the ids of the checked-in sign-ups. */
export type AttendanceValues = Record<CountField | "note", string> & { checkedIn: string[] };

export type AttendanceInput = {
  headcount: number;
  children: number | null;
  youth: number | null;
  adults: number | null;
  seniors: number | null;
  firstTimers: number | null;
  walkIns: number;
  note: string | null;
  checkedIn: number[];
};

/** Where a problem is shown: beside a field, beside the breakdown, or above the form. */
export type AttendanceErrorField = CountField | "note" | "breakdown" | "form";
export type AttendanceProblem =
  | { problem: "required" }
  | { problem: "invalid" }
  | { problem: "notStarted" }
  | { problem: "cancelled" }
  | { problem: "count"; max: number }
  | { problem: "noteTooLong"; max: number }
  | { problem: "breakdownOverHeadcount"; sum: number; headcount: number }
  | { problem: "overHeadcount"; headcount: number }
  | { problem: "checkedInOverHeadcount"; minimum: number; checkedIn: number; walkIns: number };
export type AttendanceErrors = Partial<Record<AttendanceErrorField, AttendanceProblem>>;

export const EMPTY_VALUES: AttendanceValues = {
  headcount: "0",
  children: "",
  youth: "",
  adults: "",
  seniors: "",
  firstTimers: "",
  walkIns: "0",
  note: "",
  checkedIn: [],
};

/** The form's text from a stored record, so an edit starts from what was saved. */
export function valuesFromRecord(
  record: {
    headcount: number;
    children: number | null;
    youth: number | null;
    adults: number | null;
    seniors: number | null;
    first_timers: number | null;
    walk_ins: number;
    note: string | null;
  },
  checkedIn: number[],
): AttendanceValues {
  const text = (value: number | null) => (value === null ? "" : String(value));
  return {
    headcount: String(record.headcount),
    children: text(record.children),
    youth: text(record.youth),
    adults: text(record.adults),
    seniors: text(record.seniors),
    firstTimers: text(record.first_timers),
    walkIns: String(record.walk_ins),
    note: record.note ?? "",
    checkedIn: checkedIn.map(String),
  };
}

/** The fields of a submitted form, whatever else it carried; a missing field reads as empty. */
export function valuesFromForm(form: {
  get(name: string): unknown;
  getAll(name: string): unknown[];
}): AttendanceValues {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  return {
    headcount: text("headcount"),
    children: text("children"),
    youth: text("youth"),
    adults: text("adults"),
    seniors: text("seniors"),
    firstTimers: text("firstTimers"),
    walkIns: text("walkIns"),
    note: text("note"),
    checkedIn: form.getAll("checkedIn").filter((id): id is string => typeof id === "string"),
  };
}

// Digits only: "1e3", "3.0" and "-0" are typing slips on a phone, not counts.
const count = z
  .string()
  .trim()
  .regex(/^\d{1,6}$/)
  .transform(Number)
  .pipe(z.number().int().max(MAX_COUNT));
const optionalCount = z.union([z.literal("").transform(() => null), count]);

const schema = z.object({
  headcount: count,
  children: optionalCount,
  youth: optionalCount,
  adults: optionalCount,
  seniors: optionalCount,
  firstTimers: optionalCount,
  walkIns: optionalCount.transform((value) => value ?? 0),
  note: z
    .string()
    .trim()
    .max(NOTE_MAX)
    .transform((note) => (note === "" ? null : note)),
  checkedIn: z
    .array(
      z
        .string()
        .regex(/^\d{1,12}$/)
        .transform(Number),
    )
    .max(MAX_CHECKINS)
    .transform((ids) => [...new Set(ids)]),
});

function isFieldName(name: unknown): name is CountField | "note" {
  return name === "note" || COUNT_FIELDS.some((field) => field === name);
}

/**
 * Reads the form: every count a whole number from 0 to 10 000 (the breakdown, first-timers and
 * walk-ins may be left empty), and the counts consistent with the headcount. `checkedInPeople`
 * is how many people the checked-in sign-ups are, which only the database knows.
 */
export function parseAttendance(
  values: AttendanceValues,
  checkedInPeople: (ids: number[]) => number = () => 0,
): { ok: true; input: AttendanceInput } | { ok: false; errors: AttendanceErrors } {
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const errors: AttendanceErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (!isFieldName(field) || errors[field]) continue;
      if (field === "note") errors.note = { problem: "noteTooLong", max: NOTE_MAX };
      else if (field === "headcount" && values.headcount.trim() === "")
        errors.headcount = { problem: "required" };
      else errors[field] = { problem: "count", max: MAX_COUNT };
    }
    // A tampered check-in list has no field of its own; refuse it rather than guess.
    if (Object.keys(errors).length === 0) errors.form = { problem: "invalid" };
    return { ok: false, errors };
  }
  const input = parsed.data;
  const errors = crossCheck(input, checkedInPeople(input.checkedIn));
  return Object.keys(errors).length === 0 ? { ok: true, input } : { ok: false, errors };
}

/**
 * The headcount is everyone who came: the breakdown, the first-timers, the walk-ins, and the
 * walk-ins together with the checked-in people, are each part of it.
 */
export function crossCheck(
  input: Omit<AttendanceInput, "note" | "checkedIn">,
  checkedInPeople: number,
): AttendanceErrors {
  const { headcount } = input;
  const errors: AttendanceErrors = {};
  const sum = breakdownSum(input);
  if (sum > headcount) errors.breakdown = { problem: "breakdownOverHeadcount", sum, headcount };
  if ((input.firstTimers ?? 0) > headcount)
    errors.firstTimers = { problem: "overHeadcount", headcount };
  if (input.walkIns > headcount) errors.walkIns = { problem: "overHeadcount", headcount };
  else if (checkedInPeople + input.walkIns > headcount) {
    errors.headcount = {
      problem: "checkedInOverHeadcount",
      minimum: checkedInPeople + input.walkIns,
      checkedIn: checkedInPeople,
      walkIns: input.walkIns,
    };
  }
  return errors;
}

export function breakdownSum(input: Record<BreakdownField, number | null>): number {
  return BREAKDOWN_FIELDS.reduce((sum, field) => sum + (input[field] ?? 0), 0);
}

/** A +/– button's value: "headcount:+1", "walkIns:-1". */
export type Adjustment = { field: CountField; step: number };

export function adjustmentValue(field: CountField, step: 1 | -1): string {
  return `${field}:${step > 0 ? "+1" : "-1"}`;
}

export function parseAdjustment(value: unknown): Adjustment | null {
  if (typeof value !== "string") return null;
  const match = /^(\w+):([+-]1)$/.exec(value);
  if (!match) return null;
  const field = COUNT_FIELDS.find((name) => name === match[1]);
  return field ? { field, step: Number(match[2]) } : null;
}

/**
 * One tap on + or –: the count as text, one more or one less, kept within 0–10 000. Whatever
 * is not a count yet (empty, a slip) counts as 0, so + always gives a number.
 */
export function stepCount(text: string, step: number): string {
  const current = /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : 0;
  return String(Math.min(MAX_COUNT, Math.max(0, current + step)));
}

export function applyAdjustment(
  values: AttendanceValues,
  adjustment: Adjustment,
): AttendanceValues {
  return { ...values, [adjustment.field]: stepCount(values[adjustment.field], adjustment.step) };
}

/**
 * What the headcount becomes when people are checked in or walk-ins counted: at least all of
 * them, so a quick tap on a name never leaves the form unsaveable. Never lowers it.
 */
export function raisedHeadcount(
  headcount: string,
  checkedInPeople: number,
  walkIns: string,
): string {
  const minimum = checkedInPeople + Number(stepCount(walkIns, 0));
  const current = Number(stepCount(headcount, 0));
  return minimum > current ? String(Math.min(MAX_COUNT, minimum)) : headcount;
}
