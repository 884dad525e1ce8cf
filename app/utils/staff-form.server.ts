import { data } from "@remix-run/node";
import { z } from "zod";
import { sv, type MessageKey } from "~/i18n/sv";
import {
  NAME_MAX,
  ROLES,
  ROOM_CAPACITY_MAX,
  SLUG_MAX,
  type FieldErrors,
  type FormValues,
} from "./staff-form-types";

export type { FieldErrors, FormValues };

/** What a domain change answers: the new or changed row, or errors to show beside the fields. */
export type Saved = { ok: true; id: number } | { ok: false; errors: FieldErrors };

/** A zod message that is a catalogue key, so the page can show it in the reader's language. */
export const says = (key: MessageKey) => ({ error: key });

function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(sv, value);
}

/**
 * The form as a plain object for a schema. Names in `lists` keep every value (checkbox groups)
 * and are present even when nothing was ticked; any other name keeps its first value.
 */
export function formValues(form: FormData, lists: readonly string[] = []): FormValues {
  const values: FormValues = {};
  for (const name of lists) values[name] = [];
  for (const [name, value] of form) {
    if (typeof value !== "string") continue;
    const current = values[name];
    if (Array.isArray(current)) current.push(value);
    else if (current === undefined) values[name] = value;
  }
  return values;
}

/** The first problem of each field, as catalogue keys; the maximum comes along for "too long". */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const name = issue.path.map(String).join(".") || "form";
    if (errors[name]) continue;
    const key = isMessageKey(issue.message) ? issue.message : "staffAdmin.error.invalid";
    errors[name] =
      issue.code === "too_big" ? { key, params: { max: Number(issue.maximum) } } : { key };
  }
  return errors;
}

/** A 400 that re-renders the page with the messages beside the fields and the input kept. */
export function invalid(values: FormValues, errors: FieldErrors) {
  return data({ values, errors }, { status: 400 });
}

// A field that is missing altogether reads as empty: the message then says what to fill in.
const trimmed = z
  .string()
  .optional()
  .transform((value) => (value ?? "").trim());

export const optionalText = (max: number) =>
  trimmed.pipe(z.string().max(max, says("staffAdmin.error.tooLong")));

export const requiredText = (max: number) =>
  trimmed.pipe(
    z.string().min(1, says("field.required")).max(max, says("staffAdmin.error.tooLong")),
  );

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Empty means "make one from the name" (see `resolveSlug`). */
export const slugInput = trimmed
  .transform((value) => value.toLowerCase())
  .pipe(
    z
      .string()
      .max(SLUG_MAX, says("staffAdmin.error.tooLong"))
      .refine((value) => value === "" || SLUG_PATTERN.test(value), says("staffAdmin.error.slug")),
  );

/** "@Söder" → "soder": what a slug left empty becomes. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, SLUG_MAX)
    .replace(/^-+|-+$/g, "");
}

/** The slug typed, or one made from the name; null when the name has nothing to make one of. */
export function resolveSlug(slug: string, name: string): string | null {
  return slug || slugify(name) || null;
}

/** A row id from a form field or a URL segment: digits only, so "1.5" or "1e3" never match. */
export const idInput = trimmed.pipe(
  z
    .string()
    .regex(/^[1-9]\d{0,8}$/, says("staffAdmin.error.choose"))
    .transform(Number),
);

/** An optional choice in a <select>: "" is none. */
export const optionalIdInput = trimmed.pipe(
  z
    .string()
    .regex(/^([1-9]\d{0,8})?$/, says("staffAdmin.error.choose"))
    .transform((value) => (value === "" ? null : Number(value))),
);

/** An unticked checkbox is not sent at all. */
export const checkbox = z
  .string()
  .optional()
  .transform((value) => value !== undefined);

export const emailInput = (required: boolean) =>
  trimmed
    .transform((value) => value.toLowerCase())
    .pipe(
      z
        .string()
        .max(254, says("staffAdmin.error.tooLong"))
        .refine((value) => value !== "" || !required, says("field.required"))
        .refine((value) => value === "" || z.email().safeParse(value).success, says("field.email")),
    );

/** The id in the URL, or a 404: a malformed id names nothing that exists. */
export function idParam(value: string | undefined): number {
  const parsed = idInput.safeParse(value);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  return parsed.data;
}

/** better-sqlite3 reports constraint failures with a code such as SQLITE_CONSTRAINT_FOREIGNKEY. */
export function isConstraintError(error: unknown, code: string): boolean {
  return error instanceof Error && "code" in error && error.code === code;
}

