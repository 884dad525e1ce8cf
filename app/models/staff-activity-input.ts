/**
 * What the staff forms for activities, schedules and sessions accept. Pure (no database), so the
 * routes can share it and the rules can be tested alone; checks that need the database (a unique
 * slug, a room of the chosen place) are made in staff-activities.server.ts.
 */
import { z } from "zod";
import {
  ACTIVITY_STATUSES,
  AUDIENCES,
  CATEGORIES,
  SIGNUP_MODES,
  type Schedule as ScheduleRow,
} from "#db/schema";
import { validateSchedule, type Schedule } from "~/domain/recurrence";
import { isValidLocalDate, isValidLocalTime } from "~/domain/time";
import { sv, type MessageKey } from "~/i18n/sv";

export type FieldError = { key: MessageKey; params?: Record<string, string | number> };
export type FieldErrors = Partial<Record<string, FieldError>>;

/** The languages offered as checkboxes; any other ISO 639-1 code can be typed in. */
export const COMMON_LANGUAGES = ["sv", "en", "ar", "so", "ti", "fa", "bs", "pl", "uk", "fi"];

const ISO_639_1 = new Set(
  (
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv " +
    "cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr " +
    "ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw " +
    "ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv " +
    "ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr " +
    "ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi " +
    "yo za zh zu"
  ).split(" "),
);

export const MAX_LANGUAGES = 10;
export const MAX_CAPACITY = 5000;
export const REASON_MAX = 300;
const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(sv, value);
}

/** Zod issues as one message per field (the first), with the limits a message may mention. */
export function fieldErrors(issues: z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "form");
    if (errors[field]) continue;
    const key = isMessageKey(issue.message) ? issue.message : "staffActivities.error.invalid";
    if (issue.code === "too_big") errors[field] = { key, params: { max: Number(issue.maximum) } };
    else if (issue.code === "too_small")
      errors[field] = { key, params: { min: Number(issue.minimum) } };
    else errors[field] = { key };
  }
  return errors;
}

/** Only the string fields of a form (a file where text is expected is simply absent). */
export function formStrings(form: FormData, lists: string[] = []) {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of form) {
    if (typeof value !== "string") continue;
    if (lists.includes(name)) {
      const list = fields[name];
      fields[name] = Array.isArray(list) ? [...list, value] : [value];
    } else {
      fields[name] = value;
    }
  }
  return fields;
}

const text = z
  .string()
  .optional()
  .transform((value) => (value ?? "").trim());
const list = z
  .array(z.string())
  .optional()
  .transform((values) => values ?? []);
const flag = z
  .string()
  .optional()
  .transform((value) => value === "1" || value === "on");

/** A capacity field: empty means no limit. */
export const capacityField = z
  .string()
  .trim()
  .regex(/^(\d{1,4})?$/, { error: "staffActivities.error.capacity" })
  .transform((value) => (value === "" ? null : Number(value)))
  .refine((value) => value === null || (value >= 1 && value <= MAX_CAPACITY), {
    error: "staffActivities.error.capacity",
  });

export const reasonField = z
  .string()
  .trim()
  .min(1, { error: "staffActivities.error.reasonRequired" })
  .max(REASON_MAX, { error: "field.nameTooLong" });

// ---------------------------------------------------------------------------------------------
// The activity's details.

const activityValuesSchema = z.object({
  title: text,
  slug: text,
  summary: text,
  description: text,
  category: text,
  audience: text,
  languages: list,
  otherLanguages: text,
  organiser: text,
  areaId: text,
  placeId: text,
  roomId: text,
  locationName: text,
  locationAddress: text,
  signupMode: text,
  capacity: text,
  askPartySize: flag,
  firstNameOnly: flag,
  requireEmail: flag,
  requirePhone: flag,
  status: text,
  statusReason: text,
});

/** The details form as typed, to show it again after a refusal. */
export type ActivityValues = z.output<typeof activityValuesSchema>;

const id = z
  .string()
  .regex(/^\d{1,12}$/, { error: "staffActivities.error.choose" })
  .transform(Number);
