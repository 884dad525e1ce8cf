import type { Kysely } from "kysely";
import type { Database, RsvpStatus } from "#db/schema";
import {
  applyAdjustment,
  EMPTY_VALUES,
  parseAdjustment,
  parseAttendance,
  valuesFromForm,
  valuesFromRecord,
  type AttendanceErrors,
  type AttendanceValues,
} from "~/domain/attendance";
import { toInstantString, utcToZoned } from "~/domain/time";
import { audit } from "~/models/auth.server";
import type { DB } from "~/utils/db.server";
import { writeTransaction } from "~/utils/write-transaction.server";

type Executor = Kysely<Database>;

export type AttendanceSession = NonNullable<Awaited<ReturnType<typeof findAttendanceSession>>>;

/** A session with what the attendance page shows about it and who may record it. */
export async function findAttendanceSession(db: Executor, occurrenceId: number) {
  return db
    .selectFrom("occurrences as o")
    .innerJoin("activities as a", "a.id", "o.activity_id")
    .leftJoin("places as p", "p.id", "a.place_id")
    .select([
      "o.id",
      "o.activity_id",
      "o.starts_at",
      "o.ends_at",
      "o.status",
      "o.location_name",
      "a.title",
      "a.slug",
      "a.partner_id",
      "a.signup_mode",
      "a.location_name as activity_location_name",
      "p.name as place_name",
    ])
    .where("o.id", "=", occurrenceId)
    .executeTakeFirst();
}

export type Recordable = "ok" | "notStarted" | "cancelled";

/** Attendance is counted from the moment a session starts, and never for a cancelled one. */
export function recordable(
  session: Pick<AttendanceSession, "status" | "starts_at">,
  now: Date,
): Recordable {
  if (session.status === "cancelled") return "cancelled";
  return session.starts_at <= toInstantString(now) ? "ok" : "notStarted";
}

const ACTIVE: RsvpStatus[] = ["confirmed"];

/**
 * The check-in list: the session's own sign-ups and the course's, confirmed by the end of the
 * session, plus anyone already checked in whatever became of their sign-up since.
 */
export async function sessionPeople(
  db: Executor,
  session: Pick<AttendanceSession, "id" | "activity_id" | "ends_at">,
) {
  const rows = await db
    .selectFrom("rsvps as r")
    .leftJoin("checkins as c", (join) =>
      join.onRef("c.rsvp_id", "=", "r.id").on("c.occurrence_id", "=", session.id),
    )
    .select(["r.id", "r.name", "r.party_size", "c.checked_in_at"])
    .where((eb) =>
      eb.or([
        eb("r.occurrence_id", "=", session.id),
        eb.and([eb("r.occurrence_id", "is", null), eb("r.activity_id", "=", session.activity_id)]),
      ]),
    )
    .where((eb) =>
      eb.or([
        eb.and([eb("r.status", "in", ACTIVE), eb("r.created_at", "<", session.ends_at)]),
        eb("c.rsvp_id", "is not", null),
      ]),
    )
    .orderBy("r.name")
    .orderBy("r.id")
    .execute();
  return rows.map(({ checked_in_at, ...person }) => ({
    ...person,
    checkedIn: checked_in_at !== null,
  }));
}

/** What the attendance form starts from: the saved record, or zero and nobody checked in. */
export async function loadAttendance(db: DB, session: AttendanceSession) {
  const [record, people] = await Promise.all([
    db
      .selectFrom("attendance as at")
      .leftJoin("users as u", "u.id", "at.recorded_by")
      .select([
        "at.headcount",
        "at.children",
        "at.youth",
        "at.adults",
        "at.seniors",
        "at.first_timers",
        "at.walk_ins",
        "at.note",
        "at.recorded_at",
        "u.name as recorded_by_name",
      ])
      .where("at.occurrence_id", "=", session.id)
      .executeTakeFirst(),
    sessionPeople(db, session),
  ]);
  const checkedIn = people.filter((person) => person.checkedIn).map((person) => person.id);
  return {
    people: people.map(({ id, name, party_size }) => ({ id, name, partySize: party_size })),
    values: record ? valuesFromRecord(record, checkedIn) : { ...EMPTY_VALUES },
    saved: record
      ? {
          recordedAt: record.recorded_at,
          recordedBy: record.recorded_by_name,
          headcount: record.headcount,
        }
      : null,
  };
}

