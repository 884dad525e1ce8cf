import type { MessageKey } from "~/i18n/sv";

// Shared by the sign-up action (server) and the form (browser), so it holds types only.
export type SignupField = "name" | "email" | "phone" | "adults" | "children" | "note";
export type FieldError = { key: MessageKey; params?: Record<string, number> };
export type SignupErrors = Partial<Record<SignupField | "form", FieldError>>;
export type SignupValues = Partial<Record<SignupField, string>>;
export type SignupActionData = { errors: SignupErrors; values: SignupValues };
export type SignupSettings = {
  first_name_only: number;
  require_email: number;
  require_phone: number;
  ask_party_size: number;
};