const optionalId = z
  .string()
  .regex(/^(\d{1,12})?$/, { error: "staffActivities.error.choose" })
  .transform((value) => (value === "" ? null : Number(value)));
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: "staffActivities.error.choose" });
const required = (max: number) =>
  z.string().min(1, { error: "field.required" }).max(max, { error: "field.nameTooLong" });
const optional = (max: number) => z.string().max(max, { error: "field.nameTooLong" });

const activitySchema = z.object({
  title: required(120),
  slug: z
    .string()
    .min(1, { error: "field.required" })
    .max(60, { error: "field.nameTooLong" })
    .regex(SLUG_RE, { error: "staffActivities.error.slug" }),
  summary: optional(300),
  description: optional(5000),
  category: choice(CATEGORIES),
  audience: choice(AUDIENCES),
  languages: z
    .array(
      z
        .string()
        .refine((code) => ISO_639_1.has(code), { error: "staffActivities.error.languages" }),
    )
    .min(1, { error: "staffActivities.error.noLanguage" })
    .max(MAX_LANGUAGES, { error: "staffActivities.error.tooManyLanguages" }),
  organiser: z
    .string()
    .regex(/^(staff|partner:\d{1,12})$/, { error: "staffActivities.error.organiser" })
    .transform((value) =>
      value === "staff"
        ? { kind: "staff" as const, partnerId: null }
        : { kind: "partner" as const, partnerId: Number(value.slice("partner:".length)) },
    ),
  areaId: id,
  placeId: optionalId,
  roomId: optionalId,
  locationName: optional(120),
  locationAddress: optional(200),
  signupMode: choice(SIGNUP_MODES),
  capacity: capacityField,
  askPartySize: z.boolean(),
  firstNameOnly: z.boolean(),
  requireEmail: z.boolean(),
  requirePhone: z.boolean(),
  status: choice(ACTIVITY_STATUSES),
  statusReason: optional(REASON_MAX),
});

export type ActivityInput = z.output<typeof activitySchema>;

/** The checked languages and the typed ones, lower-cased, each once. */
function languagesOf(values: ActivityValues): string[] {
  const typed = values.otherLanguages.split(/[\s,;]+/).filter((code) => code !== "");
  return [...new Set([...values.languages, ...typed].map((code) => code.trim().toLowerCase()))];
}

/** Reads the details form; `errors` is empty when `input` can be stored (after database checks). */
export function parseActivityForm(fields: Record<string, string | string[]>): {
  values: ActivityValues;
  input: ActivityInput | null;
  errors: FieldErrors;
} {
  const values = activityValuesSchema.parse(fields);
  const parsed = activitySchema.safeParse({ ...values, languages: languagesOf(values) });
  const errors = parsed.success ? {} : fieldErrors(parsed.error.issues);

  // Rules across fields, checked even when another field is wrong so every message shows at once.
  if (!errors.placeId && values.placeId === "" && values.locationName === "") {
    errors.placeId = { key: "staffActivities.error.where" };
  }
  if (!errors.roomId && values.roomId !== "" && values.placeId === "") {
    errors.roomId = { key: "staffActivities.error.roomWithoutPlace" };
  }
  if (
    !errors.statusReason &&
    (values.status === "cancelled" || values.status === "ended") &&
    values.statusReason === ""
  ) {
    errors.statusReason = { key: "staffActivities.error.statusReason" };
  }
  return {
    values,
    input: parsed.success && Object.keys(errors).length === 0 ? parsed.data : null,
    errors,
  };
}

// ---------------------------------------------------------------------------------------------
// The schedule.

const scheduleValuesSchema = z.object({
  kind: text,
  startDate: text,
  endDate: text,
  startTime: text,
  endTime: text,
  weekdays: list,
  intervalWeeks: text,
  nth: text,
  weekday: text,
  changeReason: text,
});

export type ScheduleValues = z.output<typeof scheduleValuesSchema>;

