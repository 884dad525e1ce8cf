import type { ReactNode } from "react";
import { ACTIVITY_STATUSES, AUDIENCES, CATEGORIES, SIGNUP_MODES } from "#db/schema";
import { messageList } from "~/i18n/i18n";
import { languageName } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import type { ActivityFormOptions } from "~/models/staff-activities.server";
import type {
  ActivityValues,
  FieldError,
  FieldErrors,
  ScheduleValues,
} from "~/models/staff-activity-input";

// Shared by the new-activity and edit-activity pages. Plain inputs inside the caller's <Form>,
// so everything works without JavaScript; every message sits beside its field.

function joinIds(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter(Boolean).join(" ");
  return list === "" ? undefined : list;
}

/** The id, name and accessibility attributes of one input, with its error and hint ids. */
function useFields(prefix: string, errors: FieldErrors) {
  const { t } = useI18n();
  const errorId = (name: string) => `${prefix}-${name}-error`;
  const hintId = (name: string) => `${prefix}-${name}-hint`;
  return {
    id: (name: string) => `${prefix}-${name}`,
    props: (name: string, options: { hint?: boolean } = {}) => ({
      id: `${prefix}-${name}`,
      name,
      "aria-invalid": errors[name] ? true : undefined,
      "aria-describedby": joinIds(options.hint && hintId(name), errors[name] && errorId(name)),
    }),
    hint: (name: string, text: string) => (
      <p className="hint" id={hintId(name)}>
        {text}
      </p>
    ),
    error: (name: string) => {
      const error = errors[name];
      return error ? (
        <p className="field-error" id={errorId(name)}>
          {t(error.key, error.params)}
        </p>
      ) : null;
    },
  };
}

