/**
 * Activity schedules, the sessions they produce, and how existing sessions are reconciled when a
 * schedule is edited. Pure: the caller reads and writes the database.
 */
import {
  TIME_ZONE,
  addDays,
  daysFromCivil,
  daysInMonth,
  formatLocalDate,
  fromDayNumber,
  isValidLocalDate,
  isValidLocalTime,
  isoWeekdayOfDayNumber,
  isoWeekMonday,
  isoWeekOf,
  parseLocalDate,
  parseLocalTime,
  toDayNumber,
  zonedToUtc,
  type LocalDate,
  type LocalTime,
} from "./time";

export type OnceSchedule = {
  kind: "once";
  date: LocalDate;
  startTime: LocalTime;
  endTime: LocalTime;
};
export type WeeklySchedule = {
  kind: "weekly";
  intervalWeeks: number;
  weekdays: number[];
  startDate: LocalDate;
  endDate: LocalDate;
  startTime: LocalTime;
  endTime: LocalTime;
};
export type MonthlySchedule = {
  kind: "monthly";
  nth: 1 | 2 | 3 | 4 | -1;
  weekday: number;
  startDate: LocalDate;
  endDate: LocalDate;
  startTime: LocalTime;
  endTime: LocalTime;
};
export type Schedule = OnceSchedule | WeeklySchedule | MonthlySchedule;

export type GeneratedSession = { scheduledDate: LocalDate; startsAt: Date; endsAt: Date };

export const MAX_SESSIONS = 200;
/** The longest possible inclusive span of {@link MAX_SPAN_YEARS} calendar years (with a leap day). */
export const MAX_SPAN_DAYS = 731; // at most 2 years
export const MAX_SPAN_YEARS = 2;
export const MAX_INTERVAL_WEEKS = 52;

/** Error message keys returned by {@link validateSchedule}, for the UI's translations. */
export const SCHEDULE_ERRORS = {
  invalidKind: "schedule.invalidKind",
  invalidDate: "schedule.invalidDate",
  invalidTime: "schedule.invalidTime",
  endTimeBeforeStartTime: "schedule.endTimeBeforeStartTime",
  endBeforeStart: "schedule.endBeforeStart",
  noWeekdays: "schedule.noWeekdays",
  invalidWeekday: "schedule.invalidWeekday",
  intervalOutOfRange: "schedule.intervalOutOfRange",
  invalidNth: "schedule.invalidNth",
} as const;

export type ScheduleErrorKey = (typeof SCHEDULE_ERRORS)[keyof typeof SCHEDULE_ERRORS];

/** Thrown by {@link generateSessions} for a schedule that {@link validateSchedule} rejects. */
export class InvalidScheduleError extends Error {
  readonly errors: Record<string, string>;

  constructor(errors: Record<string, string>) {
    super(`Invalid schedule: ${JSON.stringify(errors)}`);
    this.name = "InvalidScheduleError";
    this.errors = errors;
  }
}

function isIsoWeekday(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 7;
}

function isText(value: unknown): value is string {
  return typeof value === "string";
}

/**
 * Field name → error message key; empty when the schedule is valid. Checks values at run time
 * too, because schedules arrive from forms and JSON where the static type is only a promise.
 */
export function validateSchedule(schedule: Schedule): Record<string, string> {
  const errors: Record<string, string> = {};

  const startTimeOk = isText(schedule.startTime) && isValidLocalTime(schedule.startTime);
  const endTimeOk = isText(schedule.endTime) && isValidLocalTime(schedule.endTime);
  if (!startTimeOk) errors.startTime = SCHEDULE_ERRORS.invalidTime;
  if (!endTimeOk) errors.endTime = SCHEDULE_ERRORS.invalidTime;
  // Same-day "HH:MM" strings compare in clock order.
  if (startTimeOk && endTimeOk && schedule.endTime <= schedule.startTime) {
    errors.endTime = SCHEDULE_ERRORS.endTimeBeforeStartTime;
  }

  switch (schedule.kind) {
    case "once":
      if (!isText(schedule.date) || !isValidLocalDate(schedule.date)) {
        errors.date = SCHEDULE_ERRORS.invalidDate;
      }
      break;
    case "weekly":
    case "monthly": {
      const startOk = isText(schedule.startDate) && isValidLocalDate(schedule.startDate);
      const endOk = isText(schedule.endDate) && isValidLocalDate(schedule.endDate);
      if (!startOk) errors.startDate = SCHEDULE_ERRORS.invalidDate;
      if (!endOk) errors.endDate = SCHEDULE_ERRORS.invalidDate;
      // Fixed-width dates compare in calendar order.
      if (startOk && endOk && schedule.endDate < schedule.startDate) {
        errors.endDate = SCHEDULE_ERRORS.endBeforeStart;
      }
      if (schedule.kind === "weekly") {
        const interval = schedule.intervalWeeks;
        if (!Number.isInteger(interval) || interval < 1 || interval > MAX_INTERVAL_WEEKS) {
          errors.intervalWeeks = SCHEDULE_ERRORS.intervalOutOfRange;
        }
        if (!Array.isArray(schedule.weekdays) || schedule.weekdays.length === 0) {
          errors.weekdays = SCHEDULE_ERRORS.noWeekdays;
        } else if (!schedule.weekdays.every(isIsoWeekday)) {
          errors.weekdays = SCHEDULE_ERRORS.invalidWeekday;
        }
      } else {
        if (!isIsoWeekday(schedule.weekday)) errors.weekday = SCHEDULE_ERRORS.invalidWeekday;
        const nth: number = schedule.nth;
        if (![1, 2, 3, 4, -1].includes(nth)) errors.nth = SCHEDULE_ERRORS.invalidNth;
      }
      break;
    }
    default:
      errors.kind = SCHEDULE_ERRORS.invalidKind;
  }
  return errors;
}

