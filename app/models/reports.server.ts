import { sql, type Expression, type RawBuilder } from "kysely";
import type { Audience } from "#db/schema";
import {
  averagePerSession,
  instantBounds,
  parseRange,
  rollUp,
  showUpRate,
  totalOf,
  trendSlope,
  weekBuckets,
  weeklySums,
  type DateRange,
  type RangeProblem,
  type Turnout,
} from "~/domain/reports";
import { todayIn } from "~/domain/time";
import type { MessageKey } from "~/i18n/sv";
import { dataVersion, versionedCache } from "~/utils/data-version.server";
import type { DB } from "~/utils/db.server";
import { env } from "~/utils/env.server";

// Definitions of what is counted: see app/domain/reports.ts. Every query here reads sessions by
// a range on starts_at (for a place or an area, each activity's own through
// occurrences_activity_starts_at), joins attendance by its key (the headcount and the people
// signed up, kept there) and groups in SQL, so a loader moves one row per week and place or per
// activity, never one per session.

export type ReportFilters = { placeId?: number; areaId?: number };

const collator = new Intl.Collator("sv");

/** Places and areas for the filter form. */
export async function reportOptions(db: DB) {
  const [places, areas] = await Promise.all([
    db.selectFrom("places").select(["id", "slug", "name"]).execute(),
    db.selectFrom("areas").select(["id", "slug", "name"]).execute(),
  ]);
  const byName = (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name);
  return { places: places.sort(byName), areas: areas.sort(byName) };
}

export type ReportOptions = Awaited<ReturnType<typeof reportOptions>>;

export type ReportQueryValues = { from: string; to: string; place: string; area: string };
/** Per field, the message to show beside it. */
export type ReportQueryErrors = Partial<Record<keyof ReportQueryValues, MessageKey>>;

const RANGE_MESSAGES: Record<RangeProblem, MessageKey> = {
  date: "reports.error.date",
  order: "reports.error.order",
  tooLong: "reports.error.tooLong",
};

/**
 * The report pages' query: `from`, `to` (local dates, inclusive), `place` and `area` (slugs).
 * `values` is what the form shows again: the range actually used, or what was typed.
 */
export function parseReportQuery(params: URLSearchParams, options: ReportOptions, now: Date) {
  const typed: ReportQueryValues = {
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    place: params.get("place") ?? "",
    area: params.get("area") ?? "",
  };
  const errors: ReportQueryErrors = {};
  const parsed = parseRange(typed, todayIn(now));
  if (!parsed.ok) {
    if (parsed.errors.from) errors.from = RANGE_MESSAGES[parsed.errors.from];
    if (parsed.errors.to) errors.to = RANGE_MESSAGES[parsed.errors.to];
  }
  const place = options.places.find((option) => option.slug === typed.place);
  const area = options.areas.find((option) => option.slug === typed.area);
  if (typed.place && !place) errors.place = "reports.error.place";
  if (typed.area && !area) errors.area = "reports.error.area";
  if (!parsed.ok || Object.keys(errors).length > 0) {
    return { ok: false as const, errors, values: typed };
  }
  const filters: ReportFilters = { placeId: place?.id, areaId: area?.id };
  return {
    ok: true as const,
    range: parsed.range,
    filters,
    values: { ...typed, from: parsed.range.from, to: parsed.range.to },
  };
}

/** Sessions with attendance that start within the range and match the filters. */
function countedSessions(db: DB, range: DateRange, filters: ReportFilters) {
  const bounds = instantBounds(range);
  let query = db
    .selectFrom("occurrences as o")
    .innerJoin("attendance as at", "at.occurrence_id", "o.id")
    .innerJoin("activities as a", "a.id", "o.activity_id")
    .where("o.starts_at", ">=", bounds.from)
    .where("o.starts_at", "<", bounds.to);
  if (filters.placeId !== undefined) query = query.where("a.place_id", "=", filters.placeId);
  if (filters.areaId !== undefined) query = query.where("a.area_id", "=", filters.areaId);
  return query;
}

/**
 * The index of the bucket [boundaries[i], boundaries[i + 1]) holding `value`, as a balanced tree
 * of CASE expressions: about log2(weeks) comparisons per row, and plain SQL on any database.
 * Stored instants are fixed-width UTC strings, so comparing them as text compares them in time.
 */
