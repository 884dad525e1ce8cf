import type { Kysely } from "kysely";
import type { Database, RsvpStatus } from "#db/schema";
import {
  evaluate,
  type DecisionInput,
  type Evaluation,
  type SessionTurnout,
  type TrialSettings,
} from "~/domain/evaluation";
import { todayIn, toInstantString } from "~/domain/time";
import { audit } from "~/models/auth.server";
import { enqueueMail } from "~/models/outbox.server";
import { rsvpMail } from "~/models/rsvp-mail.server";
import type { DB } from "~/utils/db.server";
import { writeTransaction } from "~/utils/write-transaction.server";

type Executor = Kysely<Database>;

/** Told when an activity ends: those with a place and those waiting for one. */
const TOLD: RsvpStatus[] = ["confirmed", "waitlisted"];

export type EvaluatedActivity = NonNullable<Awaited<ReturnType<typeof findActivity>>>;

export async function findActivity(db: Executor, activityId: number) {
  return db
    .selectFrom("activities as a")
    .innerJoin("areas as ar", "ar.id", "a.area_id")
    .leftJoin("places as p", "p.id", "a.place_id")
    .select([
      "a.id",
      "a.slug",
      "a.title",
      "a.status",
      "a.status_reason",
      "a.signup_mode",
      "a.is_trial",
      "a.trial_target",
      "a.review_date",
      "p.name as place_name",
      "ar.name as area_name",
    ])
    .where("a.id", "=", activityId)
    .executeTakeFirst();
}

/**
 * Sessions that are over or already counted, with their headcount (null when uncounted), the
 * people confirmed by the session's end and the people checked in.
 */
export async function sessionTurnouts(db: Executor, activityIds: number[], now: Date) {
  if (activityIds.length === 0) return [];
  const rows = await db
    .selectFrom("occurrences as o")
    .leftJoin("attendance as at", "at.occurrence_id", "o.id")
    .select((eb) => [
      "o.id",
      "o.activity_id",
      "o.starts_at",
      "o.ends_at",
      "at.headcount",
      "at.walk_ins",
      eb
        .selectFrom("rsvps as r")
        .select((sub) => sub.fn.coalesce(sub.fn.sum<number>("r.party_size"), sub.lit(0)).as("n"))
        .where("r.status", "=", "confirmed")
        .whereRef("r.created_at", "<", "o.ends_at")
        .where((w) =>
          w.or([
            w("r.occurrence_id", "=", w.ref("o.id")),
            w.and([
              w("r.occurrence_id", "is", null),
              w("r.activity_id", "=", w.ref("o.activity_id")),
            ]),
          ]),
        )
        .as("confirmed"),
      eb
        .selectFrom("checkins as c")
        .innerJoin("rsvps as r", "r.id", "c.rsvp_id")
        .select((sub) => sub.fn.coalesce(sub.fn.sum<number>("r.party_size"), sub.lit(0)).as("n"))
        .whereRef("c.occurrence_id", "=", "o.id")
        .where("r.status", "=", "confirmed")
        .whereRef("r.created_at", "<", "o.ends_at")
        .as("checked_in"),
    ])
    .where("o.activity_id", "in", activityIds)
    .where("o.status", "=", "scheduled")
    .where((eb) =>
      eb.or([eb("o.ends_at", "<=", toInstantString(now)), eb("at.occurrence_id", "is not", null)]),
    )
    .orderBy("o.starts_at")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    activityId: row.activity_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    headcount: row.headcount,
    walkIns: row.walk_ins,
    confirmedPeople: Number(row.confirmed ?? 0),
    checkedInPeople: Number(row.checked_in ?? 0),
  }));
}

export type SessionRow = Awaited<ReturnType<typeof sessionTurnouts>>[number];

function evaluationOf(
  activity: Pick<EvaluatedActivity, "trial_target" | "review_date">,
  sessions: SessionTurnout[],
  now: Date,
): Evaluation {
  return evaluate(
    sessions,
    { target: activity.trial_target, reviewDate: activity.review_date },
    todayIn(now),
  );
}

