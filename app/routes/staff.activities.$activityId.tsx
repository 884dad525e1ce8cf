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
  activityFormOptions,
  activityReferenceErrors,
  getActivityForEditing,
  listSessionsForStaff,
  saveActivitySchedule,
  updateActivityDetails,
} from "~/models/staff-activities.server";
import {
  COMMON_LANGUAGES,
  formStrings,
  parseActivityForm,
  parseScheduleForm,
  scheduleValuesOf,
  type ActivityValues,
  type FieldErrors,
} from "~/models/staff-activity-input";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { kickMailWorker } from "~/utils/mail-worker.server";
import styles from "~/styles/staff-activities.css";

const paramsSchema = z.object({
  activityId: z
    .string()
    .regex(/^\d{1,12}$/)
    .transform(Number),
});
const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("details") }),
  z.object({ intent: z.literal("schedule") }),
]);
const PAST_SHOWN = 10;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

async function findActivity(params: LoaderFunctionArgs["params"]) {
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const found = await getActivityForEditing(getDb(), parsed.data.activityId);
  if (!found) throw new Response("Not found", { status: 404 });
  return found;
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const { activity, languages, schedule } = await findActivity(params);
  const [options, sessions] = await Promise.all([
    activityFormOptions(db),
    listSessionsForStaff(db, activity.id),
  ]);
  const values: ActivityValues = {
    title: activity.title,
    slug: activity.slug,
    summary: activity.summary,
    description: activity.description,
    category: activity.category,
    audience: activity.audience,
    languages: languages.filter((code) => COMMON_LANGUAGES.includes(code)),
    otherLanguages: languages.filter((code) => !COMMON_LANGUAGES.includes(code)).join(", "),
    organiser: activity.partner_id === null ? "staff" : `partner:${activity.partner_id}`,
    areaId: String(activity.area_id),
    placeId: activity.place_id === null ? "" : String(activity.place_id),
    roomId: activity.room_id === null ? "" : String(activity.room_id),
    locationName: activity.location_name ?? "",
    locationAddress: activity.location_address ?? "",
    signupMode: activity.signup_mode,
    capacity: activity.capacity === null ? "" : String(activity.capacity),
    askPartySize: activity.ask_party_size === 1,
    firstNameOnly: activity.first_name_only === 1,
    requireEmail: activity.require_email === 1,
    requirePhone: activity.require_phone === 1,
    status: activity.status,
    statusReason: activity.status_reason ?? "",
  };
  const now = toInstantString(new Date());
  return {
    activity: {
      id: activity.id,
      slug: activity.slug,
      title: activity.title,
      status: activity.status,
      signupMode: activity.signup_mode,
      updatedAt: activity.updated_at,
    },
    scheduleUpdatedAt: schedule?.updated_at ?? "",
    values,
    schedule: scheduleValuesOf(schedule),
    options,
    languages: COMMON_LANGUAGES,
    upcoming: sessions.filter((session) => session.starts_at >= now),
    past: sessions.filter((session) => session.starts_at < now).slice(-PAST_SHOWN),
  };
}

