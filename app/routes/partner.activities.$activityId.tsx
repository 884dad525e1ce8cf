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
import { ActivityFields, ErrorSummary, ScheduleFields } from "~/components/staff-activity-form";
import { toInstantString } from "~/domain/time";
import { formatDate, formatSession } from "~/i18n/format";
import { resolveLocale } from "~/i18n/i18n";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import {
  getPartner,
  getPartnerActivity,
  isPublic,
  LIST_FIELDS,
  listPartnerSessions,
  listSignupNames,
  partnerFormOptions,
  readPartnerDetails,
  readPartnerSchedule,
  savePartnerDetails,
  savePartnerSchedule,
  storedValues,
  waitingValues,
} from "~/models/partner-activities.server";
import {
  COMMON_LANGUAGES,
  formStrings,
  scheduleValuesOf,
  type FieldErrors,
} from "~/models/staff-activity-input";
import { requirePartnerMember } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { kickMailWorker } from "~/utils/mail-worker.server";
import styles from "~/styles/staff-activities.css";

const paramsSchema = z.object({
  activityId: z
    .string()
    .regex(/^\d{1,12}$/)
    .transform(Number),
});
const intentSchema = z.object({ intent: z.enum(["details", "schedule"]) });
const PAST_SHOWN = 10;
/** Sessions to come whose sign-ups are listed by name. */
const NAMED_SESSIONS = 8;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** One of the partner's own activities; another partner's answers as if it did not exist. */
async function ownActivity(params: LoaderFunctionArgs["params"], partnerId: number) {
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const found = await getPartnerActivity(getDb(), partnerId, parsed.data.activityId);
  if (!found) throw new Response("Not found", { status: 404 });
  return found;
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const user = await requirePartnerMember(request);
  const db = getDb();
  const found = await ownActivity(params, user.partner_id);
  const { activity } = found;
  const partner = await getPartner(db, user.partner_id);
  const now = toInstantString(new Date());
  const [options, sessions] = await Promise.all([
    partnerFormOptions(db, partner),
    listPartnerSessions(db, activity.id).then((rows) =>
      rows.map((session) => ({ ...session, started: session.starts_at <= now })),
    ),
  ]);
  const upcoming = sessions.filter((session) => session.starts_at >= now);
  const named = upcoming
    .filter((session) => session.status === "scheduled")
    .slice(0, NAMED_SESSIONS);
  const names =
    activity.signup_mode === "none"
      ? []
      : await listSignupNames(
          db,
          activity.id,
          named.map((session) => session.id),
        );
  const waiting = waitingValues(found);
  return {
    activity: {
      id: activity.id,
      slug: activity.slug,
      title: activity.title,
      status: activity.status,
      statusReason: activity.status_reason,
      signupMode: activity.signup_mode,
      imported: activity.source_id !== null,
      updatedAt: activity.updated_at,
      isPublic: isPublic(activity.status),
    },
    trusted: partner.trusted,
    waiting: found.waiting !== null,
    lastDecision: found.lastDecision,
    formKey: `${activity.updated_at}-${found.waiting?.id ?? 0}`,
    scheduleKey: `${found.schedule?.updated_at ?? ""}-${found.waiting?.id ?? 0}`,
    values: waiting.details ?? storedValues(found),
    schedule: waiting.schedule ?? scheduleValuesOf(found.schedule),
    options,
    languages: COMMON_LANGUAGES,
    upcoming,
    past: sessions.filter((session) => session.starts_at < now).slice(-PAST_SHOWN),
    course: names.filter((signup) => signup.occurrence_id === null),
    named: named.map((session) => ({
      id: session.id,
      starts_at: session.starts_at,
      ends_at: session.ends_at,
      signups: names.filter((signup) => signup.occurrence_id === session.id),
    })),
  };
}