async function decisionsOf(db: Executor, activityIds: number[]) {
  if (activityIds.length === 0) return [];
  return db
    .selectFrom("decisions as d")
    .leftJoin("users as u", "u.id", "d.decided_by")
    .select([
      "d.id",
      "d.activity_id",
      "d.decision",
      "d.reason",
      "d.decided_at",
      "u.name as decided_by_name",
    ])
    .where("d.activity_id", "in", activityIds)
    .orderBy("d.decided_at", "desc")
    .orderBy("d.id", "desc")
    .execute();
}

/** What ending would cancel: future sessions, and the sign-ups with an address to tell. */
async function endingReach(db: Executor, activityId: number, now: Date) {
  const future = await db
    .selectFrom("occurrences")
    .select("id")
    .where("activity_id", "=", activityId)
    .where("status", "=", "scheduled")
    .where("starts_at", ">", toInstantString(now))
    .execute();
  const ids = future.map((session) => session.id);
  const told = await peopleToTell(db, activityId, ids);
  return { sessions: ids.length, mails: told.filter((rsvp) => rsvp.email !== null).length };
}

/** Everyone signed up for one of these sessions or for the whole course, once each. */
async function peopleToTell(db: Executor, activityId: number, sessionIds: number[]) {
  if (sessionIds.length === 0) return [];
  return db
    .selectFrom("rsvps")
    .select(["id", "occurrence_id", "email"])
    .where("status", "in", TOLD)
    .where((eb) =>
      eb.or([
        eb("occurrence_id", "in", sessionIds),
        eb.and([eb("occurrence_id", "is", null), eb("activity_id", "=", activityId)]),
      ]),
    )
    .orderBy("id")
    .execute();
}

/** Everything the evaluation page of one activity shows. */
export async function loadEvaluation(db: DB, activity: EvaluatedActivity, now: Date) {
  const [sessions, decisions, reach] = await Promise.all([
    sessionTurnouts(db, [activity.id], now),
    decisionsOf(db, [activity.id]),
    endingReach(db, activity.id, now),
  ]);
  return { sessions, evaluation: evaluationOf(activity, sessions, now), decisions, reach };
}