export async function action({ params, request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const db = getDb();
  const { activity } = await findActivity(params);
  const fields = formStrings(await request.formData(), ["languages", "weekdays"]);
  const intent = intentSchema.safeParse(fields);
  if (!intent.success) throw new Response("Bad request", { status: 400 });
  const now = new Date();

  if (intent.data.intent === "details") {
    const details = parseActivityForm(fields);
    const errors: FieldErrors = { ...details.errors };
    if (details.input) {
      Object.assign(errors, await activityReferenceErrors(db, details.input, activity.id));
    }
    const refuse = (refusal: FieldErrors) =>
      data(
        { intent: "details" as const, values: details.values, errors: refusal },
        { status: 400 },
      );
    if (!details.input || Object.keys(errors).length > 0) return refuse(errors);
    const saved = await updateActivityDetails(db, activity.id, details.input, user.id, now);
    if (!saved.ok) return refuse(saved.errors);
    // More places may have promoted people from a waiting list.
    kickMailWorker();
    throw redirect(`/staff/activities/${activity.id}?saved=details`);
  }

  const schedule = parseScheduleForm(fields);
  const refuse = (refusal: FieldErrors) =>
    data(
      { intent: "schedule" as const, values: schedule.values, errors: refusal },
      { status: 400 },
    );
  if (!schedule.schedule) return refuse(schedule.errors);
  const saved = await saveActivitySchedule(
    db,
    activity.id,
    schedule.schedule,
    schedule.changeReason,
    user.id,
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
  throw redirect(`/staff/activities/${activity.id}?saved=schedule`);
}

type SessionRow = ReturnType<typeof useLoaderData<typeof loader>>["upcoming"][number];

function SessionList({ sessions, showCounts }: { sessions: SessionRow[]; showCounts: boolean }) {
  const { locale, t } = useI18n();
  if (sessions.length === 0) return <p>{t("staffActivities.noSessions")}</p>;
  return (
    <ul className="date-list">
      {sessions.map((session) => {
        const when = formatSession(locale, session.starts_at, session.ends_at);
        return (
          <li key={session.id}>
            <Link to={`/staff/sessions/${session.id}`}>
              {session.status === "cancelled" ? <del>{when}</del> : when}
            </Link>
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
                  people: Number(session.people ?? 0),
                  waiting: Number(session.waiting ?? 0),
                })}`
              : null}
          </li>
        );
      })}
    </ul>
  );
}

export default function EditActivity() {
  const loaderData = useLoaderData<typeof loader>();
  const { activity } = loaderData;
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [search] = useSearchParams();
  const { t } = useI18n();
  const saved = search.get("saved");
  const detailErrors = result?.intent === "details" ? result.errors : {};
  const scheduleErrors = result?.intent === "schedule" ? result.errors : {};
  const busy = navigation.state === "submitting";
  const showCounts = activity.signupMode !== "none";
  return (
    <div className="page">
      <p className="eyebrow">
        <Link to="/staff/activities">{t("staffActivities.back")}</Link>
      </p>
      <h1>
        {activity.title}{" "}
        <span className="subtitle">{t(`staffActivities.status.${activity.status}`)}</span>
      </h1>
      <p>
        <Link to={`/staff/evaluations/${activity.id}`}>{t("staff.evaluations")}</Link>
      </p>
      {saved ? (
        <p className="notice" role="status">
          {saved === "created"
            ? t("staffActivities.created")
            : saved === "schedule"
              ? t("staffActivities.scheduleSaved")
              : t("staffActivities.saved")}
        </p>
      ) : null}
      <p className="staff-actions">
        <Link to={`/activities/${activity.slug}`}>{t("staffActivities.publicPage")}</Link>
        <a href="#sessions">{t("staffActivities.sessions")}</a>
      </p>

      <section aria-labelledby="details-title">
        <h2 id="details-title">{t("staffActivities.details")}</h2>
        <ErrorSummary errors={detailErrors} />
        <Form method="post" className="form" noValidate key={activity.updatedAt}>
          <input type="hidden" name="intent" value="details" />
          <ActivityFields
            prefix="activity"
            values={result?.intent === "details" ? result.values : loaderData.values}
            errors={detailErrors}
            options={loaderData.options}
            languageChoices={loaderData.languages}
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
        <Form method="post" className="form" noValidate key={loaderData.scheduleUpdatedAt}>
          <input type="hidden" name="intent" value="schedule" />
          <ScheduleFields
            prefix="schedule"
            values={result?.intent === "schedule" ? result.values : loaderData.schedule}
            errors={scheduleErrors}
            askReason
          />
          <p>
            <button type="submit" className="button" disabled={busy}>
              {t("staffActivities.saveSchedule")}
            </button>
          </p>
        </Form>
      </section>

      <section aria-labelledby="sessions" id="sessions-section">
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
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) => {
  const { t } = metaTranslator(matches);
  return [
    { title: pageTitle(loaded ? loaded.activity.title : t("staffActivities.title")) },
    { name: "robots", content: "noindex" },
  ];
};