export function ErrorSummary({ errors }: { errors: FieldErrors }) {
  const { t } = useI18n();
  if (Object.keys(errors).length === 0) return null;
  const form: FieldError | undefined = errors.form;
  return (
    <div className="error-summary" role="alert">
      <p>{t("staffActivities.errorSummary")}</p>
      {form ? <p className="field-error">{t(form.key, form.params)}</p> : null}
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="form-section">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

export function ActivityFields({
  prefix,
  values,
  errors,
  options,
  languageChoices,
  partnerForm = false,
}: {
  prefix: string;
  values: ActivityValues;
  errors: FieldErrors;
  options: ActivityFormOptions;
  languageChoices: string[];
  /** A partner's own form: the organiser, area and status are set by the server, not chosen. */
  partnerForm?: boolean;
}) {
  const { locale, t } = useI18n();
  const f = useFields(prefix, errors);
  const checkbox = (name: keyof ActivityValues & string, label: string, checked: boolean) => (
    <div className="field field--check">
      <input
        type="checkbox"
        id={f.id(name)}
        name={name}
        value="1"
        defaultChecked={checked}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${prefix}-${name}-error` : undefined}
      />
      <label htmlFor={f.id(name)}>{label}</label>
      {f.error(name)}
    </div>
  );
  const roomsByPlace = options.places.map((place) => ({
    place,
    rooms: options.rooms.filter((room) => room.place_id === place.id),
  }));

  return (
    <>
      <Section title={t("staffActivities.section.about")}>
        <div className="field">
          <label htmlFor={f.id("title")}>{t("staffActivities.field.title")}</label>
          <input {...f.props("title")} defaultValue={values.title} maxLength={120} required />
          {f.error("title")}
        </div>
        <div className="field">
          <label htmlFor={f.id("slug")}>{t("staffActivities.field.slug")}</label>
          <input
            {...f.props("slug", { hint: true })}
            defaultValue={values.slug}
            maxLength={60}
            autoCapitalize="none"
            spellCheck={false}
            required
          />
          {f.hint("slug", t("staffActivities.hint.slug"))}
          {f.error("slug")}
        </div>
        <div className="field">
          <label htmlFor={f.id("summary")}>{t("staffActivities.field.summary")}</label>
          <textarea
            {...f.props("summary", { hint: true })}
            defaultValue={values.summary}
            rows={2}
            maxLength={300}
          />
          {f.hint("summary", t("staffActivities.hint.summary"))}
          {f.error("summary")}
        </div>
        <div className="field">
          <label htmlFor={f.id("description")}>{t("staffActivities.field.description")}</label>
          <textarea
            {...f.props("description")}
            defaultValue={values.description}
            rows={6}
            maxLength={5000}
          />
          {f.error("description")}
        </div>
        <div className="field">
          <label htmlFor={f.id("category")}>{t("staffActivities.field.category")}</label>
          <select {...f.props("category")} defaultValue={values.category}>
            {CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {t(`category.${category}`)}
              </option>
            ))}
          </select>
          {f.error("category")}
        </div>
        <div className="field">
          <label htmlFor={f.id("audience")}>{t("staffActivities.field.audience")}</label>
          <select {...f.props("audience")} defaultValue={values.audience}>
            {AUDIENCES.map((audience) => (
              <option key={audience} value={audience}>
                {t(`audience.${audience}`)}
              </option>
            ))}
          </select>
          {f.error("audience")}
        </div>
        <fieldset
          className="choices"
          aria-describedby={errors.languages ? `${prefix}-languages-error` : undefined}
        >
          <legend>{t("staffActivities.field.languages")}</legend>
          <div className="choices__list">
            {languageChoices.map((code) => (
              <div className="field field--check" key={code}>
                <input
                  type="checkbox"
                  id={f.id(`language-${code}`)}
                  name="languages"
                  value={code}
                  defaultChecked={values.languages.includes(code)}
                />
                <label htmlFor={f.id(`language-${code}`)} lang={code}>
                  {languageName(locale, code)}
                </label>
              </div>
            ))}
          </div>
          <div className="field">
            <label htmlFor={f.id("otherLanguages")}>
              {t("staffActivities.field.otherLanguages")}
            </label>
            <input
              {...f.props("otherLanguages", { hint: true })}
              aria-invalid={errors.languages ? true : undefined}
              aria-describedby={joinIds(
                `${prefix}-otherLanguages-hint`,
                errors.languages && `${prefix}-languages-error`,
              )}
              defaultValue={values.otherLanguages}
              autoCapitalize="none"
              spellCheck={false}
            />
            {f.hint("otherLanguages", t("staffActivities.hint.otherLanguages"))}
          </div>
          {f.error("languages")}
        </fieldset>
      </Section>

      <Section title={t("staffActivities.section.where")}>
        {partnerForm ? null : (
          <>
            <div className="field">
              <label htmlFor={f.id("organiser")}>{t("staffActivities.field.organiser")}</label>
              <select {...f.props("organiser")} defaultValue={values.organiser}>
                <option value="staff">{t("activity.organiserStaff")}</option>
                {options.partners.map((partner) => (
                  <option key={partner.id} value={`partner:${partner.id}`}>
                    {partner.name}
                  </option>
                ))}
              </select>
              {f.error("organiser")}
            </div>
            <div className="field">
              <label htmlFor={f.id("areaId")}>{t("staffActivities.field.area")}</label>
              <select {...f.props("areaId")} defaultValue={values.areaId}>
                {options.areas.map((area) => (
                  <option key={area.id} value={area.id}>
                    {area.name}
                  </option>
                ))}
              </select>
              {f.error("areaId")}
            </div>
          </>
        )}
        <div className="field">
          <label htmlFor={f.id("placeId")}>{t("staffActivities.field.place")}</label>
          <select {...f.props("placeId")} defaultValue={values.placeId}>
            {partnerForm ? null : <option value="">{t("staffActivities.noPlace")}</option>}
            {options.places.map((place) => (
              <option key={place.id} value={place.id}>
                {place.name}
              </option>
            ))}
          </select>
          {f.error("placeId")}
        </div>
        <div className="field">
          <label htmlFor={f.id("roomId")}>{t("staffActivities.field.room")}</label>
          <select {...f.props("roomId")} defaultValue={values.roomId}>
            <option value="">{t("staffActivities.noRoom")}</option>
            {roomsByPlace
              .filter((group) => group.rooms.length > 0)
              .map(({ place, rooms }) => (
                <optgroup key={place.id} label={place.name}>
                  {rooms.map((room) => (
                    <option key={room.id} value={room.id}>
                      {t("places.roomCapacity", { name: room.name, capacity: room.capacity })}
                    </option>
                  ))}
                </optgroup>
              ))}
          </select>
          {f.error("roomId")}
        </div>
        <div className="field">
          <label htmlFor={f.id("locationName")}>{t("staffActivities.field.locationName")}</label>
          <input
            {...f.props("locationName", { hint: true })}
            defaultValue={values.locationName}
            maxLength={120}
          />
          {f.hint("locationName", t("staffActivities.hint.location"))}
          {f.error("locationName")}
        </div>
        <div className="field">
          <label htmlFor={f.id("locationAddress")}>
            {t("staffActivities.field.locationAddress")}
          </label>
          <input
            {...f.props("locationAddress")}
            defaultValue={values.locationAddress}
            maxLength={200}
          />
          {f.error("locationAddress")}
        </div>
      </Section>

      <Section title={t("staffActivities.section.signup")}>
        <div className="field">
          <label htmlFor={f.id("signupMode")}>{t("staffActivities.field.signupMode")}</label>
          <select {...f.props("signupMode")} defaultValue={values.signupMode}>
            {SIGNUP_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {t(`staffActivities.signupMode.${mode}`)}
              </option>
            ))}
          </select>
          {f.error("signupMode")}
        </div>
        <div className="field">
          <label htmlFor={f.id("capacity")}>{t("staffActivities.field.capacity")}</label>
          <input
            {...f.props("capacity", { hint: true })}
            type="number"
            inputMode="numeric"
            min={1}
            max={5000}
            defaultValue={values.capacity}
          />
          {f.hint("capacity", t("staffActivities.hint.capacity"))}
          {f.error("capacity")}
        </div>
        {checkbox("askPartySize", t("staffActivities.field.askPartySize"), values.askPartySize)}
        {checkbox("firstNameOnly", t("staffActivities.field.firstNameOnly"), values.firstNameOnly)}
        {checkbox("requireEmail", t("staffActivities.field.requireEmail"), values.requireEmail)}
        {checkbox("requirePhone", t("staffActivities.field.requirePhone"), values.requirePhone)}
      </Section>

      {partnerForm ? null : (
        <Section title={t("staffActivities.section.status")}>
          <div className="field">
            <label htmlFor={f.id("status")}>{t("staffActivities.field.status")}</label>
            <select {...f.props("status")} defaultValue={values.status}>
              {ACTIVITY_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`staffActivities.status.${status}`)}
                </option>
              ))}
            </select>
            {f.error("status")}
          </div>
          <div className="field">
            <label htmlFor={f.id("statusReason")}>{t("staffActivities.field.statusReason")}</label>
            <input
              {...f.props("statusReason", { hint: true })}
              defaultValue={values.statusReason}
              maxLength={300}
            />
            {f.hint("statusReason", t("staffActivities.hint.statusReason"))}
            {f.error("statusReason")}
          </div>
        </Section>
      )}
    </>
  );
}

const NTHS = ["1", "2", "3", "4", "-1"] as const;

export function ScheduleFields({
  prefix,
  values,
  errors,
  askReason = false,
}: {
  prefix: string;
  values: ScheduleValues;
  errors: FieldErrors;
  askReason?: boolean;
}) {
  const { locale, t } = useI18n();
  const f = useFields(prefix, errors);
  const days = messageList(locale, "days.long");
  return (
    <Section title={t("staffActivities.section.schedule")}>
      <fieldset
        className="choices"
        aria-describedby={errors.kind ? `${prefix}-kind-error` : undefined}
      >
        <legend>{t("staffActivities.field.kind")}</legend>
        {(["once", "weekly", "monthly"] as const).map((kind) => (
          <div className="field field--check" key={kind}>
            <input
              type="radio"
              id={f.id(`kind-${kind}`)}
              name="kind"
              value={kind}
              defaultChecked={values.kind === kind}
            />
            <label htmlFor={f.id(`kind-${kind}`)}>{t(`staffActivities.kind.${kind}`)}</label>
          </div>
        ))}
        {f.error("kind")}
      </fieldset>
      <div className="form-row">
        <div className="field">
          <label htmlFor={f.id("startDate")}>{t("staffActivities.field.startDate")}</label>
          <input {...f.props("startDate")} type="date" defaultValue={values.startDate} required />
          {f.error("startDate")}
        </div>
        <div className="field">
          <label htmlFor={f.id("endDate")}>{t("staffActivities.field.endDate")}</label>
          <input
            {...f.props("endDate", { hint: true })}
            type="date"
            defaultValue={values.endDate}
          />
          {f.hint("endDate", t("staffActivities.hint.endDate"))}
          {f.error("endDate")}
        </div>
      </div>
      <div className="form-row">
        <div className="field">
          <label htmlFor={f.id("startTime")}>{t("staffActivities.field.startTime")}</label>
          <input {...f.props("startTime")} type="time" defaultValue={values.startTime} required />
          {f.error("startTime")}
        </div>
        <div className="field">
          <label htmlFor={f.id("endTime")}>{t("staffActivities.field.endTime")}</label>
          <input {...f.props("endTime")} type="time" defaultValue={values.endTime} required />
          {f.error("endTime")}
        </div>
      </div>
      <fieldset className="choices">
        <legend>{t("staffActivities.weeklyOnly")}</legend>
        <fieldset
          className="choices choices--plain"
          aria-describedby={errors.weekdays ? `${prefix}-weekdays-error` : undefined}
        >
          <legend>{t("staffActivities.field.weekdays")}</legend>
          <div className="choices__list">
            {days.map((day, index) => {
              const value = String(index + 1);
              return (
                <div className="field field--check" key={value}>
                  <input
                    type="checkbox"
                    id={f.id(`weekday-${value}`)}
                    name="weekdays"
                    value={value}
                    defaultChecked={values.weekdays.includes(value)}
                  />
                  <label htmlFor={f.id(`weekday-${value}`)}>{day}</label>
                </div>
              );
            })}
          </div>
          {f.error("weekdays")}
        </fieldset>
        <div className="field">
          <label htmlFor={f.id("intervalWeeks")}>{t("staffActivities.field.intervalWeeks")}</label>
          <input
            {...f.props("intervalWeeks", { hint: true })}
            type="number"
            inputMode="numeric"
            min={1}
            max={52}
            defaultValue={values.intervalWeeks}
          />
          {f.hint("intervalWeeks", t("staffActivities.hint.intervalWeeks"))}
          {f.error("intervalWeeks")}
        </div>
      </fieldset>
      <fieldset className="choices">
        <legend>{t("staffActivities.monthlyOnly")}</legend>
        <div className="form-row">
          <div className="field">
            <label htmlFor={f.id("nth")}>{t("staffActivities.field.nth")}</label>
            <select {...f.props("nth")} defaultValue={values.nth}>
              {NTHS.map((nth) => (
                <option key={nth} value={nth}>
                  {t(`activity.nth.${nth}`)}
                </option>
              ))}
            </select>
            {f.error("nth")}
          </div>
          <div className="field">
            <label htmlFor={f.id("weekday")}>{t("staffActivities.field.weekday")}</label>
            <select {...f.props("weekday")} defaultValue={values.weekday}>
              {days.map((day, index) => (
                <option key={day} value={index + 1}>
                  {day}
                </option>
              ))}
            </select>
            {f.error("weekday")}
          </div>
        </div>
      </fieldset>
      {askReason ? (
        <div className="field">
          <label htmlFor={f.id("changeReason")}>{t("staffActivities.field.changeReason")}</label>
          <input
            {...f.props("changeReason", { hint: true })}
            defaultValue={values.changeReason}
            maxLength={300}
          />
          {f.hint("changeReason", t("staffActivities.hint.changeReason"))}
          {f.error("changeReason")}
        </div>
      ) : null}
    </Section>
  );
}
