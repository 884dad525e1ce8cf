import { createHmac } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "#db/schema";
import { toInstantString } from "~/domain/time";
import type { DB } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { writeTransaction } from "~/utils/write-transaction.server";
import { promoteWaitlist } from "./rsvps.server";

type Trx = Kysely<Database>;

const ANONYMOUS = "–";

/**
 * Keep the statistics, drop the names: sign-ups of sessions that ended more than `days` ago
 * (a course: its last session) lose name, email, phone and note. Party sizes, statuses and
 * check-ins stay, so every report gives the same figures before and after. Sent mail older
 * than that goes too, and feed tokens of addresses no longer signed up for anything.
 */
export async function anonymiseOldData(db: DB, now: Date, days = env.RETENTION_DAYS) {
  const cutoff = toInstantString(new Date(now.getTime() - days * 86_400_000));
  const stamp = toInstantString(now);
  return writeTransaction(db, async (trx) => {
    const sessionRsvps = await trx
      .updateTable("rsvps")
      .set(anonymisedFields(stamp))
      .where("anonymised_at", "is", null)
      .where("occurrence_id", "is not", null)
      .where((eb) =>
        eb(
          "occurrence_id",
          "in",
          eb.selectFrom("occurrences").select("id").where("ends_at", "<", cutoff),
        ),
      )
      .executeTakeFirst();
    const courseRsvps = await trx
      .updateTable("rsvps")
      .set(anonymisedFields(stamp))
      .where("anonymised_at", "is", null)
      .where("occurrence_id", "is", null)
      .where((eb) =>
        eb(
          "activity_id",
          "in",
          eb
            .selectFrom("occurrences")
            .select("activity_id")
            .groupBy("activity_id")
            .having((having) => having.fn.max("ends_at"), "<", cutoff),
        ),
      )
      .executeTakeFirst();
    // A mail still undelivered after the retention period is of no use to anyone either.
    const mail = await trx.deleteFrom("outbox").where("created_at", "<", cutoff).executeTakeFirst();
    // A resident's contact on a proposal is there to reply about it, not to keep.
    const contacts = await trx
      .updateTable("proposals")
      .set({ contact: null, updated_at: stamp })
      .where("contact", "is not", null)
      .where("created_at", "<", cutoff)
      .executeTakeFirst();
    const loginTokens = await trx
      .deleteFrom("login_tokens")
      .where("expires_at", "<", cutoff)
      .executeTakeFirst();
    const feeds = await dropOrphanCalendarTokens(trx);
    return {
      rsvps: Number(sessionRsvps.numUpdatedRows) + Number(courseRsvps.numUpdatedRows),
      mails: Number(mail.numDeletedRows),
      loginTokens: Number(loginTokens.numDeletedRows),
      proposalContacts: Number(contacts.numUpdatedRows),
      calendarTokens: feeds,
    };
  });
}

function anonymisedFields(stamp: string) {
  return {
    name: ANONYMOUS,
    email: null,
    phone: null,
    note: null,
    anonymised_at: stamp,
    updated_at: stamp,
  };
}

