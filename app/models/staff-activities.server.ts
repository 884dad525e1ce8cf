import type { Kysely } from "kysely";
import type { ActivityStatus, Database, RsvpStatus } from "#db/schema";
import { generateSessions, type RegenerationPlan, type Schedule } from "~/domain/recurrence";
import { toInstantString, type LocalDate } from "~/domain/time";
import { formatSession } from "~/i18n/format";
import { audit } from "~/models/auth.server";
import { enqueueMail } from "~/models/outbox.server";
import { rsvpMail, type MailKind } from "~/models/rsvp-mail.server";
import { cancelOccurrence, moveOccurrence, setCapacity } from "~/models/rsvps.server";
import { saveSchedule } from "~/models/schedules.server";
import type { ActivityInput, FieldErrors } from "~/models/staff-activity-input";
import type { DB } from "~/utils/db.server";

type Executor = Kysely<Database>;

const ACTIVE: RsvpStatus[] = ["confirmed", "waitlisted"];

// ---------------------------------------------------------------------------------------------
// Reading.

/** Every activity for the staff list, drafts included, with its next session. */
export async function listActivities(db: DB, status: ActivityStatus | null, now: Date) {
  const from = toInstantString(now);
  let query = db
    .selectFrom("activities as a")
    .innerJoin("areas as ar", "ar.id", "a.area_id")
    .leftJoin("places as p", "p.id", "a.place_id")
    .leftJoin("partners as pa", "pa.id", "a.partner_id")
    .select((eb) => [
      "a.id",
      "a.title",
      "a.status",
      "a.location_name",
      "ar.name as area_name",
      "p.name as place_name",
      "pa.name as partner_name",
      eb
        .selectFrom("occurrences as o")
        .select((inner) => inner.fn.min<string>("o.starts_at").as("next"))
        .whereRef("o.activity_id", "=", "a.id")
        .where("o.status", "=", "scheduled")
        .where("o.starts_at", ">", from)
        .as("next_starts_at"),
    ]);
  if (status) query = query.where("a.status", "=", status);
  return query.orderBy("a.title").execute();
}

/** What the activity form offers in its lists. */
export async function activityFormOptions(db: DB) {
  const [areas, places, rooms, partners] = await Promise.all([
    db.selectFrom("areas").select(["id", "name"]).orderBy("name").execute(),
    db.selectFrom("places").select(["id", "name", "area_id"]).orderBy("name").execute(),
    db
      .selectFrom("rooms")
      .select(["id", "name", "place_id", "capacity"])
      .orderBy("place_id")
      .orderBy("name")
      .execute(),
    db.selectFrom("partners").select(["id", "name"]).orderBy("name").execute(),
  ]);
  return { areas, places, rooms, partners };
}

export type ActivityFormOptions = Awaited<ReturnType<typeof activityFormOptions>>;

export async function getActivityForEditing(db: DB, activityId: number) {
  const activity = await db
    .selectFrom("activities")
    .selectAll()
    .where("id", "=", activityId)
    .executeTakeFirst();
  if (!activity) return undefined;
  const [languages, schedule] = await Promise.all([
    db
      .selectFrom("activity_languages")
      .select("language")
      .where("activity_id", "=", activityId)
      .orderBy("language")
      .execute(),
    db.selectFrom("schedules").selectAll().where("activity_id", "=", activityId).executeTakeFirst(),
  ]);
  return { activity, languages: languages.map((row) => row.language), schedule };
}

/** Sessions of an activity with how many people are signed up and waiting for each. */
export async function listSessionsForStaff(db: DB, activityId: number) {
  return db
    .selectFrom("occurrences as o")
    .select((eb) => {
      const forSession = (status: RsvpStatus) =>
        eb
          .selectFrom("rsvps as r")
          .where("r.status", "=", status)
          .where((w) =>
            w.or([
              w("r.occurrence_id", "=", w.ref("o.id")),
              w.and([
                w("r.occurrence_id", "is", null),
                w("r.activity_id", "=", w.ref("o.activity_id")),
              ]),
            ]),
          );
      return [
        "o.id",
        "o.starts_at",
        "o.ends_at",
        "o.status",
        "o.moved",
        forSession("confirmed")
          .select((s) => s.fn.coalesce(s.fn.sum<number>("r.party_size"), s.lit(0)).as("n"))
          .as("people"),
        forSession("waitlisted")
          .select((s) => s.fn.countAll<number>().as("n"))
          .as("waiting"),
      ];
    })
    .where("o.activity_id", "=", activityId)
    .orderBy("o.starts_at")
    .execute();
}