export async function action({ params, request }: ActionFunctionArgs) {
  const user = await requirePartnerMember(request);
  const db = getDb();
  const found = await ownActivity(params, user.partner_id);
  const { activity } = found;
  const partner = await getPartner(db, user.partner_id);
  const form = formStrings(await request.formData(), LIST_FIELDS);
  const intent = intentSchema.safeParse(form);
  if (!intent.success) throw new Response("Bad request", { status: 400 });
  const now = new Date();

  if (intent.data.intent === "details") {
    const details = await readPartnerDetails(db, partner, form, activity);
    if (details.forbidden) throw new Response("Forbidden", { status: 403 });
    const refuse = (refusal: FieldErrors) =>
      data(
        { intent: "details" as const, values: details.values, errors: refusal },
        { status: 400 },
      );
    if (!details.input) return refuse(details.errors);
    const saved = await savePartnerDetails(
      db,
      partner,
      user.id,
      activity,
      { input: details.input, fields: details.fields },
      now,
    );
    if (!saved.ok) return refuse(saved.errors);
    // More places may have promoted people from a waiting list.
    kickMailWorker();
    throw redirect(`/partner/activities/${activity.id}?saved=${saved.outcome}`);
  }

  const schedule = readPartnerSchedule(form, now, false);
  const refuse = (refusal: FieldErrors) =>
    data(
      { intent: "schedule" as const, values: schedule.values, errors: refusal },
      { status: 400 },
    );
  if (!schedule.schedule) return refuse(schedule.errors);
  const saved = await savePartnerSchedule(
    db,
    partner,
    user.id,
    activity,
    { schedule: schedule.schedule, changeReason: schedule.changeReason, fields: schedule.fields },
    now,
  );
  if (!saved.ok) {
    const locale = resolveLocale(
      request.headers.get("cookie"),
      request.headers.get("accept-language"),
    );
    return refuse({
      form: {
        key: "staffActivities.error.dropsSignups",
        params: { dates: saved.droppedDates.map((date) => formatDate(locale, date)).join(", ") },
      },
    });
  }
  kickMailWorker();
  throw redirect(`/partner/activities/${activity.id}?saved=${saved.outcome}`);
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function SessionList({
  sessions,
  showCounts,
}: {
  sessions: Loaded["upcoming"];
  showCounts: boolean;
}) {
  const { locale, t } = useI18n();
  if (sessions.length === 0) return <p>{t("staffActivities.noSessions")}</p>;
  return (
    <ul className="date-list">
      {sessions.map((session) => {
        const when = formatSession(locale, session.starts_at, session.ends_at);
        return (
          <li key={session.id}>
            {session.status === "cancelled" ? <del>{when}</del> : when}
            {session.status === "cancelled" ? (
              <span className="status-label status-label--cancelled">
                {" "}
                {t("session.cancelled")}
              </span>
            ) : session.moved ? (
              <span className="status-label"> {t("session.moved")}</span>
            ) : null}
            {showCounts
              ? ` · ${t("staffActivities.sessionCounts", {
                  people: session.people,
                  waiting: session.waiting,
                })}`
              : null}
            {session.started && session.status === "scheduled" ? (
              <>
                {" · "}
                {session.headcount === null
                  ? t("partnerActivities.notCounted")
                  : t("partnerActivities.headcount", { count: session.headcount })}
                {" · "}
                <Link to={`/partner/attendance/${session.id}`}>
                  {t("partnerActivities.countAttendance")}
                </Link>
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function SignupNames({ signups }: { signups: Loaded["course"] }) {
  const { t } = useI18n();
  if (signups.length === 0) return <p>{t("staffActivities.session.noSignups")}</p>;
  return (
    <ul>
      {signups.map((signup) => {
        const waiting = signup.status === "waitlisted";
        const params = { name: signup.name, count: signup.party_size };
        return (
          <li key={signup.id}>
            {signup.party_size > 1
              ? t(waiting ? "partnerActivities.partyOnWaitlist" : "partnerActivities.party", params)
              : waiting
                ? t("partnerActivities.onWaitlist", params)
                : signup.name}
          </li>
        );
      })}
    </ul>
  );
}

function Notice() {
  const [search] = useSearchParams();
  const { t } = useI18n();
  const saved = search.get("saved");
  const key =
    saved === "published"
      ? "partnerActivities.notice.published"
      : saved === "pending"
        ? "partnerActivities.notice.pending"
        : saved === "held"
          ? "partnerActivities.notice.held"
          : saved === "applied"
            ? "partnerActivities.notice.applied"
            : null;
  return key ? (
    <p className="notice" role="status">
      {t(key)}
    </p>
  ) : null;
}

export default function EditPartnerActivity() {
  const loaderData = useLoaderData<typeof loader>();
  const { activity } = loaderData;
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { locale, t } = useI18n();
  const detailErrors = result?.intent === "details" ? result.errors : {};
  const scheduleErrors = result?.intent === "schedule" ? result.errors : {};
  const busy = navigation.state === "submitting";
  const showCounts = activity.signupMode !== "none";
  const declinedDraft = activity.status === "draft" && activity.statusReason;
  return (
    <div className="page">
      <p className="eyebrow">
        <Link to="/partner/activities">{t("partnerActivities.back")}</Link>
      </p>
      <h1>
        {activity.title}{" "}
        <span className="subtitle">
          {declinedDraft
            ? t("partnerActivities.declined")
            : t(`staffActivities.status.${activity.status}`)}
        </span>
      </h1>
      <Notice />
      {activity.status === "pending" ? <p>{t("partnerActivities.pendingIntro")}</p> : null}
      {declinedDraft ? (
        <div className="notice notice--cancelled">
          <p>{t("partnerActivities.declinedIntro", { reason: activity.statusReason ?? "" })}</p>
          <p>{t("partnerActivities.resubmitHint")}</p>
        </div>
      ) : null}
      {loaderData.waiting ? <p className="notice">{t("partnerActivities.waitingIntro")}</p> : null}
      {!loaderData.waiting &&
      loaderData.lastDecision?.status === "declined" &&
      loaderData.lastDecision.reason ? (
        <p className="notice notice--cancelled">
          {t("partnerActivities.changeDeclined", { reason: loaderData.lastDecision.reason })}
        </p>
      ) : null}
      {activity.imported ? <p className="hint">{t("partnerActivities.importedHint")}</p> : null}
      <p className="staff-actions">
        {activity.isPublic ? (
          <Link to={`/activities/${activity.slug}`}>{t("staffActivities.publicPage")}</Link>
        ) : null}
        <a href="#sessions">{t("staffActivities.sessions")}</a>
      </p>

      <section aria-labelledby="details-title">
        <h2 id="details-title">{t("staffActivities.details")}</h2>
        <ErrorSummary errors={detailErrors} />
        <Form method="post" className="form" noValidate key={loaderData.formKey}>
          <input type="hidden" name="intent" value="details" />
          <ActivityFields
            prefix="activity"
            values={result?.intent === "details" ? result.values : loaderData.values}
            errors={detailErrors}
            options={loaderData.options}
            languageChoices={loaderData.languages}
            partnerForm
          />
          <p>
            <button type="submit" className="button" disabled={busy}>
              {t("staffActivities.saveDetails")}
            </button>
          </p>
        </Form>
      </section>

      <section aria-labelledby="schedule-title">
        <h2 id="schedule-title">{t("staffActivities.section.schedule")}</h2>
        <p className="hint">{t("staffActivities.scheduleHint")}</p>
        <ErrorSummary errors={scheduleErrors} />
        <Form method="post" className="form" noValidate key={loaderData.scheduleKey}>
          <input type="hidden" name="intent" value="schedule" />
          <ScheduleFields
            prefix="schedule"
            values={result?.intent === "schedule" ? result.values : loaderData.schedule}
            errors={scheduleErrors}
            askReason={activity.isPublic}
          />
          <p>
            <button type="submit" className="button" disabled={busy}>
              {t("staffActivities.saveSchedule")}
            </button>
          </p>
        </Form>
      </section>

      <section aria-labelledby="sessions">
        <h2 id="sessions">{t("staffActivities.sessions")}</h2>
        <h3>{t("staffActivities.upcoming")}</h3>
        <SessionList sessions={loaderData.upcoming} showCounts={showCounts} />
        {loaderData.past.length > 0 ? (
          <>
            <h3>{t("staffActivities.past")}</h3>
            <SessionList sessions={loaderData.past} showCounts={showCounts} />
          </>
        ) : null}
      </section>

      {showCounts ? (
        <section aria-labelledby="names-title" id="signups">
          <h2 id="names-title">{t("partnerActivities.signupNames")}</h2>
          <p className="hint">{t("partnerActivities.namesHint")}</p>
          {activity.signupMode === "course" ? (
            <>
              <h3>{t("partnerActivities.courseSignups")}</h3>
              <SignupNames signups={loaderData.course} />
            </>
          ) : (
            loaderData.named.map((session) => (
              <div key={session.id}>
                <h3>{formatSession(locale, session.starts_at, session.ends_at)}</h3>
                <SignupNames signups={session.signups} />
              </div>
            ))
          )}
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) => {
  const { t } = metaTranslator(matches);
  return [
    { title: pageTitle(loaded ? loaded.activity.title : t("partnerActivities.title")) },
    { name: "robots", content: "noindex" },
  ];
};
