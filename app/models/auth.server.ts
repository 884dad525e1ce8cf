import { randomBytes } from "node:crypto";
import type { Role } from "#db/schema";
import { toInstantString } from "~/domain/time";
import { enqueueMail } from "~/models/outbox.server";
import type { DB } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { hashToken } from "~/utils/tokens.server";
import { translator, type Locale } from "~/i18n/i18n";

export const LOGIN_TOKEN_MINUTES = 15;

export type SessionUser = {
  id: number;
  email: string;
  name: string;
  role: Role;
  partner_id: number | null;
  sessionId: string;
};

function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Sends a login link when the address belongs to a user; does nothing otherwise, so the
 * caller answers alike for known and unknown addresses. The link is built from PUBLIC_URL,
 * never from the request's Host header.
 */
export async function requestLoginLink(
  db: DB,
  email: string,
  redirectTo: string | null,
  locale: Locale,
  now: Date,
): Promise<{ sent: boolean; link: string | null }> {
  const user = await db
    .selectFrom("users")
    .select(["id", "name"])
    .where("email", "=", email.toLowerCase())
    .executeTakeFirst();
  if (!user) return { sent: false, link: null };
  const token = newToken();
  const link = `${env.PUBLIC_URL}/login/${token}`;
  const t = translator(locale);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("login_tokens")
      .values({
        user_id: user.id,
        token_hash: hashToken(token),
        redirect_to: redirectTo,
        created_at: toInstantString(now),
        expires_at: toInstantString(new Date(now.getTime() + LOGIN_TOKEN_MINUTES * 60_000)),
        used_at: null,
      })
      .execute();
    await enqueueMail(
      trx,
      {
        kind: "login-link",
        to: email.toLowerCase(),
        locale,
        subject: t("login.mail.subject"),
        text: [
          t("mail.greeting", { name: user.name }),
          t("login.mail.body", { minutes: LOGIN_TOKEN_MINUTES }),
          link,
          t("login.mail.ignore"),
          t("mail.signoff"),
        ].join("\n\n"),
      },
      now,
    );
  });
  return { sent: true, link };
}

/** Whether a link can still log someone in (GET shows the button; it consumes nothing). */
export async function loginTokenIsUsable(db: DB, token: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom("login_tokens")
    .select("id")
    .where("token_hash", "=", hashToken(token))
    .where("used_at", "is", null)
    .where("expires_at", ">", toInstantString(now))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Uses a link once: one conditional UPDATE, so two parallel POSTs cannot both win. Returns a
 * new session's cookie token, or null for a used, expired or unknown link.
 */
export async function consumeLoginToken(db: DB, token: string, now: Date) {
  const stamp = toInstantString(now);
  const used = await db
    .updateTable("login_tokens")
    .set({ used_at: stamp })
    .where("token_hash", "=", hashToken(token))
    .where("used_at", "is", null)
    .where("expires_at", ">", stamp)
    .returning(["user_id", "redirect_to"])
    .executeTakeFirst();
  if (!used) return null;
  const sessionToken = newToken();
  await db
    .insertInto("sessions")
    .values({
      id: hashToken(sessionToken),
      user_id: used.user_id,
      created_at: stamp,
      expires_at: toInstantString(new Date(now.getTime() + env.SESSION_DAYS * 86_400_000)),
      revoked_at: null,
    })
    .execute();
  await audit(db, used.user_id, "login", "user", used.user_id, "Loggade in", now);
  return { sessionToken, userId: used.user_id, redirectTo: used.redirect_to };
}

export async function userForSession(db: DB, sessionToken: string, now: Date) {
  const user = await db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["u.id", "u.email", "u.name", "u.role", "u.partner_id", "s.id as sessionId"])
    .where("s.id", "=", hashToken(sessionToken))
    .where("s.revoked_at", "is", null)
    .where("s.expires_at", ">", toInstantString(now))
    .executeTakeFirst();
  return user satisfies SessionUser | undefined;
}

export async function revokeSession(db: DB, sessionId: string, now: Date) {
  await db
    .updateTable("sessions")
    .set({ revoked_at: toInstantString(now) })
    .where("id", "=", sessionId)
    .execute();
}

/** One line in the audit log: who did what to which thing, and when. */
export async function audit(
  db: DB,
  userId: number | null,
  action: string,
  entity: string,
  entityId: number | null,
  summary: string,
  now = new Date(),
) {
  await db
    .insertInto("audit_log")
    .values({
      user_id: userId,
      action,
      entity,
      entity_id: entityId,
      summary: summary.slice(0, 500),
      created_at: toInstantString(now),
    })
    .execute();
}
