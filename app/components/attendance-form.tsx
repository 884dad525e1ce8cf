import { Form, Link, useNavigation, useSearchParams } from "@remix-run/react";
import { useState, type MouseEvent } from "react";
import {
  adjustmentValue,
  BREAKDOWN_FIELDS,
  MAX_COUNT,
  NOTE_MAX,
  raisedHeadcount,
  stepCount,
  type AttendanceErrorField,
  type AttendanceErrors,
  type AttendanceProblem,
  type AttendanceValues,
  type CountField,
} from "~/domain/attendance";
import { formatSession, zonedParts, formatDate } from "~/i18n/format";
import type { Translate } from "~/i18n/i18n";
import { useI18n } from "~/i18n/use-i18n";

export type AttendancePerson = { id: number; name: string; partySize: number };

export type AttendancePageProps = {
  session: {
    id: number;
    title: string;
    startsAt: string;
    endsAt: string;
    where: string | null;
  };
  state: "ok" | "notStarted" | "cancelled";
  people: AttendancePerson[];
  /** Walk-ins only mean something where people sign up. */
  showWalkIns: boolean;
  values: AttendanceValues;
  saved: { recordedAt: string; recordedBy: string | null; headcount: number } | null;
  /** What came back from a POST that did not save: a +/– tap, or errors. */
  result: { values: AttendanceValues; errors: AttendanceErrors; adjusted: boolean } | undefined;
  evaluationLink?: { href: string; title: string };
};

/** The attendance page of a session, the same for staff and partners. */
export function AttendancePage(props: AttendancePageProps) {
  const { session, state, saved, result, evaluationLink } = props;
  const { locale, t } = useI18n();
  const [search] = useSearchParams();
  const savedAt = saved ? zonedParts(saved.recordedAt) : null;
  return (
    <div className="page narrow attendance">
      <h1>
        {t("attendance.title")}
        <span className="subtitle">
          {session.title}, {formatSession(locale, session.startsAt, session.endsAt)}
          {session.where ? `, ${session.where}` : null}
        </span>
      </h1>
      {search.get("saved") && saved && !result ? (
        <p className="notice" role="status">
          {t("attendance.saved", { count: saved.headcount })}
        </p>
      ) : null}
      {state === "notStarted" ? <p className="notice">{t("attendance.notStarted")}</p> : null}
      {state === "cancelled" ? (
        <p className="notice notice--cancelled">{t("attendance.cancelled")}</p>
      ) : null}
      {state === "ok" ? (
        // A new form per session, so its counts start from that session's record.
        <AttendanceForm
          key={session.id}
          people={props.people}
          showWalkIns={props.showWalkIns}
          values={result?.values ?? props.values}
          errors={result?.errors ?? {}}
          adjusted={result?.adjusted ?? false}
        />
      ) : null}
      {saved && savedAt ? (
        <p className="hint">
          {saved.recordedBy
            ? t("attendance.lastSaved", {
                when: `${formatDate(locale, savedAt.date)} ${savedAt.time}`,
                name: saved.recordedBy,
              })
            : t("attendance.lastSavedNoName", {
                when: `${formatDate(locale, savedAt.date)} ${savedAt.time}`,
              })}
        </p>
      ) : null}
      {evaluationLink ? (
        <p>
          <Link to={evaluationLink.href}>
            {t("attendance.toEvaluation", { title: evaluationLink.title })}
          </Link>
        </p>
      ) : null}
    </div>
  );
}

function problemText(t: Translate, field: AttendanceErrorField, problem: AttendanceProblem) {
  switch (problem.problem) {
    case "required":
      return t("field.required");
    case "count":
      return t("field.count", { max: problem.max });
    case "noteTooLong":
      return t("field.noteTooLong", { max: problem.max });
    case "breakdownOverHeadcount":
      return t("attendance.error.breakdown", { sum: problem.sum, headcount: problem.headcount });
    case "overHeadcount":
      return field === "walkIns"
        ? t("attendance.error.walkIns", { headcount: problem.headcount })
        : t("attendance.error.firstTimers", { headcount: problem.headcount });
    case "checkedInOverHeadcount":
      return t("attendance.error.checkedIn", {
        minimum: problem.minimum,
        checkedIn: problem.checkedIn,
        walkIns: problem.walkIns,
      });
    case "invalid":
      return t("attendance.error.invalid");
    case "notStarted":
      return t("attendance.notStarted");
    case "cancelled":
      return t("attendance.cancelled");
  }
}

