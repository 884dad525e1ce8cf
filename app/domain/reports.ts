/**
 * Turnout report arithmetic over plain rows, framework-free.
 *
 * Definitions (the report page repeats them in its footnote):
 * - A session counts when it has an attendance row; its visitors are the headcount.
 * - A session belongs to the ISO week (Monday–Sunday) of the Stockholm-local date it starts on.
 * - Average per session = sum(headcount) / number of sessions with attendance.
 * - Show-up rate = Σ showed up / Σ people with a confirmed sign-up, over the sessions that had
 *   both confirmed sign-ups and attendance. Until check-ins exist, "showed up" for a session is
 *   min(headcount, people signed up): the headcount is all we know, and it also counts walk-ins.
 * - Trend = visitors per week over the range, with its least-squares slope.
 *
 * The database pre-aggregates (see app/models/reports.server.ts); these functions accept a
 * pre-aggregated row and a single session alike, so the tests can feed them single sessions.
 */
import { z } from "zod";
import {
  addDays,
  addMonths,
  formatIsoWeek,
  isValidLocalDate,
  isoWeekMonday,
  isoWeekOf,
  toInstantString,
  utcToZoned,
  zonedToUtc,
  type IsoWeek,
  type LocalDate,
} from "./time";

/** Local dates, both ends included. */
export type DateRange = { from: LocalDate; to: LocalDate };

const DEFAULT_WEEKS = 12;
const MAX_RANGE_MONTHS = 36;
// Dates outside this window are typing mistakes, and beyond year 9999 the stored instants would
// no longer sort as strings.
const FIRST_YEAR = 2000;
const LAST_YEAR = 2099;

/** The last `DEFAULT_WEEKS` full ISO weeks before the one `today` falls in. */
export function defaultRange(today: LocalDate): DateRange {
  const monday = isoWeekMonday(isoWeekOf(today));
  return { from: addDays(monday, -7 * DEFAULT_WEEKS), to: addDays(monday, -1) };
}

export type RangeProblem = "date" | "order" | "tooLong";
export type RangeErrors = { from?: RangeProblem; to?: RangeProblem };

const dateField = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined))
  .refine(
    (value) =>
      value === undefined ||
      (isValidLocalDate(value) &&
        Number(value.slice(0, 4)) >= FIRST_YEAR &&
        Number(value.slice(0, 4)) <= LAST_YEAR),
  );

/**
 * `?from=YYYY-MM-DD&to=YYYY-MM-DD`. Both missing: the default range. Only `from`: up to today.
 * Only `to`: the twelve weeks ending there. At most three years.
 */
export function parseRange(
  input: { from?: string | null; to?: string | null },
  today: LocalDate,
): { ok: true; range: DateRange } | { ok: false; errors: RangeErrors } {
  const from = dateField.safeParse(input.from ?? undefined);
  const to = dateField.safeParse(input.to ?? undefined);
  const errors: RangeErrors = {};
  if (!from.success) errors.from = "date";
  if (!to.success) errors.to = "date";
  if (!from.success || !to.success) return { ok: false, errors };

  const fallback = defaultRange(today);
  const end = to.data ?? (from.data ? today : fallback.to);
  const start = from.data ?? (to.data ? addDays(end, -7 * DEFAULT_WEEKS + 1) : fallback.from);
  if (end < start) return { ok: false, errors: { to: "order" } };
  if (start <= addMonths(end, -MAX_RANGE_MONTHS)) return { ok: false, errors: { from: "tooLong" } };
  return { ok: true, range: { from: start, to: end } };
}

/** The instants bounding a range in Stockholm time, as stored: [from, to). */
export function instantBounds(range: DateRange): { from: string; to: string } {
  return {
    from: toInstantString(zonedToUtc(range.from, "00:00")),
    to: toInstantString(zonedToUtc(addDays(range.to, 1), "00:00")),
  };
}

export type WeekBucket = {
  /** "2026-W49" */
  key: string;
  week: IsoWeek;
  /** The week's first and last day within the range. */
  first: LocalDate;
  last: LocalDate;
  /** The range cuts the week: its sum covers fewer than seven days. */
  partial: boolean;
  /** Local midnight at `first`, as a stored instant; the next bucket's `start` ends this one. */
  start: string;
};

/** Every ISO week the range touches, in order, clipped to the range. */
export function weekBuckets(range: DateRange): WeekBucket[] {
  const buckets: WeekBucket[] = [];
  let first = range.from;
  while (first <= range.to) {
    const week = isoWeekOf(first);
    const sunday = addDays(isoWeekMonday(week), 6);
    const last = sunday < range.to ? sunday : range.to;
    buckets.push({
      key: formatIsoWeek(week),
      week,
      first,
      last,
      partial: first !== isoWeekMonday(week) || last !== sunday,
      start: toInstantString(zonedToUtc(first, "00:00")),
    });
    first = addDays(last, 1);
  }
  return buckets;
}

