/**
 * Calendar and wall-clock helpers for Europe/Stockholm, built on `Intl` only so the same code
 * runs in the browser and in Node without a date library.
 *
 * Calendar dates are handled as plain day numbers (days since 1970-01-01 in the proleptic
 * Gregorian calendar) rather than through `Date`, because `Date`'s local-time methods follow
 * the process's zone and `Date.UTC` maps years 0–99 to 1900–1999.
 */

/** "YYYY-MM-DD", a date on the wall calendar (no zone). */
export type LocalDate = string;
/** "HH:MM" in 24-hour form, a time on the wall clock (no zone). */
export type LocalTime = string;
export type IsoWeek = { year: number; week: number };
export type CivilDate = { year: number; month: number; day: number };

export const TIME_ZONE = "Europe/Stockholm";

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ISO_WEEK_RE = /^(\d{4})-W(\d{2})$/;
const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z?$/;

// ---------------------------------------------------------------------------------------------
// Day-number arithmetic (Howard Hinnant's civil-from-days algorithms).

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** Days since 1970-01-01 for a proleptic Gregorian date; month is 1–12. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = floorDiv(153 * mp + 2, 5) + day - 1;
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Inverse of {@link daysFromCivil}. */
export function civilFromDays(days: number): CivilDate {
  const z = days + 719_468;
  const era = floorDiv(z, 146_097);
  const doe = z - era * 146_097;
  const yoe = floorDiv(
    doe - floorDiv(doe, 1460) + floorDiv(doe, 36_524) - floorDiv(doe, 146_096),
    365,
  );
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
  const mp = floorDiv(5 * doy + 2, 153);
  const day = doy - floorDiv(153 * mp + 2, 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

export function formatLocalDate(year: number, month: number, day: number): LocalDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function formatLocalTime(hour: number, minute: number): LocalTime {
  return `${pad(hour, 2)}:${pad(minute, 2)}`;
}

/** Splits a valid LocalDate into numbers; throws RangeError otherwise. */
export function parseLocalDate(date: LocalDate): CivilDate {
  const match = LOCAL_DATE_RE.exec(date);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
      return { year, month, day };
    }
  }
  throw new RangeError(`Invalid local date: ${JSON.stringify(date)}`);
}

