import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/staff-activity-form";
import { toInstantString, utcToZoned, zonedToUtc } from "~/domain/time";
import { formatDate, formatSession, zonedParts } from "~/i18n/format";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import {
  cancelSession,
  changeSessionCapacity,
  getSessionForStaff,
  listSessionSignups,
  moveSession,
} from "~/models/staff-activities.server";
import {
  fieldErrors,
  formStrings,
  REASON_MAX,
  SESSION_INTENTS,
  sessionActionSchema,
  type FieldErrors,
  type SessionIntent,
} from "~/models/staff-activity-input";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { kickMailWorker } from "~/utils/mail-worker.server";
import styles from "~/styles/staff-activities.css";

const paramsSchema = z.object({
  occurrenceId: z
    .string()
    .regex(/^\d{1,12}$/)
    .transform(Number),
});
const intentSchema = z.enum(SESSION_INTENTS);

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

async function findSession(params: LoaderFunctionArgs["params"]) {
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const session = await getSessionForStaff(getDb(), parsed.data.occurrenceId);
  if (!session) throw new Response("Not found", { status: 404 });
  return session;
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const session = await findSession(params);
  const signups = await listSessionSignups(getDb(), session.id, session.activity_id);
  const start = utcToZoned(new Date(session.starts_at));
  return {
    session,
    signups,
    started: session.starts_at <= toInstantString(new Date()),
    moveDefaults: {
      date: start.date,
      startTime: start.time,
      endTime: utcToZoned(new Date(session.ends_at)).time,
    },
  };
}

export async function action({ params, request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const db = getDb();
  const session = await findSession(params);
  const fields = formStrings(await request.formData());
  const intent = intentSchema.safeParse(fields.intent);
  if (!intent.success) throw new Response("Bad request", { status: 400 });
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === "string") values[name] = value;
  }
  const refuse = (errors: FieldErrors) =>
    data({ intent: intent.data, values, errors }, { status: 400 });

  const parsed = sessionActionSchema.safeParse(fields);
  if (!parsed.success) return refuse(fieldErrors(parsed.error.issues));
  const now = new Date();
  const input = parsed.data;

  if (input.intent === "capacity") {
    await changeSessionCapacity(db, session, input.capacity, user.id, now);
    kickMailWorker();
    throw redirect(`/staff/sessions/${session.id}?done=capacity`);
  }
  if (session.status === "cancelled") {
    return refuse({ form: { key: "staffActivities.error.alreadyCancelled" } });
  }
  if (session.starts_at <= toInstantString(now)) {
    return refuse({ form: { key: "staffActivities.session.started" } });
  }

  if (input.intent === "cancel") {
    if (!(await cancelSession(db, session, input.reason, user.id, now))) {
      return refuse({ form: { key: "staffActivities.error.alreadyCancelled" } });
    }
    kickMailWorker();
    throw redirect(`/staff/sessions/${session.id}?done=cancelled`);
  }

  const errors: FieldErrors = {};
  if (input.endTime <= input.startTime) {
    errors.endTime = { key: "schedule.endTimeBeforeStartTime" };
  }
  const startsAt = zonedToUtc(input.date, input.startTime);
  const endsAt = zonedToUtc(input.date, input.endTime);
  // A time in the spring-forward gap is pushed later and can pass the end.
  if (!errors.endTime && endsAt <= startsAt) {
    errors.endTime = { key: "schedule.endTimeBeforeStartTime" };
  }
  if (startsAt <= now) errors.date = { key: "staffActivities.error.moveInPast" };
  if (Object.keys(errors).length > 0) return refuse(errors);
  await moveSession(db, session, { startsAt, endsAt }, input.reason, user.id, now);
  kickMailWorker();
  throw redirect(`/staff/sessions/${session.id}?done=moved`);
}

type Signup = ReturnType<typeof useLoaderData<typeof loader>>["signups"][number];