/**
 * Counting on a phone: big – and + buttons around each number. Without JavaScript each button
 * is a submit button (`adjust=headcount:+1`) and the page comes back with the new number,
 * unsaved; with JavaScript the number changes in place. Checking people in (or counting
 * walk-ins) raises the headcount to at least them, so the quick path is tap, tap, save.
 */
export function AttendanceForm({
  people,
  showWalkIns,
  values,
  errors,
  adjusted,
}: {
  people: AttendancePerson[];
  showWalkIns: boolean;
  values: AttendanceValues;
  errors: AttendanceErrors;
  adjusted: boolean;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const [form, setForm] = useState(values);
  const [shown, setShown] = useState(values);
  // A POST answered with the form (a +/– tap or errors) replaces what is on screen.
  if (shown !== values) {
    setShown(values);
    setForm(values);
  }
  const checked = new Set(form.checkedIn);
  const partyOf = new Map(people.map((person) => [String(person.id), person.partySize]));
  const peopleIn = (ids: Iterable<string>) =>
    [...ids].reduce((sum, id) => sum + (partyOf.get(id) ?? 0), 0);

  const setCount = (field: CountField, text: string) =>
    setForm((current) => {
      const next = { ...current, [field]: text };
      return field === "walkIns"
        ? { ...next, headcount: raisedHeadcount(next.headcount, peopleIn(next.checkedIn), text) }
        : next;
    });
  const toggle = (id: string) =>
    setForm((current) => {
      const ids = current.checkedIn.includes(id)
        ? current.checkedIn.filter((other) => other !== id)
        : [...current.checkedIn, id];
      return {
        ...current,
        checkedIn: ids,
        headcount: raisedHeadcount(current.headcount, peopleIn(ids), current.walkIns),
      };
    });

  const error = (field: AttendanceErrorField) => {
    const problem = errors[field];
    return problem ? problemText(t, field, problem) : null;
  };
  // From what the page came with, not from typing: emptying a field must not snap it shut.
  const breakdownOpen =
    BREAKDOWN_FIELDS.some((field) => values[field] !== "" || errors[field]) || !!errors.breakdown;
  const hasErrors = Object.keys(errors).length > 0;
  const busy = navigation.state === "submitting";

  const stepper = (field: CountField, label: string, hint?: string, big = false) => (
    <Stepper
      field={field}
      label={label}
      hint={hint}
      big={big}
      value={form[field]}
      error={error(field)}
      onChange={(text) => setCount(field, text)}
    />
  );

  return (
    <Form method="post" className="form attendance-form" noValidate>
      {/* Enter in a number field submits with the first submit button: make that Save, not –. */}
      <button type="submit" name="intent" value="save" hidden tabIndex={-1}>
        {t("attendance.save")}
      </button>
      {hasErrors ? (
        <div className="error-summary" role="alert">
          <p>{error("form") ?? t("attendance.errorSummary")}</p>
        </div>
      ) : null}
      {adjusted ? (
        <p className="notice" role="status">
          {t("attendance.draft")}
        </p>
      ) : null}

      {stepper(
        "headcount",
        t("attendance.headcount"),
        people.length > 0 ? t("attendance.headcountHint") : undefined,
        true,
      )}

      {people.length > 0 ? (
        <fieldset className="checkin">
          <legend>{t("attendance.checkIn")}</legend>
          <p className="hint">
            {t("attendance.checkInHint")}{" "}
            <span aria-live="polite">
              {t("attendance.checkedInCount", { count: checked.size, total: people.length })}
            </span>
          </p>
          <ul className="cards checkin__list">
            {people.map((person) => (
              <li key={person.id}>
                {/* The whole row is the target: a thumb-sized button with a normal checkbox. */}
                <label className="checkbox button button--quiet checkin__person">
                  <input
                    type="checkbox"
                    name="checkedIn"
                    value={person.id}
                    checked={checked.has(String(person.id))}
                    onChange={() => toggle(String(person.id))}
                  />
                  <span className="checkin__name">{person.name}</span>
                  {person.partySize > 1 ? (
                    <span className="checkin__party">
                      ({t("attendance.party", { count: person.partySize })})
                    </span>
                  ) : null}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : showWalkIns ? (
        <p className="hint">{t("attendance.noSignups")}</p>
      ) : null}

      {showWalkIns
        ? stepper("walkIns", t("attendance.walkIns"), t("attendance.walkInsHint"))
        : null}
      {stepper("firstTimers", t("attendance.firstTimers"), t("attendance.firstTimersHint"))}

      <details className="attendance-breakdown" open={breakdownOpen}>
        <summary className="button button--quiet">{t("attendance.breakdown")}</summary>
        <fieldset
          aria-describedby={
            errors.breakdown
              ? "attendance-breakdown-hint attendance-breakdown-error"
              : "attendance-breakdown-hint"
          }
        >
          <legend className="visually-hidden">{t("attendance.breakdown")}</legend>
          <p className="hint" id="attendance-breakdown-hint">
            {t("attendance.breakdownHint")}
          </p>
          {errors.breakdown ? (
            <p className="field-error" id="attendance-breakdown-error">
              {error("breakdown")}
            </p>
          ) : null}
          {BREAKDOWN_FIELDS.map((field) => (
            <Stepper
              key={field}
              field={field}
              label={t(`attendance.${field}`)}
              value={form[field]}
              error={error(field)}
              onChange={(text) => setCount(field, text)}
            />
          ))}
        </fieldset>
      </details>

      <div className="field">
        <label htmlFor="attendance-note">{t("attendance.note")}</label>
        <textarea
          id="attendance-note"
          name="note"
          rows={2}
          maxLength={NOTE_MAX}
          value={form.note}
          onChange={(event) => {
            const note = event.target.value;
            setForm((current) => ({ ...current, note }));
          }}
          aria-invalid={errors.note ? true : undefined}
          aria-describedby={
            errors.note ? "attendance-note-hint attendance-note-error" : "attendance-note-hint"
          }
        />
        <p className="hint" id="attendance-note-hint">
          {t("attendance.noteHint")}
        </p>
        {errors.note ? (
          <p className="field-error" id="attendance-note-error">
            {error("note")}
          </p>
        ) : null}
      </div>

      <div className="attendance-form__save">
        <button type="submit" name="intent" value="save" className="button" disabled={busy}>
          {t("attendance.save")}
        </button>
      </div>
    </Form>
  );
}

/** A number with – and + either side; the buttons post `adjust` when there is no JavaScript. */
function Stepper({
  field,
  label,
  hint,
  big = false,
  value,
  error,
  onChange,
}: {
  field: CountField;
  label: string;
  hint?: string;
  big?: boolean;
  value: string;
  error: string | null;
  onChange: (text: string) => void;
}) {
  const { t } = useI18n();
  const id = `attendance-${field}`;
  const step = (delta: 1 | -1) => (event: MouseEvent<HTMLButtonElement>) => {
    event.preventDefault();
    onChange(stepCount(value, delta));
  };
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={big ? "field stepper stepper--big" : "field stepper"}>
      <label htmlFor={id}>{label}</label>
      <div className="stepper__row">
        <button
          type="submit"
          name="adjust"
          value={adjustmentValue(field, -1)}
          className="button stepper__button"
          aria-label={t(`attendance.less.${field}`)}
          aria-controls={id}
          formNoValidate
          onClick={step(-1)}
        >
          −
        </button>
        <input
          id={id}
          name={field}
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_COUNT}
          step={1}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={described === "" ? undefined : described}
        />
        <button
          type="submit"
          name="adjust"
          value={adjustmentValue(field, 1)}
          className="button stepper__button"
          aria-label={t(`attendance.more.${field}`)}
          aria-controls={id}
          formNoValidate
          onClick={step(1)}
        >
          +
        </button>
      </div>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
