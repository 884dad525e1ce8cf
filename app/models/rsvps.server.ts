import { sql, type Kysely } from "kysely";
import type { Database, RsvpStatus } from "#db/schema";
import { canChangePartySize, decideStatus, planPromotions, placesLeft } from "~/domain/capacity";
import { toInstantString } from "~/domain/time";
import { isLocale, type Locale } from "~/i18n/i18n";
import { enqueueMail } from "~/models/outbox.server";
import { rsvpMail, type MailKind } from "~/models/rsvp-mail.server";
import type { DB } from "~/utils/db.server";
import { hashToken, isWellFormedToken, newManageToken } from "~/utils/tokens.server";
import { writeTransaction } from "~/utils/write-transaction.server";

type Trx = Kysely<Database>;

/** A session (occurrenceId) or, for a course, the whole activity (occurrenceId null). */
export type SignupScope = { activityId: number; occurrenceId: number | null };

export type SignupInput = {
  name: string;
  email: string | null;
  phone: string | null;
  adults: number;
  children: number;
  note: string | null;
  locale: Locale;
};

export type ClosedReason = "past" | "cancelled" | "ended" | "closed";

export type SignupResult =
  | { ok: true; status: "confirmed" | "waitlisted"; position: number | null; token: string }
  | { ok: false; reason: ClosedReason | "duplicate" };

/** Whether a scope takes sign-ups now, and how many places it has. */
export async function scopeState(db: Trx, scope: SignupScope, now: Date) {
  const activity = await db
    .selectFrom("activities")
    .select(["id", "status", "signup_mode", "capacity"])
    .where("id", "=", scope.activityId)
    .executeTakeFirst();
  if (!activity) return { open: false as const, reason: "closed" as const };
  if (activity.status === "ended" || activity.status === "cancelled") {
    return { open: false as const, reason: "ended" as const };
  }
  const expectedMode = scope.occurrenceId === null ? "course" : "session";
  if (activity.status !== "published" || activity.signup_mode !== expectedMode) {
    return { open: false as const, reason: "closed" as const };
  }
  let capacity = activity.capacity;
  if (scope.occurrenceId !== null) {
    const session = await db
      .selectFrom("occurrences")
      .select(["status", "starts_at", "capacity"])
      .where("id", "=", scope.occurrenceId)
      .where("activity_id", "=", scope.activityId)
      .executeTakeFirst();
    if (!session) return { open: false as const, reason: "closed" as const };
    if (session.status === "cancelled")
      return { open: false as const, reason: "cancelled" as const };
    if (session.starts_at <= toInstantString(now))
      return { open: false as const, reason: "past" as const };
    capacity = session.capacity ?? activity.capacity;
  } else {
    const next = await db
      .selectFrom("occurrences")
      .select("id")
      .where("activity_id", "=", scope.activityId)
      .where("status", "=", "scheduled")
      .where("starts_at", ">", toInstantString(now))
      .executeTakeFirst();
    if (!next) return { open: false as const, reason: "past" as const };
  }
  const counts = await countScope(db, scope);
  return { open: true as const, capacity, ...counts };
}

function inScope(scope: SignupScope) {
  return (query: ReturnType<typeof baseRsvps>) =>
    scope.occurrenceId === null
      ? query.where("r.activity_id", "=", scope.activityId).where("r.occurrence_id", "is", null)
      : query.where("r.occurrence_id", "=", scope.occurrenceId);
}

function baseRsvps(db: Trx) {
  return db.selectFrom("rsvps as r");
}

async function countScope(db: Trx, scope: SignupScope) {
  const row = await inScope(scope)(baseRsvps(db))
    .select([
      sql<number>`coalesce(sum(case when r.status = 'confirmed' then r.party_size end), 0)`.as(
        "confirmed",
      ),
      sql<number>`count(case when r.status = 'waitlisted' then 1 end)`.as("waiting"),
    ])
    .executeTakeFirstOrThrow();
  return { confirmedPeople: Number(row.confirmed), waiting: Number(row.waiting) };
}

/** Public counts for a session or course page: never names. */
export async function signupCounts(db: DB, scope: SignupScope, capacity: number | null) {
  const counts = await countScope(db, scope);
  return { ...counts, capacity, left: placesLeft(capacity, counts.confirmedPeople) };
}