export type AttendanceSubmission =
  | { saved: true; headcount: number }
  | {
      saved: false;
      status: 200 | 400 | 409;
      values: AttendanceValues;
      errors: AttendanceErrors;
      /** A +/– tap without JavaScript: the form comes back with the new count, unsaved. */
      adjusted: boolean;
    };

/**
 * The attendance form's POST. A +/– button (no JavaScript) only returns the form with one
 * count changed; Save checks the counts against each other and against the people checked in,
 * and writes the record, the check-ins and an audit line in one transaction.
 */
export async function submitAttendance(
  db: DB,
  session: AttendanceSession,
  form: FormData,
  userId: number,
  now: Date,
): Promise<AttendanceSubmission> {
  const values = valuesFromForm(form);
  const adjustment = parseAdjustment(form.get("adjust"));
  if (adjustment) {
    return {
      saved: false,
      status: 200,
      values: applyAdjustment(values, adjustment),
      errors: {},
      adjusted: true,
    };
  }
  const state = recordable(session, now);
  if (state !== "ok") {
    return {
      saved: false,
      status: 409,
      values,
      errors: { form: { problem: state } },
      adjusted: false,
    };
  }
  const stamp = toInstantString(now);
  return writeTransaction(db, async (trx): Promise<AttendanceSubmission> => {
    const people = await sessionPeople(trx, session);
    const partyOf = new Map(people.map((person) => [person.id, person.party_size]));
    // An id that is not on this session's list (a stale page, a tampered form) counts for nobody.
    const peopleOf = (ids: number[]) => ids.reduce((sum, id) => sum + (partyOf.get(id) ?? 0), 0);
    const parsed = parseAttendance(values, peopleOf);
    if (!parsed.ok) {
      return { saved: false, status: 400, values, errors: parsed.errors, adjusted: false };
    }
    const input = parsed.input;
    const checkedIn = input.checkedIn.filter((id) => partyOf.has(id));
    const existing = await trx
      .selectFrom("attendance")
      .select("occurrence_id")
      .where("occurrence_id", "=", session.id)
      .executeTakeFirst();
    const record = {
      headcount: input.headcount,
      children: input.children,
      youth: input.youth,
      adults: input.adults,
      seniors: input.seniors,
      first_timers: input.firstTimers,
      walk_ins: input.walkIns,
      note: input.note,
      recorded_by: userId,
      recorded_at: stamp,
    };
    await trx
      .insertInto("attendance")
      .values({ occurrence_id: session.id, ...record })
      .onConflict((conflict) => conflict.column("occurrence_id").doUpdateSet(record))
      .execute();

    // Check-ins that stay keep the time they were first made.
    await trx
      .deleteFrom("checkins")
      .where("occurrence_id", "=", session.id)
      .$call((query) =>
        checkedIn.length > 0 ? query.where("rsvp_id", "not in", checkedIn) : query,
      )
      .execute();
    if (checkedIn.length > 0) {
      await trx
        .insertInto("checkins")
        .values(
          checkedIn.map((rsvpId) => ({
            rsvp_id: rsvpId,
            occurrence_id: session.id,
            checked_in_at: stamp,
          })),
        )
        .onConflict((conflict) => conflict.columns(["rsvp_id", "occurrence_id"]).doNothing())
        .execute();
    }

    // Counts only: names of residents stay out of the audit log.
    const date = utcToZoned(new Date(session.starts_at)).date;
    await audit(
      trx,
      userId,
      existing ? "update" : "create",
      "attendance",
      session.id,
      `Närvaro ${session.title} ${date}: ${input.headcount} besökare, ` +
        `${peopleOf(checkedIn)} incheckade, ${input.walkIns} utan anmälan`,
      now,
    );
    return { saved: true, headcount: input.headcount };
  });
}