// ---------------------------------------------------------------------------------------------
// The fields of each staff form, shared by its "new" and "edit" pages.

export const placeFields = {
  name: requiredText(NAME_MAX),
  slug: slugInput,
  areaId: idInput,
  streetAddress: requiredText(200),
  // "25225" and "252 25" are the same postal code; stored the way it is printed.
  postalCode: trimmed
    .pipe(z.string().regex(/^(\d{3} ?\d{2})?$/, says("staffAdmin.error.postalCode")))
    .transform((value) => (value === "" ? "" : `${value.slice(0, 3)} ${value.slice(-2)}`)),
  city: optionalText(NAME_MAX),
  description: optionalText(2000),
  accessibility: optionalText(1000),
};

/** Any whole number as typed, so "1.5", "-1", "1e3" and "abc" are refused rather than rounded. */
export const roomCapacity = trimmed.pipe(
  z
    .string()
    .regex(/^\d{1,7}$/, says("staffAdmin.error.capacity"))
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, says("staffAdmin.error.capacity"))
        .max(ROOM_CAPACITY_MAX, says("staffAdmin.error.capacity")),
    ),
);

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "9:00", "09.00" and "09:00" all mean 09:00 (a time input sends HH:MM; people type the rest). */
const clock = trimmed
  .transform((value) => value.replace(".", ":").replace(/^(\d):/, "0$1:"))
  .pipe(
    z
      .string()
      .min(1, says("staffAdmin.error.timeMissing"))
      .regex(TIME, says("staffAdmin.error.time")),
  );

const openDay = z
  .object({ closed: z.literal(false), opens: clock, closes: clock })
  .refine((day) => !TIME.test(day.opens) || !TIME.test(day.closes) || day.opens < day.closes, {
    path: ["closes"],
    ...says("staffAdmin.error.closesBeforeOpens"),
  });

export const dayHours = z.discriminatedUnion("closed", [
  z.object({ closed: z.literal(true) }),
  openDay,
]);

/** The hours form's fields (opens-1 … closes-7, closed = 1…7) as Monday-first days. */
export function weekFromForm(values: FormValues) {
  const closed = values.closed;
  return [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    closed: Array.isArray(closed) && closed.includes(String(weekday)),
    opens: values[`opens-${weekday}`],
    closes: values[`closes-${weekday}`],
  }));
}

// "www.fyrafarger.se" is what people paste; any other scheme (javascript:, ftp:) is refused.
const BARE_DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}([/?#]\S*)?$/i;
const webAddress = z.url({
  protocol: /^https?$/,
  hostname: z.regexes.domain,
  ...says("staffAdmin.error.website"),
});

export const partnerFields = {
  name: requiredText(NAME_MAX),
  slug: slugInput,
  description: optionalText(2000),
  website: trimmed
    .transform((value) => (BARE_DOMAIN.test(value) ? `https://${value}` : value))
    .pipe(
      z
        .string()
        .max(300, says("staffAdmin.error.tooLong"))
        .refine((value) => value === "" || webAddress.safeParse(value).success, {
          ...says("staffAdmin.error.website"),
        }),
    )
    .transform((value) => value || null),
  email: emailInput(false).transform((value) => value || null),
  trusted: checkbox,
  placeIds: z
    .array(z.string())
    .max(500)
    .refine(
      (list) => list.every((id) => /^[1-9]\d{0,8}$/.test(id)),
      says("staffAdmin.error.choose"),
    )
    .transform((list) => [...new Set(list.map(Number))]),
};

/** A user's fields; a partner is chosen exactly when the role is partner (the database agrees). */
export const userFields = {
  email: emailInput(true),
  name: requiredText(NAME_MAX),
  role: z.enum(ROLES, says("staffAdmin.error.role")),
  partnerId: optionalIdInput,
};

export function checkUserPartner(
  user: { role: string; partnerId: number | null },
  ctx: z.RefinementCtx,
) {
  const problem = (key: MessageKey) =>
    ctx.addIssue({ code: "custom", path: ["partnerId"], message: key });
  if (user.role === "partner" && user.partnerId === null)
    problem("staffAdmin.error.partnerMissing");
  if (user.role !== "partner" && user.partnerId !== null) {
    // Probably meant the partner role: as staff the account would see far more than intended.
    problem("staffAdmin.error.partnerNotAllowed");
  }
}