/** Splits a valid LocalTime into numbers; throws RangeError otherwise. */
export function parseLocalTime(time: LocalTime): { hour: number; minute: number } {
  const match = LOCAL_TIME_RE.exec(time);
  if (!match) throw new RangeError(`Invalid local time: ${JSON.stringify(time)}`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

export function isValidLocalDate(text: string): boolean {
  const match = LOCAL_DATE_RE.exec(text);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function isValidLocalTime(text: string): boolean {
  return LOCAL_TIME_RE.test(text);
}

/** Days since 1970-01-01 for a LocalDate. */
export function toDayNumber(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  return daysFromCivil(year, month, day);
}

export function fromDayNumber(days: number): LocalDate {
  const { year, month, day } = civilFromDays(days);
  return formatLocalDate(year, month, day);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `a` to `b` (b − a); negative when b is earlier. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** ISO weekday (Monday = 1) of a day number from {@link toDayNumber}. */
export function isoWeekdayOfDayNumber(days: number): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return mod(days + 3, 7) + 1;
}

/** ISO weekday: Monday = 1 … Sunday = 7. */
export function isoWeekday(date: LocalDate): number {
  return isoWeekdayOfDayNumber(toDayNumber(date));
}

/**
 * Adds calendar months, clamping the day to the end of a shorter month
 * (2026-01-31 + 1 month = 2026-02-28).
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const { year, month, day } = parseLocalDate(date);
  const index = year * 12 + (month - 1) + months;
  const newYear = floorDiv(index, 12);
  const newMonth = mod(index, 12) + 1;
  return formatLocalDate(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
}

// ---------------------------------------------------------------------------------------------
// ISO 8601 weeks.

export function isoWeekOf(date: LocalDate): IsoWeek {
  const days = toDayNumber(date);
  // The ISO year of a week is the calendar year of its Thursday.
  const thursday = days - isoWeekdayOfDayNumber(days) + 4;
  const year = civilFromDays(thursday).year;
  const week = floorDiv(thursday - daysFromCivil(year, 1, 1), 7) + 1;
  return { year, week };
}

function week1MondayDayNumber(year: number): number {
  // 4 January is always in week 1.
  const jan4 = daysFromCivil(year, 1, 4);
  return jan4 - isoWeekdayOfDayNumber(jan4) + 1;
}

export function weeksInIsoYear(year: number): number {
  // 28 December is always in the last ISO week of its year.
  return isoWeekOf(formatLocalDate(year, 12, 28)).week;
}

/** Monday of the given ISO week; week may overflow the year, it is counted from week 1. */
export function isoWeekMonday(week: IsoWeek): LocalDate {
  return fromDayNumber(week1MondayDayNumber(week.year) + (week.week - 1) * 7);
}

export function parseIsoWeek(text: string): IsoWeek | null {
  const match = ISO_WEEK_RE.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (week < 1 || week > weeksInIsoYear(year)) return null;
  return { year, week };
}

export function formatIsoWeek(week: IsoWeek): string {
  return `${pad(week.year, 4)}-W${pad(week.week, 2)}`;
}

export function addWeeks(week: IsoWeek, n: number): IsoWeek {
  return isoWeekOf(addDays(isoWeekMonday(week), n * 7));
}

// ---------------------------------------------------------------------------------------------
// Zone conversion.

// Creating a DateTimeFormat costs far more than using one, so keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

type WallClock = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
};

function wallClockAt(epochMs: number, timeZone: string): WallClock {
  const wall: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    switch (part.type) {
      case "year":
        wall.year = Number(part.value);
        break;
      case "month":
        wall.month = Number(part.value);
        break;
      case "day":
        wall.day = Number(part.value);
        break;
      case "hour":
        // Some older engines print midnight as "24" even with h23.
        wall.hour = Number(part.value) % 24;
        break;
      case "minute":
        wall.minute = Number(part.value);
        break;
      case "second":
        wall.second = Number(part.value);
        break;
    }
  }
  return wall;
}

/** The wall clock read as if it were UTC, in epoch milliseconds. */
function wallClockMs(wall: WallClock): number {
  return (
    daysFromCivil(wall.year, wall.month, wall.day) * MS_PER_DAY +
    ((wall.hour * 60 + wall.minute) * 60 + wall.second) * 1000
  );
}

/** UTC offset of the zone at an instant, in milliseconds (positive east of Greenwich). */
function offsetAt(epochMs: number, timeZone: string): number {
  const wholeSecond = epochMs - mod(epochMs, 1000);
  return wallClockMs(wallClockAt(wholeSecond, timeZone)) - wholeSecond;
}

// Offsets at 00:00 UTC of each day. Neighbouring dates share probes, so converting a run of
// dates costs about one Intl call per new date and none for further times on a known date.
const midnightOffsetCache = new Map<string, Map<number, number>>();
const MIDNIGHT_OFFSET_CACHE_LIMIT = 50_000;

function offsetAtUtcMidnight(dayNumber: number, timeZone: string): number {
  let perZone = midnightOffsetCache.get(timeZone);
  if (!perZone) {
    perZone = new Map();
    midnightOffsetCache.set(timeZone, perZone);
  }
  let offset = perZone.get(dayNumber);
  if (offset === undefined) {
    offset = offsetAt(dayNumber * MS_PER_DAY, timeZone);
    if (perZone.size >= MIDNIGHT_OFFSET_CACHE_LIMIT) perZone.clear();
    perZone.set(dayNumber, offset);
  }
  return offset;
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `time`.
 *
 * A time skipped by a spring-forward change is moved forward by the length of the gap
 * (02:30 on 2026-03-29 becomes 03:30 CEST); a time that occurs twice in an autumn change
 * resolves to the earlier instant (02:30 CEST, not 02:30 CET). Throws RangeError for an
 * invalid date, time or zone.
 */
export function zonedToUtc(date: LocalDate, time: LocalTime, timeZone: string = TIME_ZONE): Date {
  const dayNumber = toDayNumber(date);
  const { hour, minute } = parseLocalTime(time);
  const local = dayNumber * MS_PER_DAY + (hour * 60 + minute) * MS_PER_MINUTE;
  // Real offsets stay within ±14 h, so every candidate instant for this wall day lies between
  // these two probes; no zone changes its offset twice within three days.
  const before = offsetAtUtcMidnight(dayNumber - 1, timeZone);
  const after = offsetAtUtcMidnight(dayNumber + 2, timeZone);
  if (before === after) return new Date(local - before);

  const earlier = local - before;
  const later = local - after;
  const earlierValid = offsetAt(earlier, timeZone) === before;
  const laterValid = offsetAt(later, timeZone) === after;
  if (earlierValid && laterValid) return new Date(Math.min(earlier, later));
  if (earlierValid) return new Date(earlier);
  if (laterValid) return new Date(later);
  // In the gap neither offset fits; reading the time with the pre-change offset lands exactly
  // the gap's length after the requested wall time.
  return new Date(earlier);
}

/** Wall-clock date, time (seconds dropped) and ISO weekday of an instant in `timeZone`. */
export function utcToZoned(
  instant: Date,
  timeZone: string = TIME_ZONE,
): { date: LocalDate; time: LocalTime; weekday: number } {
  const epochMs = instant.getTime();
  if (Number.isNaN(epochMs)) throw new RangeError("Invalid Date");
  const utcDay = floorDiv(epochMs, MS_PER_DAY);
  const atStart = offsetAtUtcMidnight(utcDay, timeZone);
  // Same offset at both ends of the UTC day means no change within it, so the cached probe
  // answers for every instant of the day; only days with a change need their own Intl call.
  const offset =
    atStart === offsetAtUtcMidnight(utcDay + 1, timeZone) ? atStart : offsetAt(epochMs, timeZone);
  const local = epochMs + offset;
  const dayNumber = floorDiv(local, MS_PER_DAY);
  const minuteOfDay = floorDiv(local - dayNumber * MS_PER_DAY, MS_PER_MINUTE);
  const { year, month, day } = civilFromDays(dayNumber);
  return {
    date: formatLocalDate(year, month, day),
    time: formatLocalTime(floorDiv(minuteOfDay, 60), minuteOfDay % 60),
    weekday: isoWeekdayOfDayNumber(dayNumber),
  };
}

export function todayIn(now: Date, timeZone: string = TIME_ZONE): LocalDate {
  return utcToZoned(now, timeZone).date;
}

// ---------------------------------------------------------------------------------------------
// Storage form of instants.

/**
 * "2026-03-29T12:00:00Z": UTC with whole seconds and a fixed width, so that comparing the stored
 * strings (as SQLite does) orders them in time. Milliseconds are truncated.
 */
export function toInstantString(d: Date): string {
  // toISOString throws RangeError for an invalid Date, which is what we want.
  return `${d.toISOString().slice(0, 19)}Z`;
}

/**
 * Parses a stored instant. Besides the canonical form it accepts a space instead of "T",
 * fractional seconds and a missing "Z" (read as UTC), which is what SQLite's own
 * `datetime('now')` / CURRENT_TIMESTAMP produce. Throws RangeError for anything else.
 */
export function fromInstantString(s: string): Date {
  const match = INSTANT_RE.exec(s);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    const hour = Number(match[4]);
    const minute = Number(match[5]);
    const second = Number(match[6]);
    // Digits beyond milliseconds are dropped rather than rounded, like toInstantString does.
    const millis = match[7] ? Number(match[7].slice(0, 3).padEnd(3, "0")) : 0;
    if (
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysInMonth(year, month) &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59
    ) {
      return new Date(
        daysFromCivil(year, month, day) * MS_PER_DAY +
          ((hour * 60 + minute) * 60 + second) * 1000 +
          millis,
      );
    }
  }
  throw new RangeError(`Invalid instant string: ${JSON.stringify(s)}`);
}
