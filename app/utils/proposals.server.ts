import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { sv, type MessageKey } from "~/i18n/sv";
import { env } from "./env.server";
import { RateLimiter } from "./rate-limit.server";
import type { FieldError } from "./signup-types";
import { hashToken } from "./tokens.server";

export const SUPPORTER_COOKIE = "traffpunkt_supporter";
const SUPPORTER_MAX_AGE = 365 * 86_400;

/** A positive whole number from the environment, else the default (kept out of env.server.ts). */
function limitFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const windowMs = env.SIGNUP_LIMIT_WINDOW_MINUTES * 60_000;
// A building or a meeting place's wifi can share one address, so supports get more room than
// new proposals, which take staff time to read.
export const proposalLimiter = new RateLimiter(limitFromEnv("PROPOSAL_LIMIT_PER_IP", 10), windowMs);
export const supportLimiter = new RateLimiter(
  limitFromEnv("PROPOSAL_SUPPORT_LIMIT_PER_IP", 60),
  windowMs,
);

function cookieValue(request: Request, name: string): string | null {
  const value = request.headers
    .get("cookie")
    ?.split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1);
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

/**
 * The browser's supporter id, hashed: the database can tell two supports from one browser apart
 * from two browsers, but cannot link a support to an address or a person.
 */
export function supporterHash(request: Request): string | null {
  const id = cookieValue(request, SUPPORTER_COOKIE);
  return id ? hashToken(id) : null;
}

/** The browser's supporter hash, and a Set-Cookie header when the browser had no id yet. */
export function supporterFor(request: Request): { hash: string; setCookie: string | null } {
  const existing = cookieValue(request, SUPPORTER_COOKIE);
  if (existing) return { hash: hashToken(existing), setCookie: null };
  const id = randomBytes(32).toString("base64url");
  const secure = env.PUBLIC_URL.startsWith("https:") ? "; Secure" : "";
  return {
    hash: hashToken(id),
    setCookie: `${SUPPORTER_COOKIE}=${id}; Path=/proposals; HttpOnly; SameSite=Lax; Max-Age=${SUPPORTER_MAX_AGE}${secure}`,
  };
}

/** Errors by field name, and "form" for the form as a whole. */
export type FormErrors = Partial<Record<string, FieldError>>;

function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(sv, value);
}

/**
 * Zod issues as one message per field (the first). A schema's messages are catalogue keys;
 * limits travel as `min`/`max` for the message to mention.
 */
export function formErrors(issues: z.core.$ZodIssue[], fallback: MessageKey): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "form");
    if (errors[field]) continue;
    const key = isMessageKey(issue.message) ? issue.message : fallback;
    if (issue.code === "too_big") errors[field] = { key, params: { max: Number(issue.maximum) } };
    else if (issue.code === "too_small")
      errors[field] = { key, params: { min: Number(issue.minimum) } };
    else errors[field] = { key };
  }
  return errors;
}

/** The string fields of a form; a file where text is expected is left out. */
export function formStrings(form: FormData): Record<string, string> {
  return Object.fromEntries(
    [...form].flatMap(([name, value]) => (typeof value === "string" ? [[name, value]] : [])),
  );
}
