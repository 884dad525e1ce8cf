import { data, redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { resolveLocale, type Locale } from "~/i18n/i18n";
import { signUp, type SignupScope } from "~/models/rsvps.server";
import { getDb } from "./db.server";
import { env } from "./env.server";
import { kickMailWorker } from "./mail-worker.server";
import { RateLimiter } from "./rate-limit.server";

import type { SignupActionData, SignupErrors, SignupSettings, SignupValues } from "./signup-types";

const NAME_MAX = 100;
const NOTE_MAX = 500;
const windowMs = () => env.SIGNUP_LIMIT_WINDOW_MINUTES * 60_000;
const perIp = new RateLimiter(env.SIGNUP_LIMIT_PER_IP, windowMs());
const perEmail = new RateLimiter(env.SIGNUP_LIMIT_PER_EMAIL, windowMs());

const text = z
  .string()
  .optional()
  .transform((value) => (value ?? "").trim());

/** Reads the sign-up form; every message is a catalogue key shown beside its field. */
export function parseSignup(form: FormData, settings: SignupSettings) {
  const raw = z
    .object({
      name: text,
      email: text,
      phone: text,
      adults: text,
      children: text,
      note: text,
      website: text,
    })
    .parse(Object.fromEntries([...form].filter(([, value]) => typeof value === "string")));
  const values: SignupValues = {
    name: raw.name,
    email: raw.email,
    phone: raw.phone,
    adults: raw.adults,
    children: raw.children,
    note: raw.note,
  };
  const errors: SignupErrors = {};
  const max = env.MAX_PARTY_SIZE;

  if (raw.name === "") errors.name = { key: "field.required" };
  else if (raw.name.length > NAME_MAX)
    errors.name = { key: "field.nameTooLong", params: { max: NAME_MAX } };

  const email = raw.email.toLowerCase();
  if (email === "") {
    if (settings.require_email) errors.email = { key: "field.required" };
  } else if (!z.email().safeParse(email).success || email.length > 254) {
    errors.email = { key: "field.email" };
  }
  const phone = raw.phone;
  if (phone === "") {
    if (settings.require_phone) errors.phone = { key: "field.required" };
  } else if (!/^\+?[0-9][0-9 ()-]{5,19}$/.test(phone) || phone.replace(/\D/g, "").length < 6) {
    errors.phone = { key: "field.phone" };
  }

  let adults = 1;
  let children = 0;
  if (settings.ask_party_size) {
    const count = (value: string) => (/^\d{1,4}$/.test(value) ? Number(value) : Number.NaN);
    adults = raw.adults === "" ? 0 : count(raw.adults);
    children = raw.children === "" ? 0 : count(raw.children);
    if (!Number.isInteger(adults) || adults > max)
      errors.adults = { key: "field.count", params: { max } };
    if (!Number.isInteger(children) || children > max)
      errors.children = { key: "field.count", params: { max } };
    if (!errors.adults && !errors.children) {
      if (adults + children < 1) errors.adults = { key: "field.partyMin" };
      else if (adults + children > max) errors.adults = { key: "field.partyMax", params: { max } };
    }
  }
  if (raw.note.length > NOTE_MAX)
    errors.note = { key: "field.noteTooLong", params: { max: NOTE_MAX } };

  return {
    errors,
    values,
    honeypot: raw.website !== "",
    input: {
      name: raw.name,
      email: email || null,
      phone: phone || null,
      adults,
      children,
      note: raw.note || null,
    },
  };
}

/**
 * The shared action of the session and course pages: validate, rate-limit, sign up, then
 * redirect to the manage page (a reload does not sign up twice).
 */
export async function handleSignup(
  request: Request,
  context: AppLoadContext,
  settings: SignupSettings,
  scope: SignupScope,
) {
  const locale: Locale = resolveLocale(
    request.headers.get("cookie"),
    request.headers.get("accept-language"),
  );
  const form = await request.formData();
  const parsed = parseSignup(form, settings);
  const reply = (errors: SignupErrors, status: number) =>
    data<SignupActionData>({ errors, values: parsed.values }, { status });

  if (!perIp.hit(context.clientIp)) return reply({ form: { key: "signup.rateLimited" } }, 429);
  if (Object.keys(parsed.errors).length > 0) return reply(parsed.errors, 400);
  // A filled honeypot is a bot: answer as if it worked, store nothing.
  if (parsed.honeypot) throw redirect(new URL(request.url).pathname + "?sent=1");
  if (parsed.input.email && !perEmail.hit(parsed.input.email)) {
    return reply({ email: { key: "signup.rateLimited" } }, 429);
  }

  const result = await signUp(getDb(), scope, { ...parsed.input, locale }, new Date());
  if (!result.ok) {
    if (result.reason === "duplicate") return reply({ email: { key: "field.duplicate" } }, 409);
    const key = (
      {
        past: "signup.closedPast",
        cancelled: "signup.closedCancelled",
        ended: "signup.closedEnded",
        closed: "signup.closed",
      } as const
    )[result.reason];
    return reply({ form: { key } }, 400);
  }
  kickMailWorker();
  throw redirect(`/rsvp/${result.token}?welcome=1`);
}