export async function getSessionForStaff(db: DB, occurrenceId: number) {
  return db
    .selectFrom("occurrences as o")
    .innerJoin("activities as a", "a.id", "o.activity_id")
    .innerJoin("areas as ar", "ar.id", "a.area_id")
    .leftJoin("places as p", "p.id", "a.place_id")
    .leftJoin("rooms as r", (join) =>
      join.on((eb) => eb("r.id", "=", eb.fn.coalesce("o.room_id", "a.room_id"))),
    )
    .select((eb) => [
      "o.id",
      "o.activity_id",
      "o.starts_at",
      "o.ends_at",
      "o.status",
      "o.cancel_reason",
      "o.moved",
      "o.move_reason",
      "o.capacity",
      "a.slug as activity_slug",
      "a.title",
      "a.signup_mode",
      "a.capacity as activity_capacity",
      "a.ask_party_size",
      "ar.name as area_name",
      "p.name as place_name",
      "r.name as room_name",
      eb.fn.coalesce("o.location_name", "a.location_name").as("location_name"),
    ])
    .where("o.id", "=", occurrenceId)
    .executeTakeFirst();
}

/** Everyone signed up for a session, for it alone or for the whole course, in order of arrival. */
export async function listSessionSignups(db: DB, occurrenceId: number, activityId: number) {
  return db
    .selectFrom("rsvps")
    .select([
      "id",
      "occurrence_id",
      "name",
      "email",
      "phone",
      "adults",
      "children",
      "party_size",
      "note",
      "status",
      "created_at",
    ])
    .where((eb) =>
      eb.or([
        eb("occurrence_id", "=", occurrenceId),
        eb.and([eb("occurrence_id", "is", null), eb("activity_id", "=", activityId)]),
      ]),
    )
    .orderBy("id")
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Writing an activity.

function activityRow(input: ActivityInput) {
  return {
    slug: input.slug,
    title: input.title,
    summary: input.summary,
    description: input.description,
    category: input.category,
    audience: input.audience,
    organiser_kind: input.organiser.kind,
    partner_id: input.organiser.partnerId,
    area_id: input.areaId,
    place_id: input.placeId,
    room_id: input.placeId === null ? null : input.roomId,
    location_name: input.locationName || null,
    location_address: input.locationAddress || null,
    signup_mode: input.signupMode,
    capacity: input.capacity,
    ask_party_size: input.askPartySize ? 1 : 0,
    first_name_only: input.firstNameOnly ? 1 : 0,
    require_email: input.requireEmail ? 1 : 0,
    require_phone: input.requirePhone ? 1 : 0,
    status: input.status,
    status_reason: input.statusReason || null,
  } as const;
}

/** The checks of the details that need the database; empty when the input can be stored. */
export async function activityReferenceErrors(
  db: DB,
  input: ActivityInput,
  activityId: number | null,
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const [owner, area, place, room, partner] = await Promise.all([
    db.selectFrom("activities").select("id").where("slug", "=", input.slug).executeTakeFirst(),
    db.selectFrom("areas").select("id").where("id", "=", input.areaId).executeTakeFirst(),
    input.placeId === null
      ? undefined
      : db
          .selectFrom("places")
          .select(["id", "area_id"])
          .where("id", "=", input.placeId)
          .executeTakeFirst(),
    input.roomId === null
      ? undefined
      : db.selectFrom("rooms").select("place_id").where("id", "=", input.roomId).executeTakeFirst(),
    input.organiser.partnerId === null
      ? undefined
      : db
          .selectFrom("partners")
          .select("id")
          .where("id", "=", input.organiser.partnerId)
          .executeTakeFirst(),
  ]);
  if (owner && owner.id !== activityId) errors.slug = { key: "staffActivities.error.slugTaken" };
  if (!area) errors.areaId = { key: "staffActivities.error.area" };
  if (input.placeId !== null) {
    if (!place) errors.placeId = { key: "staffActivities.error.place" };
    else if (area && place.area_id !== input.areaId) {
      errors.placeId = { key: "staffActivities.error.placeArea" };
    }
  }
  if (input.roomId !== null && (!room || room.place_id !== input.placeId)) {
    errors.roomId = { key: "staffActivities.error.room" };
  }
  if (input.organiser.partnerId !== null && !partner) {
    errors.organiser = { key: "staffActivities.error.organiser" };
  }
  return errors;
}

async function setLanguages(db: Executor, activityId: number, languages: string[]) {
  await db.deleteFrom("activity_languages").where("activity_id", "=", activityId).execute();
  await db
    .insertInto("activity_languages")
    .values(languages.map((language) => ({ activity_id: activityId, language })))
    .execute();
}

function isConstraintError(error: unknown, code: string, detail: string): boolean {
  return (
    error instanceof Error &&
    "code" in error &&
    error.code === code &&
    error.message.includes(detail)
  );
}

/**
 * Creates an activity with its schedule and sessions, all or nothing, with an audit line.
 * A slug taken meanwhile by someone else comes back as a field error.
 */
export async function createActivity(
  db: DB,
  input: ActivityInput,
  schedule: Schedule,
  userId: number,
  now: Date,
): Promise<{ ok: true; id: number } | { ok: false; errors: FieldErrors }> {
  const stamp = toInstantString(now);
  try {
    const id = await db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto("activities")
        .values({ ...activityRow(input), created_at: stamp, updated_at: stamp })
        .returning("id")
        .executeTakeFirstOrThrow();
      await setLanguages(trx, id, input.languages);
      const plan = await saveSchedule(trx, id, schedule, now);
      await audit(
        trx,
        userId,
        "activity.create",
        "activity",
        id,
        `Skapade aktiviteten ”${input.title}” (${input.slug}) med ${plan.create.length} tillfällen`,
        now,
      );
      return id;
    });
    return { ok: true, id };
  } catch (error) {
    if (isConstraintError(error, "SQLITE_CONSTRAINT_UNIQUE", "activities.slug")) {
      return { ok: false, errors: { slug: { key: "staffActivities.error.slugTaken" } } };
    }
    throw error;
  }
}

