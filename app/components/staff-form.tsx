import { useSearchParams } from "@remix-run/react";
import type {
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from "react";
import { useI18n } from "~/i18n/use-i18n";
import type { FieldError } from "~/utils/signup-types";
import { NAME_MAX, ROLES, SLUG_MAX, type FormFailure } from "~/utils/staff-form-types";

/**
 * The failure of one form on a page with several: the one whose `intent` (and, for a form per
 * row, whose id field) matches. Other forms show the stored values.
 */
export function failureOf(
  result: FormFailure | undefined,
  intent: string,
  target?: { field: string; id: number },
): FormFailure | undefined {
  if (!result || result.values.intent !== intent) return undefined;
  if (target && result.values[target.field] !== String(target.id)) return undefined;
  return result;
}

/** The typed value when the form came back, else the stored one. */
export function keptValue(
  failure: FormFailure | undefined,
  name: string,
  stored: string | number | null,
): string {
  const typed = failure?.values[name];
  if (typeof typed === "string") return typed;
  return stored === null ? "" : String(stored);
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter(Boolean).join(" ");
  return list === "" ? undefined : list;
}

export function ErrorText({ id, error }: { id: string; error: FieldError | undefined }) {
  const { t } = useI18n();
  return error ? (
    <p className="field-error" id={id}>
      {t(error.key, error.params)}
    </p>
  ) : null;
}

/** Above a rejected form: says that something needs fixing, and what, when it is not a field. */
export function ErrorSummary({ failure }: { failure: FormFailure | undefined }) {
  const { t } = useI18n();
  if (!failure || Object.keys(failure.errors).length === 0) return null;
  const general = failure.errors.form ?? failure.errors.intent;
  return (
    <div className="error-summary" role="alert">
      <p>{general ? t(general.key, general.params) : t("staffAdmin.errorSummary")}</p>
    </div>
  );
}

/** "Sparat." after a redirect with ?saved=1. */
export function SavedNotice() {
  const [search] = useSearchParams();
  const { t } = useI18n();
  return search.get("saved") ? (
    <p className="notice" role="status">
      {t("staffAdmin.saved")}
    </p>
  ) : null;
}

type FieldProps = {
  id: string;
  label: ReactNode;
  error?: FieldError;
  hint?: ReactNode;
  optional?: boolean;
  hideLabel?: boolean;
};

function Label({ id, label, optional, hideLabel }: FieldProps) {
  const { t } = useI18n();
  return (
    <label htmlFor={id} className={hideLabel ? "visually-hidden" : undefined}>
      {label}
      {optional ? (
        <>
          {" "}
          <span className="muted">{t("signup.optional")}</span>
        </>
      ) : null}
    </label>
  );
}

function invalidProps({ id, error, hint }: FieldProps) {
  return {
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(hint !== undefined && `${id}-hint`, error && `${id}-error`),
  };
}

function After({ id, error, hint }: FieldProps) {
  return (
    <>
      {hint !== undefined ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <ErrorText id={`${id}-error`} error={error} />
    </>
  );
}

export function TextField({
  id,
  label,
  error,
  hint,
  optional,
  hideLabel,
  ...input
}: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, "id">) {
  const field = { id, label, error, hint, optional, hideLabel };
  return (
    <div className="field">
      <Label {...field} />
      <input id={id} {...input} {...invalidProps(field)} />
      <After {...field} />
    </div>
  );
}

export function TextAreaField({
  id,
  label,
  error,
  hint,
  optional,
  hideLabel,
  ...textarea
}: FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id">) {
  const field = { id, label, error, hint, optional, hideLabel };
  return (
    <div className="field">
      <Label {...field} />
      <textarea id={id} rows={4} {...textarea} {...invalidProps(field)} />
      <After {...field} />
    </div>
  );
}

export function SelectField({
  id,
  label,
  error,
  hint,
  optional,
  hideLabel,
  children,
  ...select
}: FieldProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id">) {
  const field = { id, label, error, hint, optional, hideLabel };
  return (
    <div className="field">
      <Label {...field} />
      <select id={id} {...select} {...invalidProps(field)}>
        {children}
      </select>
      <After {...field} />
    </div>
  );
}

/** A checkbox with its label after it, the way people expect to tap it. */
export function CheckboxField({
  id,
  label,
  error,
  hint,
  ...input
}: Omit<FieldProps, "optional" | "hideLabel"> &
  Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "type">) {
  const field = { id, label, error, hint };
  return (
    <div className="field checkbox">
      <input id={id} type="checkbox" {...input} {...invalidProps(field)} />
      <label htmlFor={id}>{label}</label>
      <After {...field} />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// The fields of each kind of thing, shared by its "new" and "edit" pages.

type Choice = { id: number; name: string };

export type PlaceValues = {
  name: string;
  slug: string;
  area_id: number;
  street_address: string;
  postal_code: string;
  city: string;
  description: string;
  accessibility: string;
};

export function PlaceFields({
  failure,
  place,
  areas,
}: {
  failure: FormFailure | undefined;
  place: PlaceValues | null;
  areas: Choice[];
}) {
  const { t } = useI18n();
  const errors = failure?.errors ?? {};
  const kept = (name: string, stored: string | number | null | undefined) =>
    keptValue(failure, name, stored ?? "");
  return (
    <>
      <TextField
        id="place-name"
        name="name"
        label={t("staffAdmin.name")}
        required
        maxLength={NAME_MAX}
        defaultValue={kept("name", place?.name)}
        error={errors.name}
      />
      <TextField
        id="place-slug"
        name="slug"
        label={t("staffAdmin.slug")}
        optional={place === null}
        maxLength={SLUG_MAX}
        autoCapitalize="none"
        spellCheck={false}
        hint={place ? t("staffAdmin.places.slugHintEdit") : t("staffAdmin.places.slugHintNew")}
        defaultValue={kept("slug", place?.slug)}
        error={errors.slug}
      />
      <SelectField
        id="place-area"
        name="areaId"
        label={t("staffAdmin.places.area")}
        required
        defaultValue={kept("areaId", place?.area_id)}
        error={errors.areaId}
      >
        <option value="">{t("staffAdmin.chooseOne")}</option>
        {areas.map((area) => (
          <option key={area.id} value={area.id}>
            {area.name}
          </option>
        ))}
      </SelectField>
      <TextField
        id="place-street"
        name="streetAddress"
        label={t("staffAdmin.places.street")}
        required
        maxLength={200}
        autoComplete="off"
        defaultValue={kept("streetAddress", place?.street_address)}
        error={errors.streetAddress}
      />
      <TextField
        id="place-postal-code"
        name="postalCode"
        label={t("staffAdmin.places.postalCode")}
        optional
        inputMode="numeric"
        maxLength={6}
        autoComplete="off"
        defaultValue={kept("postalCode", place?.postal_code)}
        error={errors.postalCode}
      />
      <TextField
        id="place-city"
        name="city"
        label={t("staffAdmin.places.city")}
        optional
        maxLength={NAME_MAX}
        autoComplete="off"
        defaultValue={kept("city", place?.city)}
        error={errors.city}
      />
      <TextAreaField
        id="place-description"
        name="description"
        label={t("staffAdmin.description")}
        optional
        maxLength={2000}
        defaultValue={kept("description", place?.description)}
        error={errors.description}
      />
      <TextAreaField
        id="place-accessibility"
        name="accessibility"
        label={t("staffAdmin.places.accessibility")}
        optional
        maxLength={1000}
        rows={3}
        hint={t("staffAdmin.places.accessibilityHint")}
        defaultValue={kept("accessibility", place?.accessibility)}
        error={errors.accessibility}
      />
    </>
  );
}

export type PartnerValues = {
  name: string;
  slug: string;
  description: string;
  website: string | null;
  email: string | null;
  trusted: number;
  placeIds: number[];
};

export function PartnerFields({
  failure,
  partner,
  places,
}: {
  failure: FormFailure | undefined;
  partner: PartnerValues | null;
  places: Choice[];
}) {
  const { t } = useI18n();
  const errors = failure?.errors ?? {};
  const kept = (name: string, stored: string | null | undefined) =>
    keptValue(failure, name, stored ?? "");
  // A rejected form shows the boxes as they were ticked, not as they are stored.
  const ticked = failure
    ? new Set([failure.values.placeIds].flat())
    : new Set((partner?.placeIds ?? []).map(String));
  const trusted = failure ? failure.values.trusted === "on" : partner?.trusted === 1;
  return (
    <>
      <TextField
        id="partner-name"
        name="name"
        label={t("staffAdmin.name")}
        required
        maxLength={NAME_MAX}
        defaultValue={kept("name", partner?.name)}
        error={errors.name}
      />
      <TextField
        id="partner-slug"
        name="slug"
        label={t("staffAdmin.slug")}
        optional={partner === null}
        maxLength={SLUG_MAX}
        autoCapitalize="none"
        spellCheck={false}
        hint={t("staffAdmin.partners.slugHint")}
        defaultValue={kept("slug", partner?.slug)}
        error={errors.slug}
      />
      <TextAreaField
        id="partner-description"
        name="description"
        label={t("staffAdmin.description")}
        optional
        maxLength={2000}
        defaultValue={kept("description", partner?.description)}
        error={errors.description}
      />
      <TextField
        id="partner-website"
        name="website"
        type="url"
        inputMode="url"
        label={t("staffAdmin.partners.website")}
        optional
        maxLength={300}
        autoCapitalize="none"
        spellCheck={false}
        hint={t("staffAdmin.partners.websiteHint")}
        defaultValue={kept("website", partner?.website)}
        error={errors.website}
      />
      <TextField
        id="partner-email"
        name="email"
        type="email"
        inputMode="email"
        label={t("staffAdmin.email")}
        optional
        maxLength={254}
        autoCapitalize="none"
        spellCheck={false}
        defaultValue={kept("email", partner?.email)}
        error={errors.email}
      />
      <CheckboxField
        id="partner-trusted"
        name="trusted"
        label={t("staffAdmin.partners.trusted")}
        hint={t("staffAdmin.partners.trustedHint")}
        defaultChecked={trusted}
        error={errors.trusted}
      />
      <fieldset
        className="choices"
        aria-invalid={errors.placeIds ? true : undefined}
        aria-describedby={errors.placeIds ? "partner-places-error" : undefined}
      >
        <legend>{t("staffAdmin.partners.places")}</legend>
        {places.length === 0 ? <p>{t("staffAdmin.partners.noPlaces")}</p> : null}
        {places.map((place) => (
          <CheckboxField
            key={place.id}
            id={`partner-place-${place.id}`}
            name="placeIds"
            value={place.id}
            label={place.name}
            defaultChecked={ticked.has(String(place.id))}
          />
        ))}
        <ErrorText id="partner-places-error" error={errors.placeIds} />
      </fieldset>
    </>
  );
}

export type UserValues = {
  email: string;
  name: string;
  role: string;
  partner_id: number | null;
};

export function UserFields({
  failure,
  user,
  partners,
}: {
  failure: FormFailure | undefined;
  user: UserValues | null;
  partners: Choice[];
}) {
  const { t } = useI18n();
  const errors = failure?.errors ?? {};
  const kept = (name: string, stored: string | number | null | undefined) =>
    keptValue(failure, name, stored ?? "");
  return (
    <>
      <TextField
        id="user-email"
        name="email"
        type="email"
        inputMode="email"
        label={t("staffAdmin.email")}
        required
        maxLength={254}
        autoCapitalize="none"
        autoComplete="off"
        spellCheck={false}
        hint={t("staffAdmin.users.emailHint")}
        defaultValue={kept("email", user?.email)}
        error={errors.email}
      />
      <TextField
        id="user-name"
        name="name"
        label={t("staffAdmin.name")}
        required
        maxLength={NAME_MAX}
        autoComplete="off"
        defaultValue={kept("name", user?.name)}
        error={errors.name}
      />
      <SelectField
        id="user-role"
        name="role"
        label={t("staffAdmin.users.role")}
        required
        hint={t("staffAdmin.users.roleHint")}
        defaultValue={kept("role", user?.role ?? "staff")}
        error={errors.role}
      >
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {t(`staffAdmin.role.${role}`)}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="user-partner"
        name="partnerId"
        label={t("staffAdmin.users.partner")}
        hint={t("staffAdmin.users.partnerHint")}
        defaultValue={kept("partnerId", user?.partner_id)}
        error={errors.partnerId}
      >
        <option value="">{t("staffAdmin.users.noPartner")}</option>
        {partners.map((partner) => (
          <option key={partner.id} value={partner.id}>
            {partner.name}
          </option>
        ))}
      </SelectField>
    </>
  );
}