function bucketIndex(
  value: Expression<string>,
  boundaries: string[],
  low = 0,
  high = boundaries.length - 1,
): RawBuilder<number> {
  if (high - low <= 1) return sql<number>`${sql.lit(low)}`;
  const middle = Math.floor((low + high) / 2);
  return sql<number>`case when ${value} < ${boundaries[middle]} then ${bucketIndex(
    value,
    boundaries,
    low,
    middle,
  )} else ${bucketIndex(value, boundaries, middle, high)} end`;
}

/** Visitors per ISO week and place (sessions without a place as `place: null`), and the trend. */
export async function weeklyReport(db: DB, range: DateRange, filters: ReportFilters) {
  const buckets = weekBuckets(range);
  const boundaries = [...buckets.map((bucket) => bucket.start), instantBounds(range).to];
  // Weeks are cut at local midnight, so the database groups by the week boundaries computed in
  // Stockholm time here; the domain then names each group's week from one of its instants.
  const week = bucketIndex(sql.ref<string>("o.starts_at"), boundaries);
  let grouped = countedSessions(db, range, filters)
    .select((eb) => [
      "a.place_id",
      eb.fn.min<string>("o.starts_at").as("starts_at"),
      eb.fn.sum<number>("at.headcount").as("visitors"),
      eb.fn.countAll<number>().as("sessions"),
    ])
    .groupBy("a.place_id");
  // Within one week there is nothing to split, and a lone constant in GROUP BY would be read as
  // a column number.
  if (buckets.length > 1) grouped = grouped.groupBy(week);
  // Places are named after grouping, once per week rather than once per session.
  const rows = await db
    .selectFrom(grouped.as("w"))
    .leftJoin("places as p", "p.id", "w.place_id")
    .select(["w.place_id", "p.name as place_name", "w.starts_at", "w.visitors", "w.sessions"])
    .execute();

  const names = new Map(rows.map((row) => [row.place_id, row.place_name]));
  const sums = weeklySums(
    range,
    rows.map((row) => ({
      series: row.place_id,
      startsAt: row.starts_at,
      visitors: Number(row.visitors),
      sessions: Number(row.sessions),
    })),
  );
  const places = sums.series
    .map((series) => ({
      id: series.series,
      name: names.get(series.series) ?? null,
      visitors: series.visitors,
      sessions: series.sessions,
    }))
    // Places by name; sessions elsewhere (outdoors, the area office) last.
    .sort((a, b) =>
      a.name === null ? 1 : b.name === null ? -1 : collator.compare(a.name, b.name),
    );
  // A week cut by the range would read as a dip, so the slope uses full weeks only.
  const fullWeeks = sums.total.filter((_, index) => !sums.weeks[index].partial);
  return {
    weeks: sums.weeks,
    places,
    total: sums.total,
    slope: trendSlope(fullWeeks.map((turnout) => turnout.visitors)),
    sum: totalOf(sums.total),
  };
}

export type ActivityTurnout = Turnout & {
  id: number;
  slug: string;
  title: string;
  status: string;
  audience: Audience;
  areaSlug: string;
  areaName: string;
  placeName: string | null;
  average: number | null;
};

/** Visitors, sessions and average per session for each activity counted in the range. */
export async function activityTurnout(
  db: DB,
  range: DateRange,
  filters: ReportFilters,
): Promise<ActivityTurnout[]> {
  // Grouped by the activity alone: for a place or an area SQLite reads the activities in id
  // order from their index and sorts no sessions, as it must when the group names every column
  // shown. The names are joined to the sums after.
  const sums = countedSessions(db, range, filters)
    .select((eb) => [
      "a.id as activity_id",
      eb.fn.sum<number>("at.headcount").as("visitors"),
      eb.fn.countAll<number>().as("sessions"),
    ])
    .groupBy("a.id");
  const rows = await db
    .selectFrom(sums.as("t"))
    .innerJoin("activities as a", "a.id", "t.activity_id")
    .innerJoin("areas as ar", "ar.id", "a.area_id")
    .leftJoin("places as p", "p.id", "a.place_id")
    .select([
      "a.id",
      "a.slug",
      "a.title",
      "a.status",
      "a.audience",
      "ar.slug as area_slug",
      "ar.name as area_name",
      "p.name as place_name",
      "t.visitors",
      "t.sessions",
    ])
    .execute();
  return rows
    .map((row) => {
      const turnout = { visitors: Number(row.visitors), sessions: Number(row.sessions) };
      return {
        id: row.id,
        slug: row.slug,
        title: row.title,
        status: row.status,
        audience: row.audience,
        areaSlug: row.area_slug,
        areaName: row.area_name,
        placeName: row.place_name,
        ...turnout,
        average: averagePerSession(turnout),
      };
    })
    .sort((a, b) => collator.compare(a.title, b.title));
}