/** The ISO week ("2026-W44") of the Stockholm-local date an instant falls on. */
export function weekKeyOf(instant: string): string {
  return formatIsoWeek(isoWeekOf(utcToZoned(new Date(instant)).date));
}

export type Turnout = { visitors: number; sessions: number };

/** A single session (`sessions: 1`) or several already summed, of one series (e.g. a place). */
export type WeeklyRow<K> = Turnout & { series: K; startsAt: string };

export type WeeklySeries<K> = { series: K; visitors: number[]; sessions: number[] };

export type WeeklySums<K> = {
  weeks: WeekBucket[];
  series: WeeklySeries<K>[];
  /** All series together, per week. */
  total: Turnout[];
};

/**
 * Visitors and sessions per week and series. Every week of the range is present, empty ones as
 * 0, so a chart shows the gaps. Rows outside the range are ignored.
 */
export function weeklySums<K>(range: DateRange, rows: WeeklyRow<K>[]): WeeklySums<K> {
  const weeks = weekBuckets(range);
  const index = new Map(weeks.map((bucket, i) => [bucket.key, i]));
  const bounds = instantBounds(range);
  const series = new Map<K, WeeklySeries<K>>();
  const total = weeks.map(() => ({ visitors: 0, sessions: 0 }));
  for (const row of rows) {
    if (row.startsAt < bounds.from || row.startsAt >= bounds.to) continue;
    const i = index.get(weekKeyOf(row.startsAt));
    if (i === undefined) continue;
    let entry = series.get(row.series);
    if (!entry) {
      entry = { series: row.series, visitors: weeks.map(() => 0), sessions: weeks.map(() => 0) };
      series.set(row.series, entry);
    }
    entry.visitors[i] += row.visitors;
    entry.sessions[i] += row.sessions;
    total[i].visitors += row.visitors;
    total[i].sessions += row.sessions;
  }
  return { weeks, series: [...series.values()], total };
}

/** sum(headcount) / sessions with attendance; null when nothing was counted. */
export function averagePerSession(turnout: Turnout): number | null {
  return turnout.sessions > 0 ? turnout.visitors / turnout.sessions : null;
}

export type Rolled<K> = Turnout & { key: K; average: number | null };

/**
 * Sums rows sharing a key (an activity's area, its audience …) and averages per session.
 * Keys keep the order in which they first appear.
 */
export function rollUp<R extends Turnout, K>(rows: R[], keyOf: (row: R) => K): Rolled<K>[] {
  const groups = new Map<K, Turnout>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key) ?? { visitors: 0, sessions: 0 };
    group.visitors += row.visitors;
    group.sessions += row.sessions;
    groups.set(key, group);
  }
  return [...groups].map(([key, turnout]) => ({
    key,
    ...turnout,
    average: averagePerSession(turnout),
  }));
}

/** Everything summed: the report's grand total. */
export function totalOf(rows: Turnout[]): Turnout & { average: number | null } {
  const total = rows.reduce(
    (sum, row) => ({
      visitors: sum.visitors + row.visitors,
      sessions: sum.sessions + row.sessions,
    }),
    { visitors: 0, sessions: 0 },
  );
  return { ...total, average: averagePerSession(total) };
}

/**
 * Who of those signed up came to one session, while only a headcount exists: everyone counted
 * may have been signed up, but no more than were. The SQL in reports.server.ts mirrors this.
 */
export function showedUpFromHeadcount(headcount: number, signedUp: number): number {
  return Math.max(0, Math.min(headcount, signedUp));
}

/** Sessions with confirmed sign-ups and attendance; one session or several summed. */
export type ShowUpRow = { sessions: number; signedUp: number; showedUp: number };

export type ShowUp = ShowUpRow & { rate: number | null };

/** Σ showed up / Σ signed up; null when nobody was signed up. */
export function showUpRate(rows: ShowUpRow[]): ShowUp {
  const sum = rows.reduce(
    (acc, row) => ({
      sessions: acc.sessions + row.sessions,
      signedUp: acc.signedUp + row.signedUp,
      showedUp: acc.showedUp + row.showedUp,
    }),
    { sessions: 0, signedUp: 0, showedUp: 0 },
  );
  return { ...sum, rate: sum.signedUp > 0 ? sum.showedUp / sum.signedUp : null };
}

/**
 * Least-squares slope of equally spaced values: the change per week of a weekly series.
 * Null with fewer than two weeks, where there is no trend to speak of.
 */
export function trendSlope(values: number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((sum, value) => sum + value, 0) / n;
  let covariance = 0;
  let variance = 0;
  values.forEach((value, x) => {
    covariance += (x - meanX) * (value - meanY);
    variance += (x - meanX) ** 2;
  });
  return covariance / variance;
}