// Swedish, like the rest of the audit log, which staff read as one list.
const COLUMN_LABELS: [keyof ReturnType<typeof activityRow>, string][] = [
  ["slug", "adressnamn"],
  ["title", "titel"],
  ["summary", "kort beskrivning"],
  ["description", "beskrivning"],
  ["category", "typ"],
  ["audience", "målgrupp"],
  ["organiser_kind", "arrangör"],
  ["partner_id", "arrangör"],
  ["area_id", "område"],
  ["place_id", "mötesplats"],
  ["room_id", "lokal"],
  ["location_name", "plats"],
  ["location_address", "adress"],
  ["signup_mode", "anmälan"],
  ["capacity", "antal platser"],
  ["ask_party_size", "anmälningsformulär"],
  ["first_name_only", "anmälningsformulär"],
  ["require_email", "anmälningsformulär"],
  ["require_phone", "anmälningsformulär"],
  ["status", "status"],
  ["status_reason", "anledning"],
];

/** Saves the details with an audit line; more places go to those waiting, in order. */
export async function updateActivityDetails(
  db: DB,
  activityId: number,
  input: ActivityInput,
  userId: number,
  now: Date,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const stamp = toInstantString(now);
  const row = activityRow(input);
  const before = await getActivityForEditing(db, activityId);
  if (!before) throw new Error(`No activity ${activityId}`);
  const changed = new Set<string>();
  for (const [column, label] of COLUMN_LABELS) {
    if (before.activity[column] !== row[column]) changed.add(label);
  }
  if (before.languages.join(",") !== [...input.languages].sort().join(",")) changed.add("språk");
  if (before.activity.status !== row.status) {
    changed.delete("status");
    changed.add(`status ${before.activity.status} → ${row.status}`);
  }
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable("activities")
        .set({ ...row, updated_at: stamp })
        .where("id", "=", activityId)
        .execute();
      await setLanguages(trx, activityId, input.languages);
      await audit(
        trx,
        userId,
        "activity.update",
        "activity",
        activityId,
        `Ändrade ”${input.title}”: ${changed.size > 0 ? [...changed].join(", ") : "inget"}`,
        now,
      );
    });
  } catch (error) {
    if (isConstraintError(error, "SQLITE_CONSTRAINT_UNIQUE", "activities.slug")) {
      return { ok: false, errors: { slug: { key: "staffActivities.error.slugTaken" } } };
    }
    throw error;
  }
  if (before.activity.capacity !== row.capacity) {
    await offerNewPlaces(db, activityId, input, now);
  }
  return { ok: true };
}