/** Per area and per audience, rolled up from the activities (an activity has one of each). */
export function turnoutGroups(activities: ActivityTurnout[]) {
  const areaNames = new Map(activities.map((row) => [row.areaSlug, row.areaName]));
  const areas = rollUp(activities, (row) => row.areaSlug).map((row) => ({
    ...row,
    name: areaNames.get(row.key) ?? row.key,
  }));
  const audiences = rollUp(activities, (row) => row.audience);
  return {
    areas: areas.sort((a, b) => collator.compare(a.name, b.name)),
    audiences,
    total: totalOf(activities),
  };
}

/**
 * Show-up per activity: the one place that decides who counts as having come. Who was signed up
 * for a session is attendance.signed_up (the view session_sign_ups, kept by triggers). Until
 * staff check in sign-ups, a session's "showed up" is min(headcount, signed up)
 * (showedUpFromHeadcount in the domain); to use check-ins, replace `showed_up` below with the
 * people checked in at the session, and nothing else changes.
 */
export async function showUpReport(db: DB, range: DateRange, filters: ReportFilters) {
  const sums = countedSessions(db, range, filters)
    .select((eb) => [
      "a.id as activity_id",
      eb.fn.countAll<number>().as("sessions"),
      eb.fn.sum<number>("at.signed_up").as("signed_up"),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when("at.headcount", "<", eb.ref("at.signed_up"))
            .then(eb.ref("at.headcount"))
            .else(eb.ref("at.signed_up"))
            .end(),
        )
        .as("showed_up"),
    ])
    .where("at.signed_up", ">", 0)
    .groupBy("a.id");
  const rows = await db
    .selectFrom(sums.as("t"))
    .innerJoin("activities as a", "a.id", "t.activity_id")
    .select(["a.id", "a.slug", "a.title", "t.sessions", "t.signed_up", "t.showed_up"])
    .execute();
  const activities = rows
    .map((row) => {
      const counts = {
        sessions: Number(row.sessions),
        signedUp: Number(row.signed_up),
        showedUp: Number(row.showed_up),
      };
      return { id: row.id, slug: row.slug, title: row.title, ...showUpRate([counts]) };
    })
    .sort((a, b) => collator.compare(a.title, b.title));
  return { activities, total: showUpRate(activities) };
}

export type FullReport = Awaited<ReturnType<typeof computeFullReport>>;

async function computeFullReport(db: DB, range: DateRange, filters: ReportFilters) {
  const [weekly, activities, showUp] = await Promise.all([
    weeklyReport(db, range, filters),
    activityTurnout(db, range, filters),
    showUpReport(db, range, filters),
  ]);
  return { weekly, activities, groups: turnoutGroups(activities), showUp };
}

// Staff open the same reports again and again (the month, the year, one place) while the figures
// stay put; each is kept until the data version moves, i.e. until anything is written. Off with
// the page cache (PAGE_CACHE_MB=0), so that the cost of computing one can be measured.
const REPORTS_KEPT = 32;
const reports = versionedCache<FullReport>({ limit: REPORTS_KEPT });

/** The report page's figures: weekly, per activity, per area and audience, and show-up. */
export async function fullReport(db: DB, range: DateRange, filters: ReportFilters) {
  if (env.PAGE_CACHE_MB <= 0) return computeFullReport(db, range, filters);
  return reports.get(JSON.stringify([range, filters]), await dataVersion(db), () =>
    computeFullReport(db, range, filters),
  );
}
