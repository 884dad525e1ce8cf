import { toInstantString } from "~/domain/time";
import type { DB } from "~/utils/db.server";
import { hashToken, isWellFormedToken, manageToken, newManageToken } from "~/utils/tokens.server";

/** The token of an email's own calendar feed, made on first use; the same link afterwards. */
export async function calendarTokenFor(db: DB, email: string, now: Date): Promise<string> {
  const existing = await db
    .selectFrom("calendar_tokens")
    .select("token_nonce")
    .where("email", "=", email)
    .executeTakeFirst();
  if (existing) return manageToken(existing.token_nonce, "calendar");
  const { nonce } = newManageToken();
  const token = manageToken(nonce, "calendar");
  await db
    .insertInto("calendar_tokens")
    .values({
      email,
      token_nonce: nonce,
      token_hash: hashToken(token),
      created_at: toInstantString(now),
    })
    .onConflict((oc) => oc.column("email").doNothing())
    .execute();
  // A parallel request may have won the insert: answer with whatever is stored.
  const stored = await db
    .selectFrom("calendar_tokens")
    .select("token_nonce")
    .where("email", "=", email)
    .executeTakeFirstOrThrow();
  return manageToken(stored.token_nonce, "calendar");
}

/** The feed token an email already has, without making one (loaders never write). */
export async function existingCalendarToken(db: DB, email: string): Promise<string | null> {
  const row = await db
    .selectFrom("calendar_tokens")
    .select("token_nonce")
    .where("email", "=", email)
    .executeTakeFirst();
  return row ? manageToken(row.token_nonce, "calendar") : null;
}

/** Revoking deletes the token: the old feed URL answers 404 from then on. */
export async function revokeCalendarToken(db: DB, email: string): Promise<void> {
  await db.deleteFrom("calendar_tokens").where("email", "=", email).execute();
}

export async function emailForCalendarToken(db: DB, token: string): Promise<string | undefined> {
  if (!isWellFormedToken(token)) return undefined;
  const row = await db
    .selectFrom("calendar_tokens")
    .select("email")
    .where("token_hash", "=", hashToken(token))
    .executeTakeFirst();
  return row?.email;
}