/** The overview: trials with their flags, other activities and decisions, by place (or area). */
export async function listEvaluations(db: DB, now: Date) {
  const activities = await db
    .selectFrom("activities as a")
    .innerJoin("areas as ar", "ar.id", "a.area_id")
    .leftJoin("places as p", "p.id", "a.place_id")
    .select([
      "a.id",
      "a.title",
      "a.status",
      "a.is_trial",
      "a.trial_target",
      "a.review_date",
      "p.id as place_id",
      "p.name as place_name",
      "ar.name as area_name",
    ])
    .where("a.status", "in", ["published", "ended"])
    .orderBy("a.title")
    .execute();
  const trials = activities.filter((activity) => activity.is_trial === 1);
  const [sessions, decisions] = await Promise.all([
    sessionTurnouts(
      db,
      trials.map((trial) => trial.id),
      now,
    ),
    decisionsOf(
      db,
      activities.map((activity) => activity.id),
    ),
  ]);
  const groups = new Map<
    string,
    {
      key: string;
      placeName: string | null;
      areaName: string;
      trials: ((typeof trials)[number] & { evaluation: Evaluation })[];
      others: typeof activities;
      decisions: ((typeof decisions)[number] & { title: string })[];
    }
  >();
  const groupOf = (activity: (typeof activities)[number]) => {
    const key =
      activity.place_id === null ? `area:${activity.area_name}` : `place:${activity.place_id}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        placeName: activity.place_name,
        areaName: activity.area_name,
        trials: [],
        others: [],
        decisions: [],
      };
      groups.set(key, group);
    }
    return group;
  };
  const byId = new Map(activities.map((activity) => [activity.id, activity]));
  for (const activity of activities) {
    const group = groupOf(activity);
    if (activity.is_trial === 1) {
      const own = sessions.filter((session) => session.activityId === activity.id);
      group.trials.push({ ...activity, evaluation: evaluationOf(activity, own, now) });
    } else group.others.push(activity);
  }
  for (const decision of decisions) {
    const activity = byId.get(decision.activity_id);
    if (activity) groupOf(activity).decisions.push({ ...decision, title: activity.title });
  }
  // Meeting places first, then areas without one.
  return [...groups.values()].sort(
    (a, b) =>
      Number(a.placeName === null) - Number(b.placeName === null) ||
      (a.placeName ?? a.areaName).localeCompare(b.placeName ?? b.areaName, "sv"),
  );
}

export async function saveTrialSettings(
  db: DB,
  activityId: number,
  settings: TrialSettings,
  userId: number,
  now: Date,
) {
  await writeTransaction(db, async (trx) => {
    await trx
      .updateTable("activities")
      .set({
        is_trial: settings.isTrial ? 1 : 0,
        trial_target: settings.target,
        review_date: settings.reviewDate,
        updated_at: toInstantString(now),
      })
      .where("id", "=", activityId)
      .execute();
    await audit(
      trx,
      userId,
      "update",
      "activity",
      activityId,
      settings.isTrial
        ? `På prov: mål ${settings.target ?? "–"} besökare per tillfälle, utvärderas ${settings.reviewDate ?? "–"}`
        : `Inte på prov (mål ${settings.target ?? "–"}, datum ${settings.reviewDate ?? "–"})`,
      now,
    );
  });
}

export type DecisionResult =
  { ok: true; cancelled: number; mails: number } | { ok: false; reason: "missing" | "ended" };

/**
 * Records a decision with its audit line. Ending also ends the activity (the reason becomes its
 * public status), cancels every session that has not started and queues one mail per sign-up,
 * all in one transaction: a crash leaves either all of it or none. Past sessions, their
 * attendance and the sign-ups stay as history. Deliver the mail after this returns.
 */
export async function recordDecision(
  db: DB,
  activityId: number,
  input: DecisionInput,
  userId: number,
  now: Date,
): Promise<DecisionResult> {
  const stamp = toInstantString(now);
  return writeTransaction(db, async (trx): Promise<DecisionResult> => {
    const activity = await trx
      .selectFrom("activities")
      .select(["id", "title", "status"])
      .where("id", "=", activityId)
      .executeTakeFirst();
    if (!activity) return { ok: false, reason: "missing" };
    if (activity.status === "ended" || activity.status === "cancelled") {
      return { ok: false, reason: "ended" };
    }
    const { id: decisionId } = await trx
      .insertInto("decisions")
      .values({
        activity_id: activityId,
        decision: input.decision,
        reason: input.reason,
        decided_by: userId,
        decided_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    let cancelled = 0;
    let mails = 0;
    if (input.decision === "end") {
      await trx
        .updateTable("activities")
        .set({ status: "ended", status_reason: input.reason, updated_at: stamp })
        .where("id", "=", activityId)
        .execute();
      const future = await trx
        .selectFrom("occurrences")
        .select("id")
        .where("activity_id", "=", activityId)
        .where("status", "=", "scheduled")
        .where("starts_at", ">", stamp)
        .execute();
      const sessionIds = future.map((session) => session.id);
      cancelled = sessionIds.length;
      if (sessionIds.length > 0) {
        await trx
          .updateTable("occurrences")
          .set((eb) => ({
            status: "cancelled",
            cancel_reason: input.reason,
            sequence: eb("sequence", "+", 1),
            updated_at: stamp,
          }))
          .where("id", "in", sessionIds)
          .execute();
      }
      // One mail per sign-up, not one per cancelled session: a course participant hears once,
      // with every session of the course cancelled in the attached calendar file.
      for (const rsvp of await peopleToTell(trx, activityId, sessionIds)) {
        const mail = await rsvpMail(trx, rsvp.id, "cancelled", now, {
          reason: input.reason,
          ...(rsvp.occurrence_id === null ? {} : { occurrenceId: rsvp.occurrence_id }),
        });
        if (mail) {
          await enqueueMail(trx, mail, now);
          mails += 1;
        }
      }
    }
    const said = { continue: "fortsätta", adjust: "justera", end: "avsluta" }[input.decision];
    await audit(
      trx,
      userId,
      "decide",
      "activity",
      activityId,
      `Beslut #${decisionId} om ${activity.title}: ${said}` +
        (input.decision === "end" ? `; ${cancelled} tillfällen inställda, ${mails} mejl` : ""),
      now,
    );
    return { ok: true, cancelled, mails };
  });
}
