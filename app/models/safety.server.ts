import {
  addDays,
  addMonths,
  daysBetween,
  todayIn,
  toInstantString,
  zonedToUtc,
} from "~/domain/time";
import { audit } from "~/models/auth.server";
import type { DB } from "~/utils/db.server";

export type SafetyFigureInput = {
  areaId: number;
  periodLabel: string;
  periodEnd: string;
  shareSafe: number;
  respondents: number | null;
  source: string | null;
};

/** Stores one survey figure; one per area and period label, so a typo cannot double a year. */
export async function addSafetyFigure(
  db: DB,
  userId: number,
  input: SafetyFigureInput,
  now: Date,
): Promise<{ ok: true; id: number } | { ok: false; reason: "duplicate" | "area" }> {
  return db.transaction().execute(async (trx) => {
    const area = await trx
      .selectFrom("areas")
      .select("name")
      .where("id", "=", input.areaId)
      .executeTakeFirst();
    if (!area) return { ok: false, reason: "area" };
    const inserted = await trx
      .insertInto("safety_surveys")
      .values({
        area_id: input.areaId,
        period_label: input.periodLabel,
        period_end: input.periodEnd,
        share_safe: input.shareSafe,
        respondents: input.respondents,
        source: input.source,
        created_at: toInstantString(now),
        created_by: userId,
      })
      .onConflict((oc) => oc.columns(["area_id", "period_label"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) return { ok: false, reason: "duplicate" };
    await audit(
      trx,
      userId,
      "create",
      "safety_survey",
      inserted.id,
      `Trygghet ${area.name} ${input.periodLabel}: ${input.shareSafe} %`,
      now,
    );
    return { ok: true, id: inserted.id };
  });
}

export async function deleteSafetyFigure(
  db: DB,
  userId: number,
  figureId: number,
  now: Date,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom("safety_surveys")
      .where("id", "=", figureId)
      .returning(["period_label", "share_safe", "area_id"])
      .executeTakeFirst();
    if (!deleted) return false;
    await audit(
      trx,
      userId,
      "delete",
      "safety_survey",
      figureId,
      `Tog bort trygghetssiffran ${deleted.period_label} (${deleted.share_safe} %) för område ${deleted.area_id}`,
      now,
    );
    return true;
  });
}

/** One survey figure with the turnout of its period. */
export type SafetyFigureWithTurnout = {
  id: number;
  periodLabel: string;
  /** Local dates; the period starts the day after the area's previous survey period ended. */
  periodStart: string;
  periodEnd: string;
  shareSafe: number;
  /** Percentage points against the area's previous figure; null for the first. */
  change: number | null;
  respondents: number | null;
  source: string | null;
  /** Counted visitors (headcounts) at the area's activities in the period. */
  visitors: number;
  /** Sessions in the period that have a headcount. */
  sessionsCounted: number;
  /** Counted visitors per week over the part of the period that has passed; null when none. */
  visitorsPerWeek: number | null;
};

export type SafetyAreaReport = {
  areaId: number;
  areaName: string;
  areaSlug: string;
  /** Oldest period first, so a change reads left to right: 38 % → 48 %. */
  figures: SafetyFigureWithTurnout[];
};

/**
 * Visitors at an area's activities in [from, to] (local dates, inclusive): activities of the area
 * and activities at its meeting places, cancelled sessions left out.
 */
export async function areaTurnout(db: DB, areaId: number, from: string, to: string) {
  const row = await db
    .selectFrom("attendance as at")
    .innerJoin("occurrences as o", "o.id", "at.occurrence_id")
    .innerJoin("activities as a", "a.id", "o.activity_id")
    .leftJoin("places as p", "p.id", "a.place_id")
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>("at.headcount"), eb.lit(0)).as("visitors"),
      eb.fn.countAll<number>().as("sessions"),
    ])
    .where((eb) => eb.or([eb("a.area_id", "=", areaId), eb("p.area_id", "=", areaId)]))
    .where("o.status", "=", "scheduled")
    .where("o.starts_at", ">=", toInstantString(zonedToUtc(from, "00:00")))
    .where("o.starts_at", "<", toInstantString(zonedToUtc(addDays(to, 1), "00:00")))
    .executeTakeFirstOrThrow();
  return { visitors: Number(row.visitors), sessionsCounted: Number(row.sessions) };
}

/**
 * Every area's safety figures beside the turnout of the same periods: the reusable part of the
 * area report (/staff/safety shows it, /staff/reports can too). `areaId` narrows it to one area.
 */
export async function listSafetyFiguresWithTurnout(
  db: DB,
  options: { areaId?: number | null; now?: Date } = {},
): Promise<SafetyAreaReport[]> {
  let query = db
    .selectFrom("safety_surveys as s")
    .innerJoin("areas as ar", "ar.id", "s.area_id")
    .select([
      "s.id",
      "s.area_id",
      "s.period_label",
      "s.period_end",
      "s.share_safe",
      "s.respondents",
      "s.source",
      "ar.name as area_name",
      "ar.slug as area_slug",
    ]);
  if (options.areaId) query = query.where("s.area_id", "=", options.areaId);
  const rows = await query
    .orderBy("ar.name")
    .orderBy("s.period_end")
    .orderBy("s.period_label")
    .execute();
  const today = todayIn(options.now ?? new Date());

  const reports = new Map<number, SafetyAreaReport>();
  for (const row of rows) {
    const report = reports.get(row.area_id) ?? {
      areaId: row.area_id,
      areaName: row.area_name,
      areaSlug: row.area_slug,
      figures: [],
    };
    reports.set(row.area_id, report);
    const previous = report.figures.at(-1);
    // The first survey of an area covers the year up to its end date.
    const periodStart =
      previous && previous.periodEnd < row.period_end
        ? addDays(previous.periodEnd, 1)
        : addDays(addMonths(row.period_end, -12), 1);
    const turnout = await areaTurnout(db, row.area_id, periodStart, row.period_end);
    const lastCounted = row.period_end < today ? row.period_end : today;
    const days = daysBetween(periodStart, lastCounted) + 1;
    report.figures.push({
      id: row.id,
      periodLabel: row.period_label,
      periodStart,
      periodEnd: row.period_end,
      shareSafe: row.share_safe,
      change: previous ? Math.round((row.share_safe - previous.shareSafe) * 10) / 10 : null,
      respondents: row.respondents,
      source: row.source,
      ...turnout,
      visitorsPerWeek:
        turnout.sessionsCounted > 0 && days > 0
          ? Math.round((turnout.visitors / days) * 7 * 10) / 10
          : null,
    });
  }
  return [...reports.values()];
}
