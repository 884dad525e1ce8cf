import type { Transaction } from "kysely";
import type { Database, SchedulesTable } from "#db/schema";
import {
  generateSessions,
  planRegeneration,
  type RegenerationPlan,
  type Schedule,
} from "~/domain/recurrence";
import { fromInstantString, toInstantString } from "~/domain/time";
import type { DB } from "~/utils/db.server";

type Executor = DB | Transaction<Database>;

export function scheduleToRow(
  schedule: Schedule,
): Omit<SchedulesTable, "id" | "activity_id" | "created_at" | "updated_at"> {
  switch (schedule.kind) {
    case "once":
      return {
        kind: "once",
        interval_weeks: null,
        weekdays: null,
        nth: null,
        weekday: null,
        start_date: schedule.date,
        end_date: schedule.date,
        start_time: schedule.startTime,
        end_time: schedule.endTime,
      };
    case "weekly":
      return {
        kind: "weekly",
        interval_weeks: schedule.intervalWeeks,
        weekdays: schedule.weekdays.join(","),
        nth: null,
        weekday: null,
        start_date: schedule.startDate,
        end_date: schedule.endDate,
        start_time: schedule.startTime,
        end_time: schedule.endTime,
      };
    case "monthly":
      return {
        kind: "monthly",
        interval_weeks: null,
        weekdays: null,
        nth: schedule.nth,
        weekday: schedule.weekday,
        start_date: schedule.startDate,
        end_date: schedule.endDate,
        start_time: schedule.startTime,
        end_time: schedule.endTime,
      };
  }
}

/**
 * Stores an activity's schedule and brings its sessions in line with it: new dates are added,
 * changed times follow, and cancellations and moves made by staff survive. Sessions that start
 * before `from` are history and stay as they are.
 */
export async function saveSchedule(
  db: Executor,
  activityId: number,
  schedule: Schedule,
  now: Date,
  from: Date = now,
): Promise<RegenerationPlan> {
  const save = async (trx: Executor) => {
    const stamp = toInstantString(now);
    const row = scheduleToRow(schedule);
    const current = await trx
      .selectFrom("schedules")
      .select("id")
      .where("activity_id", "=", activityId)
      .executeTakeFirst();
    const scheduleId = current
      ? (await trx
          .updateTable("schedules")
          .set({ ...row, updated_at: stamp })
          .where("id", "=", current.id)
          .execute(),
        current.id)
      : (
          await trx
            .insertInto("schedules")
            .values({ ...row, activity_id: activityId, created_at: stamp, updated_at: stamp })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id;
    return applyPlan(trx, activityId, scheduleId, generateSessions(schedule), from, stamp);
  };
  return db.isTransaction ? save(db) : db.transaction().execute(save);
}

async function applyPlan(
  trx: Executor,
  activityId: number,
  scheduleId: number,
  generated: ReturnType<typeof generateSessions>,
  from: Date,
  stamp: string,
): Promise<RegenerationPlan> {
  const rows = await trx
    .selectFrom("occurrences as o")
    .select((eb) => [
      "o.id",
      "o.scheduled_date",
      "o.starts_at",
      "o.ends_at",
      "o.status",
      "o.moved",
      eb
        .exists(eb.selectFrom("rsvps as r").select("r.id").whereRef("r.occurrence_id", "=", "o.id"))
        .as("has_signups"),
    ])
    .where("o.activity_id", "=", activityId)
    .execute();
  // A dropped date with sign-ups is cancelled (people can be told), never deleted.
  const existing = rows.map((row) => ({
    id: row.id,
    scheduledDate: row.scheduled_date,
    startsAt: fromInstantString(row.starts_at),
    endsAt: fromInstantString(row.ends_at),
    status: row.status,
    moved: row.moved === 1,
    hasSignups: Boolean(row.has_signups),
  }));
  const plan = planRegeneration(existing, generated, from);

  if (plan.create.length > 0) {
    await trx
      .insertInto("occurrences")
      .values(
        plan.create.map((session) => ({
          activity_id: activityId,
          schedule_id: scheduleId,
          scheduled_date: session.scheduledDate,
          starts_at: toInstantString(session.startsAt),
          ends_at: toInstantString(session.endsAt),
          room_id: null,
          location_name: null,
          capacity: null,
          cancel_reason: null,
          move_reason: null,
          created_at: stamp,
          updated_at: stamp,
        })),
      )
      .execute();
  }
  for (const change of plan.update) {
    await trx
      .updateTable("occurrences")
      .set((eb) => ({
        starts_at: toInstantString(change.startsAt),
        ends_at: toInstantString(change.endsAt),
        sequence: eb("sequence", "+", 1),
        updated_at: stamp,
      }))
      .where("id", "=", change.id)
      .execute();
  }
  if (plan.remove.length > 0) {
    await trx.deleteFrom("occurrences").where("id", "in", plan.remove).execute();
  }
  if (plan.cancel.length > 0) {
    await trx
      .updateTable("occurrences")
      .set((eb) => ({
        status: "cancelled",
        cancel_reason: "Schemat ändrades",
        sequence: eb("sequence", "+", 1),
        updated_at: stamp,
      }))
      .where("id", "in", plan.cancel)
      .execute();
  }
  return plan;
}