const NTH_VALUES = [1, 2, 3, 4, -1] as const;

function wholeNumber(value: string): number {
  return /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
}

/**
 * Reads the schedule form into a {@link Schedule} and checks it with `validateSchedule`. A
 * one-off activity takes its date from the first-date field, so the form needs no extra field.
 */
export function parseScheduleForm(fields: Record<string, string | string[]>): {
  values: ScheduleValues;
  schedule: Schedule | null;
  changeReason: string;
  errors: FieldErrors;
} {
  const values = scheduleValuesSchema.parse(fields);
  const errors: FieldErrors = {};
  const kind = z.enum(["once", "weekly", "monthly"]).safeParse(values.kind);
  if (values.changeReason.length > REASON_MAX) {
    errors.changeReason = { key: "field.nameTooLong", params: { max: REASON_MAX } };
  }
  if (!kind.success) {
    errors.kind = { key: "schedule.invalidKind" };
    return { values, schedule: null, changeReason: values.changeReason, errors };
  }
  const times = { startTime: values.startTime, endTime: values.endTime };
  const dates = { startDate: values.startDate, endDate: values.endDate };
  let schedule: Schedule;
  switch (kind.data) {
    case "once":
      schedule = { kind: "once", date: values.startDate, ...times };
      break;
    case "weekly":
      schedule = {
        kind: "weekly",
        intervalWeeks: wholeNumber(values.intervalWeeks),
        weekdays: values.weekdays.map(wholeNumber),
        ...dates,
        ...times,
      };
      break;
    case "monthly": {
      const nth = NTH_VALUES.find((n) => String(n) === values.nth);
      if (nth === undefined) errors.nth = { key: "schedule.invalidNth" };
      schedule = {
        kind: "monthly",
        nth: nth ?? 1,
        weekday: wholeNumber(values.weekday),
        ...dates,
        ...times,
      };
      break;
    }
  }
  const typed: Record<string, string> = { ...dates, ...times };
  for (const [field, key] of Object.entries(validateSchedule(schedule))) {
    // A one-off activity's date is typed in the first-date field.
    const name = field === "date" ? "startDate" : field;
    if (errors[name]) continue;
    if (typed[name] === "") errors[name] = { key: "field.required" };
    else errors[name] = { key: isMessageKey(key) ? key : "staffActivities.error.invalid" };
  }
  return {
    values,
    schedule: Object.keys(errors).length === 0 ? schedule : null,
    changeReason: values.changeReason,
    errors,
  };
}

/** A stored schedule as the form shows it. */
export function scheduleValuesOf(row: ScheduleRow | undefined): ScheduleValues {
  if (!row) {
    return {
      kind: "weekly",
      startDate: "",
      endDate: "",
      startTime: "",
      endTime: "",
      weekdays: [],
      intervalWeeks: "1",
      nth: "1",
      weekday: "1",
      changeReason: "",
    };
  }
  return {
    kind: row.kind,
    startDate: row.start_date,
    endDate: row.kind === "once" ? "" : row.end_date,
    startTime: row.start_time,
    endTime: row.end_time,
    weekdays: row.weekdays ? row.weekdays.split(",") : [],
    intervalWeeks: String(row.interval_weeks ?? 1),
    nth: String(row.nth ?? 1),
    weekday: String(row.weekday ?? 1),
    changeReason: "",
  };
}

// ---------------------------------------------------------------------------------------------
// One session.

const timeField = z.string().trim().refine(isValidLocalTime, { error: "schedule.invalidTime" });

export const sessionActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("cancel"), reason: reasonField }),
  z.object({
    intent: z.literal("move"),
    date: z.string().trim().refine(isValidLocalDate, { error: "schedule.invalidDate" }),
    startTime: timeField,
    endTime: timeField,
    reason: reasonField,
  }),
  z.object({ intent: z.literal("capacity"), capacity: capacityField }),
]);

export const SESSION_INTENTS = ["cancel", "move", "capacity"] as const;
export type SessionIntent = (typeof SESSION_INTENTS)[number];
