import { createHash, createHmac, randomBytes } from "node:crypto";
import { env } from "./env.server";

/**
 * Manage-link tokens: 256 bits, derived as HMAC(SESSION_SECRET, nonce) so the database holds
 * only the nonce and the token's hash. A stolen database cannot open anyone's sign-up, and a
 * later mail (promoted, moved) can still carry the resident's same link.
 */
export function newManageToken(secret = env.SESSION_SECRET) {
  const nonce = randomBytes(32).toString("base64url");
  const token = manageToken(nonce, "rsvp", secret);
  return { nonce, token, hash: hashToken(token) };
}

/** `purpose` keeps a sign-up's manage token and a calendar feed's token apart. */
export function manageToken(
  nonce: string,
  purpose: "rsvp" | "calendar" = "rsvp",
  secret = env.SESSION_SECRET,
): string {
  return createHmac("sha256", secret).update(`${purpose}:${nonce}`).digest("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A token as it appears in a URL: 43 base64url characters. */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
