import { Form, useNavigation } from "@remix-run/react";
import type { FieldError, SignupActionData, SignupSettings } from "~/utils/signup-types";
import { useI18n } from "~/i18n/use-i18n";

type Counts = { capacity: number | null; left: number | null; waiting: number };

/** The sign-up form: a plain POST that works without JavaScript; errors beside each field. */
export function SignupForm({
  settings,
  counts,
  result,
  heading,
}: {
  settings: SignupSettings;
  counts: Counts;
  result: SignupActionData | undefined;
  heading: string;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const full = counts.waiting > 0 || counts.left === 0;
  const message = (error: FieldError | undefined) => (error ? t(error.key, error.params) : null);
  const field = (name: keyof typeof errors) => ({
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `${name}-error` : undefined,
  });
  const errorText = (name: keyof typeof errors) =>
    errors[name] ? (
      <p className="field-error" id={`${name}-error`}>
        {message(errors[name])}
      </p>
    ) : null;
  const hasErrors = Object.keys(errors).length > 0;

  return (
    <section aria-labelledby="signup-title" className="signup">
      <h2 id="signup-title">{heading}</h2>
      {counts.capacity !== null && counts.left !== null ? (
        <p>
          {full
            ? t("signup.full")
            : t("signup.placesLeft", { left: counts.left, capacity: counts.capacity })}
        </p>
      ) : null}
      {hasErrors ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <p>{errors.form ? message(errors.form) : t("signup.errorSummary")}</p>
        </div>
      ) : null}
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="intent" value="signup" />
        <div className="field">
          <label htmlFor="signup-name">
            {settings.first_name_only ? t("signup.firstName") : t("signup.name")}
          </label>
          <input
            id="signup-name"
            name="name"
            autoComplete={settings.first_name_only ? "given-name" : "name"}
            required
            maxLength={100}
            defaultValue={values.name}
            {...field("name")}
          />
          {errorText("name")}
        </div>
        <div className="field">
          <label htmlFor="signup-email">
            {t("signup.email")}{" "}
            {settings.require_email ? null : <span className="muted">{t("signup.optional")}</span>}
          </label>
          <input
            id="signup-email"
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            required={settings.require_email === 1}
            defaultValue={values.email}
            {...field("email")}
          />
          {errorText("email")}
        </div>
        <div className="field">
          <label htmlFor="signup-phone">
            {t("signup.phone")}{" "}
            {settings.require_phone ? null : <span className="muted">{t("signup.optional")}</span>}
          </label>
          <input
            id="signup-phone"
            name="phone"
            type="tel"
            autoComplete="tel"
            required={settings.require_phone === 1}
            defaultValue={values.phone}
            {...field("phone")}
          />
          {errorText("phone")}
        </div>
        {settings.ask_party_size ? (
          <fieldset className="party">
            <legend>{t("signup.partyHint")}</legend>
            <div className="field">
              <label htmlFor="signup-adults">{t("signup.adults")}</label>
              <input
                id="signup-adults"
                name="adults"
                type="number"
                inputMode="numeric"
                min={0}
                defaultValue={values.adults ?? "1"}
                {...field("adults")}
              />
              {errorText("adults")}
            </div>
            <div className="field">
              <label htmlFor="signup-children">{t("signup.children")}</label>
              <input
                id="signup-children"
                name="children"
                type="number"
                inputMode="numeric"
                min={0}
                defaultValue={values.children ?? "0"}
                {...field("children")}
              />
              {errorText("children")}
            </div>
          </fieldset>
        ) : null}
        <div className="field">
          <label htmlFor="signup-note">
            {t("signup.note")} <span className="muted">{t("signup.optional")}</span>
          </label>
          <textarea
            id="signup-note"
            name="note"
            rows={3}
            maxLength={500}
            defaultValue={values.note}
            aria-invalid={errors.note ? true : undefined}
            aria-describedby={errors.note ? "signup-note-hint note-error" : "signup-note-hint"}
          />
          <p className="hint" id="signup-note-hint">
            {t("signup.noteHint")}
          </p>
          {errorText("note")}
        </div>
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="signup-website">{t("signup.honeypot")}</label>
          <input id="signup-website" name="website" tabIndex={-1} autoComplete="off" />
        </div>
        <p className="consent">{t("signup.consent")}</p>
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {full ? t("signup.submitWaitlist") : t("signup.submit")}
        </button>
      </Form>
    </section>
  );
}