function SignupTable({
  signups,
  numbered,
  showScope,
}: {
  signups: Signup[];
  numbered: boolean;
  showScope: boolean;
}) {
  const { locale, t } = useI18n();
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            {numbered ? <th scope="col">{t("staffActivities.col.number")}</th> : null}
            <th scope="col">{t("staffActivities.col.name")}</th>
            <th scope="col">{t("staffActivities.col.email")}</th>
            <th scope="col">{t("staffActivities.col.phone")}</th>
            <th scope="col">{t("staffActivities.col.party")}</th>
            <th scope="col">{t("staffActivities.col.note")}</th>
            {showScope ? <th scope="col">{t("staffActivities.col.scope")}</th> : null}
            <th scope="col">{t("staffActivities.col.status")}</th>
            <th scope="col">{t("staffActivities.col.signedUp")}</th>
          </tr>
        </thead>
        <tbody>
          {signups.map((signup, index) => {
            const at = zonedParts(signup.created_at);
            return (
              <tr key={signup.id}>
                {numbered ? <td>{index + 1}</td> : null}
                <td className="signup-name">{signup.name}</td>
                <td>
                  {signup.email ? <a href={`mailto:${signup.email}`}>{signup.email}</a> : null}
                </td>
                <td>{signup.phone ? <a href={`tel:${signup.phone}`}>{signup.phone}</a> : null}</td>
                <td>
                  {signup.children > 0
                    ? t("staffActivities.partyCount", {
                        adults: signup.adults,
                        children: signup.children,
                      })
                    : signup.party_size}
                </td>
                <td>{signup.note}</td>
                {showScope ? (
                  <td>
                    {signup.occurrence_id === null
                      ? t("staffActivities.scope.course")
                      : t("staffActivities.scope.session")}
                  </td>
                ) : null}
                <td>{t(`staffActivities.rsvp.${signup.status}`)}</td>
                <td>
                  <time dateTime={signup.created_at}>
                    {formatDate(locale, at.date)} {at.time}
                  </time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export default function StaffSession() {
  const { session, signups, started, moveDefaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [search] = useSearchParams();
  const { locale, t } = useI18n();
  const busy = navigation.state === "submitting";
  const done = search.get("done");
  const when = formatSession(locale, session.starts_at, session.ends_at);
  const cancelled = session.status === "cancelled";
  const capacity = session.capacity ?? session.activity_capacity;
  const confirmed = signups.filter((signup) => signup.status === "confirmed");
  const people = confirmed.reduce((sum, signup) => sum + signup.party_size, 0);
  const waiting = signups.filter((signup) => signup.status === "waitlisted");
  const cancelledSignups = signups.filter((signup) => signup.status === "cancelled");
  const showScope = signups.some((signup) => signup.occurrence_id === null);
  const where = [session.place_name ?? session.location_name, session.room_name, session.area_name]
    .filter(Boolean)
    .join(", ");

  const errorsFor = (intent: SessionIntent): FieldErrors =>
    result?.intent === intent ? result.errors : {};
  const valueFor = (intent: SessionIntent, name: string, fallback: string) =>
    result?.intent === intent ? (result.values[name] ?? fallback) : fallback;
  const fieldProps = (intent: SessionIntent, name: string) => {
    const error = errorsFor(intent)[name];
    return {
      id: `${intent}-${name}`,
      name,
      "aria-invalid": error ? true : undefined,
      "aria-describedby": error ? `${intent}-${name}-error` : undefined,
    };
  };
  const errorText = (intent: SessionIntent, name: string) => {
    const error = errorsFor(intent)[name];
    return error ? (
      <p className="field-error" id={`${intent}-${name}-error`}>
        {t(error.key, error.params)}
      </p>
    ) : null;
  };

  return (
    <div className="page">
      <p className="eyebrow">
        <Link to={`/staff/activities/${session.activity_id}`}>
          {t("staffActivities.session.backToActivity")}
        </Link>
      </p>
      <h1>
        {session.title}{" "}
        <span className="subtitle">
          {cancelled ? <del>{when}</del> : <time dateTime={session.starts_at}>{when}</time>}
        </span>
      </h1>
      <p>
        <Link to={`/staff/attendance/${session.id}`} className="button button--quiet">
          {t("attendance.title")}
        </Link>
      </p>
      {done ? (
        <p className="notice" role="status">
          {done === "cancelled"
            ? t("staffActivities.session.cancelledNotice")
            : done === "moved"
              ? t("staffActivities.session.movedNotice")
              : t("staffActivities.session.capacityNotice")}
        </p>
      ) : null}

      <dl className="facts-list">
        <div>
          <dt>{t("staffActivities.session.when")}</dt>
          <dd>{when}</dd>
        </div>
        <div>
          <dt>{t("staffActivities.session.where")}</dt>
          <dd>{where}</dd>
        </div>
        <div>
          <dt>{t("staffActivities.session.status")}</dt>
          <dd className={cancelled ? "status-label--cancelled" : undefined}>
            {cancelled
              ? t("staffActivities.session.cancelled", { reason: session.cancel_reason ?? "" })
              : session.moved
                ? t("staffActivities.session.moved", { reason: session.move_reason ?? "" })
                : t("staffActivities.session.scheduled")}
          </dd>
        </div>
        {session.signup_mode === "none" ? null : (
          <div>
            <dt>{t("staffActivities.session.places")}</dt>
            <dd>
              {capacity === null
                ? `${t("staffActivities.session.people", { people })} (${t("staffActivities.session.unlimited").toLowerCase()})`
                : t("staffActivities.session.taken", { people, capacity })}
            </dd>
          </div>
        )}
      </dl>
      <p className="staff-actions">
        <Link to={`/activities/${session.activity_slug}/${session.id}`}>
          {t("staffActivities.publicPage")}
        </Link>
      </p>

      {session.signup_mode === "none" ? (
        <p>{t("staffActivities.session.noSignupMode")}</p>
      ) : (
        <section aria-labelledby="signups-title">
          <h2 id="signups-title">{t("staffActivities.session.signups")}</h2>
          <p className="hint">{t("staffActivities.session.privacy")}</p>
          {confirmed.length === 0 ? (
            <p>{t("staffActivities.session.noSignups")}</p>
          ) : (
            <SignupTable signups={confirmed} numbered={false} showScope={showScope} />
          )}
          <h3 id="waitlist-title">{t("staffActivities.session.waitlist")}</h3>
          {waiting.length === 0 ? (
            <p>{t("staffActivities.session.noWaitlist")}</p>
          ) : (
            <SignupTable signups={waiting} numbered showScope={showScope} />
          )}
          {cancelledSignups.length > 0 ? (
            <>
              <h3>{t("staffActivities.session.cancelledSignups")}</h3>
              <SignupTable signups={cancelledSignups} numbered={false} showScope={showScope} />
            </>
          ) : null}
        </section>
      )}

      <div className="staff-panels">
        {cancelled ? null : started ? (
          <p>{t("staffActivities.session.started")}</p>
        ) : (
          <>
            <section aria-labelledby="cancel-title" className="staff-panel">
              <h2 id="cancel-title">{t("staffActivities.session.cancelTitle")}</h2>
              <p className="hint">{t("staffActivities.session.cancelHint")}</p>
              <ErrorSummary errors={errorsFor("cancel")} />
              <Form method="post" className="form" noValidate>
                <input type="hidden" name="intent" value="cancel" />
                <div className="field">
                  <label htmlFor="cancel-reason">{t("staffActivities.session.reason")}</label>
                  <textarea
                    {...fieldProps("cancel", "reason")}
                    rows={3}
                    maxLength={REASON_MAX}
                    required
                    defaultValue={valueFor("cancel", "reason", "")}
                  />
                  {errorText("cancel", "reason")}
                </div>
                <button type="submit" className="button button--danger" disabled={busy}>
                  {t("staffActivities.session.cancelSubmit")}
                </button>
              </Form>
            </section>

            <section aria-labelledby="move-title" className="staff-panel">
              <h2 id="move-title">{t("staffActivities.session.moveTitle")}</h2>
              <p className="hint">{t("staffActivities.session.moveHint")}</p>
              <ErrorSummary errors={errorsFor("move")} />
              <Form method="post" className="form" noValidate>
                <input type="hidden" name="intent" value="move" />
                <div className="field">
                  <label htmlFor="move-date">{t("staffActivities.session.date")}</label>
                  <input
                    {...fieldProps("move", "date")}
                    type="date"
                    required
                    defaultValue={valueFor("move", "date", moveDefaults.date)}
                  />
                  {errorText("move", "date")}
                </div>
                <div className="form-row">
                  <div className="field">
                    <label htmlFor="move-startTime">{t("staffActivities.session.startTime")}</label>
                    <input
                      {...fieldProps("move", "startTime")}
                      type="time"
                      required
                      defaultValue={valueFor("move", "startTime", moveDefaults.startTime)}
                    />
                    {errorText("move", "startTime")}
                  </div>
                  <div className="field">
                    <label htmlFor="move-endTime">{t("staffActivities.session.endTime")}</label>
                    <input
                      {...fieldProps("move", "endTime")}
                      type="time"
                      required
                      defaultValue={valueFor("move", "endTime", moveDefaults.endTime)}
                    />
                    {errorText("move", "endTime")}
                  </div>
                </div>
                <div className="field">
                  <label htmlFor="move-reason">{t("staffActivities.session.reason")}</label>
                  <textarea
                    {...fieldProps("move", "reason")}
                    rows={3}
                    maxLength={REASON_MAX}
                    required
                    defaultValue={valueFor("move", "reason", "")}
                  />
                  {errorText("move", "reason")}
                </div>
                <button type="submit" className="button" disabled={busy}>
                  {t("staffActivities.session.moveSubmit")}
                </button>
              </Form>
            </section>
          </>
        )}

        {session.signup_mode === "session" ? (
          <section aria-labelledby="capacity-title" className="staff-panel">
            <h2 id="capacity-title">{t("staffActivities.session.capacityTitle")}</h2>
            <ErrorSummary errors={errorsFor("capacity")} />
            <Form method="post" className="form" noValidate>
              <input type="hidden" name="intent" value="capacity" />
              <div className="field">
                <label htmlFor="capacity-capacity">{t("staffActivities.field.capacity")}</label>
                <input
                  {...fieldProps("capacity", "capacity")}
                  aria-describedby={
                    errorsFor("capacity").capacity
                      ? "capacity-hint capacity-capacity-error"
                      : "capacity-hint"
                  }
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={5000}
                  defaultValue={valueFor(
                    "capacity",
                    "capacity",
                    session.capacity === null ? "" : String(session.capacity),
                  )}
                />
                <p className="hint" id="capacity-hint">
                  {t("staffActivities.session.capacityHint")}
                </p>
                {errorText("capacity", "capacity")}
              </div>
              <button type="submit" className="button" disabled={busy}>
                {t("staffActivities.session.capacitySubmit")}
              </button>
            </Form>
          </section>
        ) : null}
      </div>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) => {
  const { locale, t } = metaTranslator(matches);
  const title = loaded
    ? t("staffActivities.session.pageTitle", {
        title: loaded.session.title,
        when: formatSession(locale, loaded.session.starts_at, loaded.session.ends_at),
      })
    : t("staffActivities.title");
  return [{ title: pageTitle(title) }, { name: "robots", content: "noindex" }];
};