/**
 * Signs someone up under SQLite's write lock: the capacity check, the insert and the mail in
 * the outbox commit together, so concurrent sign-ups can neither overbook nor lose a mail.
 */
export async function signUp(
  db: DB,
  scope: SignupScope,
  input: SignupInput,
  now: Date,
): Promise<SignupResult> {
  const { nonce, token, hash } = newManageToken();
  const stamp = toInstantString(now);
  return writeTransaction(db, async (trx) => {
    const state = await scopeState(trx, scope, now);
    if (!state.open) return { ok: false, reason: state.reason };
    if (input.email) {
      const duplicate = await inScope(scope)(baseRsvps(trx))
        .select("r.id")
        .where("r.email", "=", input.email)
        .where("r.status", "<>", "cancelled")
        .executeTakeFirst();
      if (duplicate) return { ok: false, reason: "duplicate" };
    }
    const partySize = input.adults + input.children;
    const status = decideStatus({ ...state, partySize });
    const { id } = await trx
      .insertInto("rsvps")
      .values({
        activity_id: scope.activityId,
        occurrence_id: scope.occurrenceId,
        name: input.name,
        email: input.email,
        phone: input.phone,
        adults: input.adults,
        children: input.children,
        party_size: partySize,
        note: input.note,
        locale: input.locale,
        status,
        token_nonce: nonce,
        token_hash: hash,
        created_at: stamp,
        updated_at: stamp,
        promoted_at: null,
        cancelled_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const position = status === "waitlisted" ? await waitlistPosition(trx, scope, id) : null;
    await mailRsvp(trx, id, status === "confirmed" ? "confirmed" : "waitlisted", now);
    return { ok: true, status, position, token };
  });
}

async function waitlistPosition(db: Trx, scope: SignupScope, rsvpId: number): Promise<number> {
  const row = await inScope(scope)(baseRsvps(db))
    .select(sql<number>`count(*)`.as("ahead"))
    .where("r.status", "=", "waitlisted")
    .where("r.id", "<=", rsvpId)
    .executeTakeFirstOrThrow();
  return Number(row.ahead);
}

/** Confirms waiting parties in order while they fit, and mails each one. */
export async function promoteWaitlist(db: Trx, scope: SignupScope, now: Date): Promise<number[]> {
  const state = await scopeState(db, scope, now);
  if (!state.open) return [];
  const waitlist = await inScope(scope)(baseRsvps(db))
    .select(["r.id", "r.party_size"])
    .where("r.status", "=", "waitlisted")
    .orderBy("r.id")
    .execute();
  const promoted = planPromotions({
    capacity: state.capacity,
    confirmedPeople: state.confirmedPeople,
    waitlist: waitlist.map((row) => ({ id: row.id, partySize: row.party_size })),
  });
  if (promoted.length === 0) return [];
  const stamp = toInstantString(now);
  await db
    .updateTable("rsvps")
    .set({ status: "confirmed", promoted_at: stamp, updated_at: stamp })
    .where("id", "in", promoted)
    .execute();
  for (const id of promoted) await mailRsvp(db, id, "promoted", now);
  return promoted;
}

async function mailRsvp(db: Trx, rsvpId: number, kind: MailKind, now: Date, extra = {}) {
  const mail = await rsvpMail(db, rsvpId, kind, now, extra);
  if (mail) await enqueueMail(db, mail, now);
}

export type ManagedRsvp = NonNullable<Awaited<ReturnType<typeof findRsvp>>>;

/** The sign-up behind a manage link, or undefined for an unknown or malformed token. */
export async function findRsvp(db: DB, token: string) {
  if (!isWellFormedToken(token)) return undefined;
  const rsvp = await db
    .selectFrom("rsvps as r")
    .innerJoin("activities as a", "a.id", "r.activity_id")
    .leftJoin("occurrences as o", "o.id", "r.occurrence_id")
    .select([
      "r.id",
      "r.activity_id",
      "r.occurrence_id",
      "r.name",
      "r.email",
      "r.adults",
      "r.children",
      "r.party_size",
      "r.status",
      "r.locale",
      "r.anonymised_at",
      "a.slug as activity_slug",
      "a.title",
      "a.ask_party_size",
      "o.starts_at",
      "o.ends_at",
      "o.status as session_status",
    ])
    .where("r.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!rsvp) return undefined;
  const scope = { activityId: rsvp.activity_id, occurrenceId: rsvp.occurrence_id };
  const position = rsvp.status === "waitlisted" ? await waitlistPosition(db, scope, rsvp.id) : null;
  const firstSession =
    rsvp.occurrence_id === null
      ? await db
          .selectFrom("occurrences")
          .select(["starts_at", "ends_at"])
          .where("activity_id", "=", rsvp.activity_id)
          .where("status", "=", "scheduled")
          .where("ends_at", ">", toInstantString(new Date()))
          .orderBy("starts_at")
          .executeTakeFirst()
      : undefined;
  return {
    ...rsvp,
    locale: isLocale(rsvp.locale) ? rsvp.locale : "sv",
    position,
    nextStartsAt: rsvp.starts_at ?? firstSession?.starts_at ?? null,
    nextEndsAt: rsvp.ends_at ?? firstSession?.ends_at ?? null,
  };
}

/** Cancels through the manage link; a freed place goes to the waiting list at once. */
export async function cancelRsvp(db: DB, token: string, now: Date): Promise<boolean> {
  if (!isWellFormedToken(token)) return false;
  const stamp = toInstantString(now);
  return writeTransaction(db, async (trx) => {
    const rsvp = await trx
      .selectFrom("rsvps")
      .select(["id", "activity_id", "occurrence_id", "status"])
      .where("token_hash", "=", hashToken(token))
      .executeTakeFirst();
    if (!rsvp || rsvp.status === "cancelled") return false;
    await trx
      .updateTable("rsvps")
      .set({ status: "cancelled", cancelled_at: stamp, updated_at: stamp })
      .where("id", "=", rsvp.id)
      .execute();
    await promoteWaitlist(
      trx,
      { activityId: rsvp.activity_id, occurrenceId: rsvp.occurrence_id },
      now,
    );
    return true;
  });
}

export type PartyChange = "saved" | "no_room" | "closed";

/** Changes the party; growing needs free places, shrinking hands places to the waiting list. */
export async function changeParty(
  db: DB,
  token: string,
  party: { adults: number; children: number },
  now: Date,
): Promise<PartyChange> {
  if (!isWellFormedToken(token)) return "closed";
  const stamp = toInstantString(now);
  return writeTransaction(db, async (trx) => {
    const rsvp = await trx
      .selectFrom("rsvps")
      .select(["id", "activity_id", "occurrence_id", "status", "party_size"])
      .where("token_hash", "=", hashToken(token))
      .executeTakeFirst();
    if (!rsvp || rsvp.status === "cancelled") return "closed";
    const scope = { activityId: rsvp.activity_id, occurrenceId: rsvp.occurrence_id };
    const state = await scopeState(trx, scope, now);
    if (!state.open) return "closed";
    const to = party.adults + party.children;
    if (
      rsvp.status === "confirmed" &&
      !canChangePartySize({ ...state, from: rsvp.party_size, to })
    ) {
      return "no_room";
    }
    await trx
      .updateTable("rsvps")
      .set({ adults: party.adults, children: party.children, party_size: to, updated_at: stamp })
      .where("id", "=", rsvp.id)
      .execute();
    if (rsvp.status === "confirmed" && to < rsvp.party_size) await promoteWaitlist(trx, scope, now);
    return "saved";
  });
}

/** Everyone told about a session: its own sign-ups and the course's, confirmed or waiting. */
async function peopleOfSession(db: Trx, occurrenceId: number, activityId: number) {
  return db
    .selectFrom("rsvps")
    .select("id")
    .where("status", "in", ["confirmed", "waitlisted"] satisfies RsvpStatus[])
    .where((eb) =>
      eb.or([
        eb("occurrence_id", "=", occurrenceId),
        eb.and([eb("occurrence_id", "is", null), eb("activity_id", "=", activityId)]),
      ]),
    )
    .orderBy("id")
    .execute();
}

/** Staff cancel one session with a reason; everyone signed up is told. */
export async function cancelOccurrence(db: DB, occurrenceId: number, reason: string, now: Date) {
  const stamp = toInstantString(now);
  return writeTransaction(db, async (trx) => {
    const session = await trx
      .selectFrom("occurrences")
      .select(["id", "activity_id", "status"])
      .where("id", "=", occurrenceId)
      .executeTakeFirst();
    if (!session || session.status === "cancelled") return false;
    await trx
      .updateTable("occurrences")
      .set((eb) => ({
        status: "cancelled",
        cancel_reason: reason,
        sequence: eb("sequence", "+", 1),
        updated_at: stamp,
      }))
      .where("id", "=", occurrenceId)
      .execute();
    for (const { id } of await peopleOfSession(trx, occurrenceId, session.activity_id)) {
      await mailRsvp(trx, id, "cancelled", now, { occurrenceId, reason });
    }
    return true;
  });
}

/** Staff move one session to a new time with a reason; everyone signed up is told. */
export async function moveOccurrence(
  db: DB,
  occurrenceId: number,
  to: { startsAt: Date; endsAt: Date },
  reason: string,
  now: Date,
) {
  const stamp = toInstantString(now);
  return writeTransaction(db, async (trx) => {
    const session = await trx
      .selectFrom("occurrences")
      .select(["id", "activity_id", "starts_at", "ends_at"])
      .where("id", "=", occurrenceId)
      .executeTakeFirst();
    if (!session) return false;
    await trx
      .updateTable("occurrences")
      .set((eb) => ({
        starts_at: toInstantString(to.startsAt),
        ends_at: toInstantString(to.endsAt),
        moved: 1,
        move_reason: reason,
        sequence: eb("sequence", "+", 1),
        updated_at: stamp,
      }))
      .where("id", "=", occurrenceId)
      .execute();
    for (const { id } of await peopleOfSession(trx, occurrenceId, session.activity_id)) {
      await mailRsvp(trx, id, "moved", now, {
        occurrenceId,
        reason,
        fromStartsAt: session.starts_at,
        fromEndsAt: session.ends_at,
      });
    }
    return true;
  });
}

/** Staff change a session's (or a course's) capacity; more places go to the waiting list. */
export async function setCapacity(db: DB, scope: SignupScope, capacity: number | null, now: Date) {
  const stamp = toInstantString(now);
  return writeTransaction(db, async (trx) => {
    if (scope.occurrenceId === null) {
      await trx
        .updateTable("activities")
        .set({ capacity, updated_at: stamp })
        .where("id", "=", scope.activityId)
        .execute();
    } else {
      await trx
        .updateTable("occurrences")
        .set({ capacity, updated_at: stamp })
        .where("id", "=", scope.occurrenceId)
        .execute();
    }
    return promoteWaitlist(trx, scope, now);
  });
}

/**
 * Day-before reminders for sessions starting between `now` + 12 h and `now` + 36 h, each at most
 * once per sign-up and session (the reminder row is the guard, written with the mail).
 */
export async function enqueueReminders(db: DB, now: Date): Promise<number> {
  const from = toInstantString(new Date(now.getTime() + 12 * 3_600_000));
  const to = toInstantString(new Date(now.getTime() + 36 * 3_600_000));
  return writeTransaction(db, async (trx) => {
    const due = await trx
      .selectFrom("occurrences as o")
      .innerJoin("activities as a", "a.id", "o.activity_id")
      .innerJoin("rsvps as r", (join) =>
        join.on((eb) =>
          eb.or([
            eb("r.occurrence_id", "=", eb.ref("o.id")),
            eb.and([eb("r.occurrence_id", "is", null), eb("r.activity_id", "=", eb.ref("a.id"))]),
          ]),
        ),
      )
      .leftJoin("rsvp_reminders as rr", (join) =>
        join.onRef("rr.rsvp_id", "=", "r.id").onRef("rr.occurrence_id", "=", "o.id"),
      )
      .select(["r.id as rsvp_id", "o.id as occurrence_id"])
      .where("o.status", "=", "scheduled")
      .where("a.status", "=", "published")
      .where("r.status", "=", "confirmed")
      .where("r.email", "is not", null)
      .where("o.starts_at", ">=", from)
      .where("o.starts_at", "<", to)
      .where("rr.rsvp_id", "is", null)
      .execute();
    const stamp = toInstantString(now);
    for (const row of due) {
      await trx
        .insertInto("rsvp_reminders")
        .values({ rsvp_id: row.rsvp_id, occurrence_id: row.occurrence_id, created_at: stamp })
        .execute();
      await mailRsvp(trx, row.rsvp_id, "reminder", now, { occurrenceId: row.occurrence_id });
    }
    return due.length;
  });
}