async function dropOrphanCalendarTokens(trx: Trx): Promise<number> {
  const result = await trx
    .deleteFrom("calendar_tokens")
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom("rsvps").select("id").whereRef("rsvps.email", "=", "calendar_tokens.email"),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Swedish numbers with or without the country code count as the same number. */
function samePhone(a: string, b: string): boolean {
  const digits = (phone: string) =>
    normaliseSubject({ kind: "phone", value: phone }).replace(/^\+46/, "0");
  return digits(a) !== "" && digits(a) === digits(b);
}

export type Subject = { kind: "email"; value: string } | { kind: "phone"; value: string };

export function normaliseSubject(subject: Subject): string {
  return subject.kind === "email"
    ? subject.value.trim().toLowerCase()
    : subject.value.replace(/[^\d+]/g, "");
}

/** A keyed hash: the erasure log can find the subject again without holding the address. */
export function subjectHash(subject: Subject): string {
  return createHmac("sha256", env.SESSION_SECRET)
    .update(`erasure:${subject.kind}:${normaliseSubject(subject)}`)
    .digest("hex");
}

/**
 * Every erasure is also appended to a log file outside the database, so that restoring an older
 * database file does not bring back the people who asked to be erased: `npm run
 * reapply-erasures` reads this file. Written before the commit: a hash for an erasure that then
 * failed only erases data its owner asked to have erased.
 */
function appendErasureLog(entry: { subject_hash: string; kind: string; created_at: string }) {
  mkdirSync(dirname(env.ERASURE_LOG), { recursive: true });
  appendFileSync(env.ERASURE_LOG, `${JSON.stringify(entry)}\n`);
}

function readErasureLog(): string[] {
  if (!existsSync(env.ERASURE_LOG)) return [];
  return readFileSync(env.ERASURE_LOG, "utf8")
    .split("\n")
    .filter(Boolean)
    .flatMap((line) => {
      try {
        const entry: unknown = JSON.parse(line);
        return typeof entry === "object" &&
          entry !== null &&
          "subject_hash" in entry &&
          typeof entry.subject_hash === "string"
          ? [entry.subject_hash]
          : [];
      } catch {
        return [];
      }
    });
}

export type ErasureReceipt = {
  signupsErased: number;
  signupsCancelled: number;
  mailsDeleted: number;
  calendarFeedsDeleted: number;
  proposalContactsErased: number;
};

function mentions(text: string, kind: Subject["kind"], value: string): boolean {
  if (kind === "email") return text.toLowerCase().includes(value);
  const digits = text
    .replace(/[^\d+]/g, " ")
    .split(/\s+/)
    .join("");
  const wanted = value.replace(/^\+46/, "0");
  return wanted.length >= 6 && digits.replace(/\+46/g, "0").includes(wanted);
}

/**
 * Erases everything held for an email or phone number: sign-ups lose their personal data (and
 * future ones are cancelled, their places going to the waiting list at the next promotion),
 * queued and sent mail to the address is deleted, and its calendar feed. Logged by hash.
 */
export async function eraseSubject(
  db: DB,
  subject: Subject,
  requestedBy: string,
  now: Date,
  options: { log?: boolean } = {},
): Promise<ErasureReceipt> {
  const value = normaliseSubject(subject);
  const stamp = toInstantString(now);
  return writeTransaction(db, async (trx) => {
    const receipt = await eraseIn(trx, subject.kind, value, stamp);
    if (options.log !== false) {
      const entry = { subject_hash: subjectHash(subject), kind: subject.kind, created_at: stamp };
      await trx
        .insertInto("erasures")
        .values({ ...entry, requested_by: requestedBy, receipt: JSON.stringify(receipt) })
        .execute();
      appendErasureLog(entry);
    }
    return receipt;
  });
}

async function eraseIn(trx: Trx, kind: Subject["kind"], value: string, stamp: string) {
  // Phones are typed every which way ("070-123 45 67", "+4670…"): compare them normalised.
  const matching =
    kind === "email"
      ? await trx
          .selectFrom("rsvps")
          .select(["id", "status", "occurrence_id", "activity_id"])
          .where("email", "=", value)
          .execute()
      : (
          await trx
            .selectFrom("rsvps")
            .select(["id", "status", "occurrence_id", "activity_id", "phone"])
            .where("phone", "is not", null)
            .execute()
        ).filter((row) => samePhone(row.phone ?? "", value));
  const ids = matching.map((row) => row.id);
  let cancelled = 0;
  if (ids.length > 0) {
    const future = await trx
      .updateTable("rsvps")
      .set({ status: "cancelled", cancelled_at: stamp })
      .where("id", "in", ids)
      .where("status", "<>", "cancelled")
      .where((eb) =>
        eb.or([
          eb(
            "occurrence_id",
            "in",
            eb.selectFrom("occurrences").select("id").where("starts_at", ">", stamp),
          ),
          eb("occurrence_id", "is", null),
        ]),
      )
      .executeTakeFirst();
    cancelled = Number(future.numUpdatedRows);
    const scopes = new Map(
      matching.map((row) => [
        `${row.activity_id}:${row.occurrence_id}`,
        { activityId: row.activity_id, occurrenceId: row.occurrence_id },
      ]),
    );
    for (const scope of scopes.values()) await promoteWaitlist(trx, scope, new Date(stamp));
    await trx.updateTable("rsvps").set(anonymisedFields(stamp)).where("id", "in", ids).execute();
  }
  const mails =
    kind === "email"
      ? Number(
          (await trx.deleteFrom("outbox").where("to_address", "=", value).executeTakeFirst())
            .numDeletedRows,
        )
      : 0;
  const feeds =
    kind === "email"
      ? Number(
          (await trx.deleteFrom("calendar_tokens").where("email", "=", value).executeTakeFirst())
            .numDeletedRows,
        )
      : 0;
  // Proposal contacts are free text ("Anna, 070-…"): match the address or number inside it.
  const contacts = (
    await trx
      .selectFrom("proposals")
      .select(["id", "contact"])
      .where("contact", "is not", null)
      .execute()
  ).filter((row) => mentions(row.contact ?? "", kind, value));
  if (contacts.length > 0) {
    await trx
      .updateTable("proposals")
      .set({ contact: null, updated_at: stamp })
      .where(
        "id",
        "in",
        contacts.map((row) => row.id),
      )
      .execute();
  }
  return {
    signupsErased: ids.length,
    signupsCancelled: cancelled,
    mailsDeleted: mails,
    calendarFeedsDeleted: feeds,
    proposalContactsErased: contacts.length,
  };
}

/**
 * After restoring a backup: every address the erasure log names is erased again. The log holds
 * only keyed hashes, so each address still in the database is hashed and compared.
 */
export async function reapplyErasures(db: DB, now: Date): Promise<number> {
  const logged = new Set([
    ...readErasureLog(),
    ...(await db.selectFrom("erasures").select("subject_hash").execute()).map(
      (row) => row.subject_hash,
    ),
  ]);
  if (logged.size === 0) return 0;
  const rows = await db
    .selectFrom("rsvps")
    .select(["email", "phone"])
    .where("anonymised_at", "is", null)
    .execute();
  const subjects = new Map<string, Subject>();
  for (const row of rows) {
    if (row.email) subjects.set(`e:${row.email}`, { kind: "email", value: row.email });
    if (row.phone) subjects.set(`p:${row.phone}`, { kind: "phone", value: row.phone });
  }
  for (const token of await db.selectFrom("calendar_tokens").select("email").execute()) {
    subjects.set(`e:${token.email}`, { kind: "email", value: token.email });
  }
  let erased = 0;
  const live = await db
    .selectFrom("rsvps")
    .select("id")
    .where("anonymised_at", "is", null)
    .execute();
  for (const { id } of live) {
    if (!logged.has(rsvpHash(id))) continue;
    await eraseRsvp(db, id, now, { log: false });
    erased += 1;
  }
  for (const subject of subjects.values()) {
    if (!logged.has(subjectHash(subject))) continue;
    await eraseSubject(db, subject, "reapply", now, { log: false });
    erased += 1;
  }
  return erased;
}

/**
 * A resident erases their own sign-up through its manage link: it is cancelled (its place goes
 * to the waiting list), loses its personal data, and the mails about it are deleted.
 */
export async function eraseRsvp(
  db: DB,
  rsvpId: number,
  now: Date,
  options: { log?: boolean } = {},
): Promise<boolean> {
  const stamp = toInstantString(now);
  return writeTransaction(db, async (trx) => {
    const rsvp = await trx
      .selectFrom("rsvps")
      .select(["id", "status", "activity_id", "occurrence_id", "anonymised_at"])
      .where("id", "=", rsvpId)
      .executeTakeFirst();
    if (!rsvp || rsvp.anonymised_at) return false;
    const wasActive = rsvp.status !== "cancelled";
    await trx
      .updateTable("rsvps")
      .set({ ...anonymisedFields(stamp), status: "cancelled", cancelled_at: stamp })
      .where("id", "=", rsvp.id)
      .execute();
    await trx.deleteFrom("outbox").where("rsvp_id", "=", rsvp.id).execute();
    if (wasActive) {
      await promoteWaitlist(
        trx,
        { activityId: rsvp.activity_id, occurrenceId: rsvp.occurrence_id },
        now,
      );
    }
    await dropOrphanCalendarTokens(trx);
    if (options.log === false) return true;
    const entry = { subject_hash: rsvpHash(rsvp.id), kind: "rsvp" as const, created_at: stamp };
    await trx
      .insertInto("erasures")
      .values({ ...entry, requested_by: "resident", receipt: JSON.stringify({ signupsErased: 1 }) })
      .execute();
    appendErasureLog(entry);
    return true;
  });
}

function rsvpHash(rsvpId: number): string {
  return createHmac("sha256", env.SESSION_SECRET).update(`erasure:rsvp:${rsvpId}`).digest("hex");
}