/**
 * The last date a schedule starting on `startDate` may produce sessions on: the day before the
 * {@link MAX_SPAN_YEARS}-year anniversary (the anniversary of 29 February is 1 March), or
 * `endDate` if that is earlier. Useful to tell staff where a long schedule will stop.
 */
export function clipEndDate(startDate: LocalDate, endDate: LocalDate): LocalDate {
  const { year, month, day } = parseLocalDate(startDate);
  const anniversaryYear = year + MAX_SPAN_YEARS;
  const anniversary =
    day > daysInMonth(anniversaryYear, month)
      ? addDays(formatLocalDate(anniversaryYear, month, daysInMonth(anniversaryYear, month)), 1)
      : formatLocalDate(anniversaryYear, month, day);
  const limit = addDays(anniversary, -1);
  return endDate < limit ? endDate : limit;
}

function scheduledDates(schedule: Schedule): LocalDate[] {
  if (schedule.kind === "once") return [schedule.date];

  const first = toDayNumber(schedule.startDate);
  const last = toDayNumber(clipEndDate(schedule.startDate, schedule.endDate));
  const dates: LocalDate[] = [];

  if (schedule.kind === "weekly") {
    const weekdays = [...new Set(schedule.weekdays)].sort((a, b) => a - b);
    // Week parity is anchored to the ISO week of startDate, so "every other week" keeps its
    // rhythm no matter which weekday the schedule happens to start on.
    let monday = toDayNumber(isoWeekMonday(isoWeekOf(schedule.startDate)));
    for (; monday <= last && dates.length < MAX_SESSIONS; monday += 7 * schedule.intervalWeeks) {
      for (const weekday of weekdays) {
        const day = monday + weekday - 1;
        if (day >= first && day <= last && dates.length < MAX_SESSIONS) {
          dates.push(fromDayNumber(day));
        }
      }
    }
    return dates;
  }

  const start = parseLocalDate(schedule.startDate);
  let year = start.year;
  let month = start.month;
  while (dates.length < MAX_SESSIONS) {
    const day = nthWeekdayOfMonth(year, month, schedule.weekday, schedule.nth);
    if (day !== null) {
      const dayNumber = daysFromCivil(year, month, day);
      if (dayNumber > last) break;
      if (dayNumber >= first) dates.push(formatLocalDate(year, month, day));
    } else if (daysFromCivil(year, month, 1) > last) {
      break;
    }
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return dates;
}

/** Day of month of the nth ISO weekday (-1 = last), or null when the month has no such day. */
export function nthWeekdayOfMonth(
  year: number,
  month: number,
  weekday: number,
  nth: number,
): number | null {
  const length = daysInMonth(year, month);
  if (nth === -1) {
    const lastWeekday = isoWeekdayOfDayNumber(daysFromCivil(year, month, length));
    return length - ((lastWeekday - weekday + 7) % 7);
  }
  const firstWeekday = isoWeekdayOfDayNumber(daysFromCivil(year, month, 1));
  const day = 1 + ((weekday - firstWeekday + 7) % 7) + 7 * (nth - 1);
  return nth >= 1 && day <= length ? day : null;
}

function minutesOf(time: LocalTime): number {
  const { hour, minute } = parseLocalTime(time);
  return hour * 60 + minute;
}

/**
 * The sessions a schedule produces, sorted by start: at most {@link MAX_SESSIONS}, only on dates
 * before the {@link MAX_SPAN_YEARS}-year anniversary of the start date. Times are wall-clock
 * times in `timeZone`, so a 14:00 activity stays at 14:00 across daylight-saving changes.
 * Throws {@link InvalidScheduleError} for a schedule that {@link validateSchedule} rejects.
 */
export function generateSessions(
  schedule: Schedule,
  timeZone: string = TIME_ZONE,
): GeneratedSession[] {
  const errors = validateSchedule(schedule);
  if (Object.keys(errors).length > 0) throw new InvalidScheduleError(errors);

  const durationMs = (minutesOf(schedule.endTime) - minutesOf(schedule.startTime)) * 60_000;
  const sessions = scheduledDates(schedule).map((scheduledDate) => {
    const startsAt = zonedToUtc(scheduledDate, schedule.startTime, timeZone);
    let endsAt = zonedToUtc(scheduledDate, schedule.endTime, timeZone);
    // When the start falls in a spring-forward gap it is pushed an hour later and can land on
    // or after the end (02:30–03:00 becomes 03:30–03:00); keep the planned length instead of
    // storing a session that ends before it starts.
    if (endsAt.getTime() <= startsAt.getTime()) endsAt = new Date(startsAt.getTime() + durationMs);
    return { scheduledDate, startsAt, endsAt };
  });
  return sessions.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

// ---------------------------------------------------------------------------------------------
// Regeneration after a schedule edit.

export type ExistingSession = {
  id: number;
  scheduledDate: LocalDate;
  startsAt: Date;
  endsAt: Date;
  status: "scheduled" | "cancelled";
  moved: boolean;
  hasSignups: boolean;
};

export type RegenerationPlan = {
  create: GeneratedSession[];
  /** Time changed, session not moved by hand. Status is left as it is. */
  update: { id: number; startsAt: Date; endsAt: Date }[];
  /** No longer in the schedule, future, no sign-ups. */
  remove: number[];
  /** No longer in the schedule, future, has sign-ups: keep the row so people can be told. */
  cancel: number[];
  keep: number[];
};

/**
 * Rows that compete for one scheduledDate should not exist, but if they do, the one that
 * matters most to people is the one kept in the schedule.
 */
function preferredOf(a: ExistingSession, b: ExistingSession): ExistingSession {
  if (a.hasSignups !== b.hasSignups) return a.hasSignups ? a : b;
  if (a.status !== b.status) return a.status === "scheduled" ? a : b;
  return a.id <= b.id ? a : b;
}

/**
 * Plans how to bring `existing` sessions in line with freshly `generated` ones. Sessions are
 * matched by scheduledDate. Anything starting before `from` is history and only ever kept.
 * Every existing id ends up in exactly one of update/remove/cancel/keep, and each scheduledDate
 * appears at most once among existing sessions plus `create`.
 */
export function planRegeneration(
  existing: ExistingSession[],
  generated: GeneratedSession[],
  from: Date,
): RegenerationPlan {
  const plan: RegenerationPlan = { create: [], update: [], remove: [], cancel: [], keep: [] };
  const fromMs = from.getTime();
  const isPast = (session: { startsAt: Date }) => session.startsAt.getTime() < fromMs;

  const byDate = new Map<LocalDate, ExistingSession>();
  for (const session of existing) {
    const other = byDate.get(session.scheduledDate);
    byDate.set(session.scheduledDate, other ? preferredOf(other, session) : session);
  }

  const inSchedule = new Set<LocalDate>();
  const updates = new Map<number, { id: number; startsAt: Date; endsAt: Date }>();
  for (const session of generated) {
    if (inSchedule.has(session.scheduledDate)) continue;
    inSchedule.add(session.scheduledDate);
    const match = byDate.get(session.scheduledDate);
    if (!match) {
      if (!isPast(session)) plan.create.push(session);
      continue;
    }
    const timeChanged =
      match.startsAt.getTime() !== session.startsAt.getTime() ||
      match.endsAt.getTime() !== session.endsAt.getTime();
    // A hand-moved session keeps its time; so does one whose new time would already have
    // passed, since moving a future session into the past would make it vanish unannounced.
    if (timeChanged && !match.moved && !isPast(match) && !isPast(session)) {
      updates.set(match.id, { id: match.id, startsAt: session.startsAt, endsAt: session.endsAt });
    }
  }

  for (const session of existing) {
    const update = updates.get(session.id);
    const matched = byDate.get(session.scheduledDate) === session;
    if (update) {
      plan.update.push(update);
    } else if (isPast(session) || (matched && inSchedule.has(session.scheduledDate))) {
      plan.keep.push(session.id);
    } else if (session.hasSignups) {
      // An already-cancelled session has been announced; cancelling it again would notify twice.
      if (session.status === "cancelled") plan.keep.push(session.id);
      else plan.cancel.push(session.id);
    } else {
      plan.remove.push(session.id);
    }
  }
  return plan;
}