/**
 * setCapacity promotes the waiting list of one scope; a course is one scope, while sessions
 * without a number of their own each follow the activity's and need a nudge one by one.
 */
async function offerNewPlaces(db: DB, activityId: number, input: ActivityInput, now: Date) {
  if (input.signupMode === "course") {
    await setCapacity(db, { activityId, occurrenceId: null }, input.capacity, now);
    return;
  }
  if (input.signupMode !== "session") return;
  const waiting = await db
    .selectFrom("occurrences as o")
    .select("o.id")
    .where("o.activity_id", "=", activityId)
    .where("o.capacity", "is", null)
    .where("o.status", "=", "scheduled")
    .where("o.starts_at", ">", toInstantString(now))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("rsvps as r")
          .select("r.id")
          .whereRef("r.occurrence_id", "=", "o.id")
          .where("r.status", "=", "waitlisted"),
      ),
    )
    .execute();
  for (const session of waiting) {
    await setCapacity(db, { activityId, occurrenceId: session.id }, null, now);
  }
}

// ---------------------------------------------------------------------------------------------
// The schedule.

async function queueRsvpMail(
  db: Executor,
  rsvpId: number,
  kind: MailKind,
  now: Date,
  extra: Parameters<typeof rsvpMail>[4],
) {
  const mail = await rsvpMail(db, rsvpId, kind, now, extra);
  if (mail) await enqueueMail(db, mail, now);
}

async function activePeople(db: Executor, scope: { occurrenceId: number } | { course: number }) {
  const query = db.selectFrom("rsvps").select("id").where("status", "in", ACTIVE).orderBy("id");
  const rows =
    "occurrenceId" in scope
      ? await query.where("occurrence_id", "=", scope.occurrenceId).execute()
      : await query
          .where("activity_id", "=", scope.course)
          .where("occurrence_id", "is", null)
          .execute();
  return rows.map((row) => row.id);
}

/**
 * Regeneration moves sessions to the new time and cancels dropped ones that have sign-ups; the
 * people concerned are told in the same transaction, like a move or cancellation by hand.
 * A course sign-up hears once, about the first session whose time changed.
 */
async function tellPeopleOfSchedule(
  trx: Executor,
  activityId: number,
  plan: RegenerationPlan,
  before: { id: number; starts_at: string; ends_at: string }[],
  reason: string | undefined,
  now: Date,
) {
  const was = new Map(before.map((session) => [session.id, session]));
  const moved = plan.update
    .map((change) => was.get(change.id))
    .filter((session) => session !== undefined)
    .sort((a, b) => a.starts_at.localeCompare(b.starts_at));
  for (const session of moved) {
    const extra = {
      occurrenceId: session.id,
      reason,
      fromStartsAt: session.starts_at,
      fromEndsAt: session.ends_at,
    };
    for (const id of await activePeople(trx, { occurrenceId: session.id })) {
      await queueRsvpMail(trx, id, "moved", now, extra);
    }
  }
  for (const occurrenceId of plan.cancel) {
    for (const id of await activePeople(trx, { occurrenceId })) {
      await queueRsvpMail(trx, id, "cancelled", now, { occurrenceId, reason });
    }
  }
  const first = moved[0];
  const course = await activePeople(trx, { course: activityId });
  for (const id of course) {
    if (first) {
      await queueRsvpMail(trx, id, "moved", now, {
        occurrenceId: first.id,
        reason,
        fromStartsAt: first.starts_at,
        fromEndsAt: first.ends_at,
      });
    }
    for (const occurrenceId of plan.cancel) {
      await queueRsvpMail(trx, id, "cancelled", now, { occurrenceId, reason });
    }
  }
}

/** Future dates that have sign-ups but that the schedule no longer produces. */
async function droppedDatesWithSignups(
  db: DB,
  activityId: number,
  schedule: Schedule,
  now: Date,
): Promise<LocalDate[]> {
  const kept = new Set(generateSessions(schedule).map((session) => session.scheduledDate));
  const rows = await db
    .selectFrom("occurrences as o")
    .select("o.scheduled_date")
    .where("o.activity_id", "=", activityId)
    .where("o.starts_at", ">=", toInstantString(now))
    .where((eb) =>
      eb.exists(
        eb.selectFrom("rsvps as r").select("r.id").whereRef("r.occurrence_id", "=", "o.id"),
      ),
    )
    .orderBy("o.scheduled_date")
    .execute();
  return rows.map((row) => row.scheduled_date).filter((date) => !kept.has(date));
}

