import { randomUUID } from "node:crypto";
import type { ExpressionBuilder, Transaction } from "kysely";
import type { Database, OutboxMail, OutboxStatus } from "#db/schema";
import { toInstantString } from "~/domain/time";
import type { DB } from "~/utils/db.server";
import { env } from "~/utils/env.server";

type Executor = DB | Transaction<Database>;

export type NewMail = {
  /** What the mail is about ("rsvp-confirmation", "login-link"): for reports and file names. */
  kind: string;
  to: string;
  locale: string;
  subject: string;
  text: string;
  html?: string | null;
  /** An iCalendar body, sent as an attachment. */
  ics?: string | null;
  /** The sign-up the mail is about, so erasing the sign-up can take the mail with it. */
  rsvpId?: number | null;
};

/** A mail as a worker claimed it; `locked_until` identifies the claim. */
export type ClaimedMail = Pick<OutboxMail, "id" | "attempts" | "locked_until">;

/** Far longer than one SMTP hand-over may take (see the transport's timeouts). */
export const DEFAULT_LEASE_MS = 10 * 60_000;
export const DEFAULT_MAX_ATTEMPTS = 10;
const MAX_RETRY_DELAY_MS = 60 * 60_000;
const MAX_ERROR_LENGTH = 1000;

/**
 * Puts a mail in the outbox; it is delivered after the caller's transaction commits, and not at
 * all if it rolls back. Never sends anything itself.
 */
export async function enqueueMail(db: Executor, mail: NewMail, now: Date) {
  const at = toInstantString(now);
  return db
    .insertInto("outbox")
    .values({
      kind: mail.kind,
      to_address: mail.to,
      locale: mail.locale,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html ?? null,
      ics: mail.ics ?? null,
      rsvp_id: mail.rsvpId ?? null,
      next_attempt_at: at,
      message_id: newMessageId(),
      created_at: at,
    })
    .returning(["id", "message_id"])
    .executeTakeFirstOrThrow();
}

// The sender's domain on the right of the "@" is what receivers expect; the UUID makes it unique.
function newMessageId(): string {
  const domain = /@([^\s<>@]+)>?\s*$/.exec(env.MAIL_FROM)?.[1] ?? "traffpunkt.invalid";
  return `<${randomUUID()}@${domain}>`;
}

function isDue(at: string) {
  return (eb: ExpressionBuilder<Database, "outbox">) =>
    eb.or([
      eb.and([eb("status", "=", "pending"), eb("next_attempt_at", "<=", at)]),
      // The claim of a worker that crashed or hung runs out, and the mail is due again.
      eb.and([eb("status", "=", "sending"), eb("locked_until", "<=", at)]),
    ]);
}

/**
 * Claims up to `limit` due mails for this worker until `now + leaseMs`. One conditional UPDATE,
 * so two workers never claim the same row: SQLite runs it under the write lock, and the outer
 * condition is checked again against the row as updated, which keeps it safe on PostgreSQL too.
 * Counts the attempt at claim time, so a mail whose worker keeps crashing still runs out of tries.
 */
export async function claimDue(
  db: DB,
  now: Date,
  limit: number,
  leaseMs = DEFAULT_LEASE_MS,
): Promise<OutboxMail[]> {
  const at = toInstantString(now);
  const claimed = await db
    .updateTable("outbox")
    .set((eb) => ({
      status: "sending",
      locked_until: toInstantString(new Date(now.getTime() + leaseMs)),
      attempts: eb("attempts", "+", 1),
    }))
    .where("id", "in", (eb) =>
      eb
        .selectFrom("outbox")
        .select("id")
        .where(isDue(at))
        .orderBy("next_attempt_at")
        .orderBy("id")
        .limit(limit),
    )
    .where(isDue(at))
    .returningAll()
    .execute();
  // RETURNING promises no order.
  return claimed.sort((a, b) => a.id - b.id);
}

/**
 * Records that the SMTP server accepted the mail. Unconditional: once accepted it is sent, even
 * if this worker's claim ran out meanwhile.
 */
export async function markSent(db: DB, mail: ClaimedMail, now: Date): Promise<void> {
  await db
    .updateTable("outbox")
    .set({ status: "sent", sent_at: toInstantString(now), locked_until: null, last_error: null })
    .where("id", "=", mail.id)
    .execute();
}

/** 1 minute after the first failed attempt, doubling each time, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(attempts - 1, 0), MAX_RETRY_DELAY_MS);
}

/**
 * Puts the mail back for a later attempt, or gives up after `maxAttempts`. The row stays, so a
 * failed mail can still be looked at and sent again. A claim that ran out and was taken by
 * another worker is left alone.
 */
export async function markFailed(
  db: DB,
  mail: ClaimedMail,
  error: string,
  now: Date,
  maxAttempts = DEFAULT_MAX_ATTEMPTS,
): Promise<Extract<OutboxStatus, "pending" | "failed">> {
  const status = mail.attempts >= maxAttempts ? "failed" : "pending";
  await db
    .updateTable("outbox")
    .set({
      status,
      locked_until: null,
      last_error: error.slice(0, MAX_ERROR_LENGTH),
      next_attempt_at: toInstantString(new Date(now.getTime() + retryDelayMs(mail.attempts))),
    })
    .where("id", "=", mail.id)
    .where("status", "=", "sending")
    .where("locked_until", "=", mail.locked_until)
    .execute();
  return status;
}
