import type { Role } from "#db/schema";
import type { FieldError } from "./signup-types";

// Shared by the staff pages' actions (server) and their forms (browser): types and constants only.

/** Errors by field name ("name", "days.0.opens"); "form" is for the form as a whole. */
export type FieldErrors = Partial<Record<string, FieldError>>;
/** What the person typed, kept so a rejected form comes back filled in. */
export type FormValues = Record<string, string | string[]>;
/** What a rejected staff form sends back: the messages and what was typed. */
export type FormFailure = { errors: FieldErrors; values: FormValues };

/** Slugs go into public addresses and feed URLs. */
export const SLUG_MAX = 60;
export const NAME_MAX = 100;
export const ROOM_CAPACITY_MAX = 1000;
export const ROLES = ["admin", "staff", "partner"] as const satisfies readonly Role[];