/**
 * Saves a new schedule with `saveSchedule`, which keeps sessions cancelled or moved by hand, and
 * tells those signed up for sessions whose time changed. Refused (nothing changed) when it would
 * delete a session that sign-ups point to.
 */
export async function saveActivitySchedule(
  db: DB,
  activityId: number,
  schedule: Schedule,
  reason: string,
  userId: number,
  now: Date,
): Promise<{ ok: true } | { ok: false; droppedDates: LocalDate[] }> {
  try {
    await db.transaction().execute(async (trx) => {
      const activity = await trx
        .selectFrom("activities")
        .select("title")
        .where("id", "=", activityId)
        .executeTakeFirstOrThrow();
      const before = await trx
        .selectFrom("occurrences")
        .select(["id", "starts_at", "ends_at"])
        .where("activity_id", "=", activityId)
        .execute();
      const plan = await saveSchedule(trx, activityId, schedule, now);
      await tellPeopleOfSchedule(trx, activityId, plan, before, reason || undefined, now);
      await trx
        .updateTable("activities")
        .set({ updated_at: toInstantString(now) })
        .where("id", "=", activityId)
        .execute();
      await audit(
        trx,
        userId,
        "schedule.update",
        "activity",
        activityId,
        `Ändrade schemat för ”${activity.title}”: ${plan.create.length} nya, ` +
          `${plan.update.length} med ny tid, ${plan.remove.length} borttagna, ` +
          `${plan.cancel.length} inställda tillfällen`,
        now,
      );
    });
    return { ok: true };
  } catch (error) {
    // A sign-up points to a session the schedule would delete; the transaction rolled back.
    if (!isConstraintError(error, "SQLITE_CONSTRAINT_FOREIGNKEY", "FOREIGN KEY")) throw error;
    return {
      ok: false,
      droppedDates: await droppedDatesWithSignups(db, activityId, schedule, now),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// One session.

type StaffSession = NonNullable<Awaited<ReturnType<typeof getSessionForStaff>>>;

function describe(session: Pick<StaffSession, "title" | "starts_at" | "ends_at">) {
  return `”${session.title}” ${formatSession("sv", session.starts_at, session.ends_at)}`;
}

/** Cancels a session, mails everyone signed up and writes an audit line. */
export async function cancelSession(
  db: DB,
  session: StaffSession,
  reason: string,
  userId: number,
  now: Date,
): Promise<boolean> {
  const done = await cancelOccurrence(db, session.id, reason, now);
  if (done) {
    await audit(
      db,
      userId,
      "occurrence.cancel",
      "occurrence",
      session.id,
      `Ställde in ${describe(session)}: ${reason}`,
      now,
    );
  }
  return done;
}

/** Moves a session, mails everyone signed up and writes an audit line. */
export async function moveSession(
  db: DB,
  session: StaffSession,
  to: { startsAt: Date; endsAt: Date },
  reason: string,
  userId: number,
  now: Date,
): Promise<boolean> {
  const done = await moveOccurrence(db, session.id, to, reason, now);
  if (done) {
    await audit(
      db,
      userId,
      "occurrence.move",
      "occurrence",
      session.id,
      `Flyttade ${describe(session)} till ${formatSession("sv", to.startsAt, to.endsAt)}: ${reason}`,
      now,
    );
  }
  return done;
}

/** Sets a session's own number of places (null: the activity's); more places go to those waiting. */
export async function changeSessionCapacity(
  db: DB,
  session: StaffSession,
  capacity: number | null,
  userId: number,
  now: Date,
): Promise<void> {
  await setCapacity(
    db,
    { activityId: session.activity_id, occurrenceId: session.id },
    capacity,
    now,
  );
  await audit(
    db,
    userId,
    "occurrence.capacity",
    "occurrence",
    session.id,
    `Ändrade antalet platser för ${describe(session)} från ${session.capacity ?? "aktivitetens"} till ${capacity ?? "aktivitetens"}`,
    now,
  );
}
