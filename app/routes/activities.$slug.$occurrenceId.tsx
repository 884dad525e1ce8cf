import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SignupForm } from "~/components/signup-form";
import { ActivityFacts } from "~/components/activity-facts";
import { AddToCalendar } from "~/components/calendar-links";
import { toInstantString } from "~/domain/time";
import { formatSession } from "~/i18n/format";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { getActivity, getSession, listActivitySessions } from "~/models/calendar.server";
import { signupCounts } from "~/models/rsvps.server";
import { getDb } from "~/utils/db.server";
import { handleSignup } from "~/utils/signup.server";

async function findSession(params: LoaderFunctionArgs["params"]) {
  if (!/^\d{1,12}$/.test(params.occurrenceId ?? "")) {
    throw new Response("Not found", { status: 404 });
  }
  const db = getDb();
  const activity = await getActivity(db, params.slug ?? "");
  if (!activity) throw new Response("Not found", { status: 404 });
  const session = await getSession(db, activity.id, Number(params.occurrenceId));
  if (!session) throw new Response("Not found", { status: 404 });
  return { activity, session };
}

export async function loader({ params }: LoaderFunctionArgs) {
  const db = getDb();
  const { activity, session } = await findSession(params);
  const now = toInstantString(new Date());
  const others = await listActivitySessions(db, activity.id, { from: now, limit: 6 });
  const open =
    activity.signup_mode === "session" &&
    activity.status === "published" &&
    session.status === "scheduled" &&
    session.starts_at > now;
  const counts = open
    ? await signupCounts(
        db,
        { activityId: activity.id, occurrenceId: session.id },
        session.capacity ?? activity.capacity,
      )
    : null;
  return {
    activity,
    session,
    counts,
    others: others.filter((other) => other.id !== session.id).slice(0, 5),
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { activity, session } = await findSession(params);
  return handleSignup(request, context, activity, {
    activityId: activity.id,
    occurrenceId: session.id,
  });
}

export default function SessionPage() {
  const { activity, session, others, counts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { locale, t } = useI18n();
  const when = formatSession(locale, session.starts_at, session.ends_at);
  const cancelled = session.status === "cancelled" || activity.status === "cancelled";
  return (
    <article className="page">
      <p className="eyebrow">
        <Link to={`/activities/${activity.slug}`}>{t("session.backToActivity")}</Link>
      </p>
      <h1>
        {activity.title}{" "}
        <span className="subtitle">
          {cancelled ? <del>{when}</del> : <time dateTime={session.starts_at}>{when}</time>}
        </span>
      </h1>
      {session.status === "cancelled" ? (
        <p className="notice notice--cancelled" role="status">
          {session.cancel_reason
            ? t("session.cancelledBecause", { reason: session.cancel_reason })
            : t("session.cancelled")}
        </p>
      ) : activity.status === "cancelled" ? (
        <p className="notice notice--cancelled" role="status">
          {t("session.activityCancelled")}
        </p>
      ) : null}
      {session.moved && session.status !== "cancelled" ? (
        <p className="notice" role="status">
          <strong>{t("session.moved")}</strong>
          {session.move_reason ? `: ${session.move_reason}` : null}
        </p>
      ) : null}
      {activity.status === "ended" ? (
        <p className="notice notice--ended">{t("activity.ended")}</p>
      ) : null}
      <p className="lead">{activity.summary}</p>

      <ActivityFacts
        activity={activity}
        when={when}
        roomName={session.room_name}
        locationName={session.location_name}
      />

      {session.status === "scheduled" ? (
        <AddToCalendar
          icsPath={`/activities/${activity.slug}/${session.id}.ics`}
          title={activity.title}
          startsAt={session.starts_at}
          endsAt={session.ends_at}
          location={
            activity.place_name
              ? [
                  activity.place_name,
                  session.room_name ?? activity.room_name,
                  activity.place_address,
                ]
                  .filter(Boolean)
                  .join(", ")
              : [session.location_name ?? activity.location_name, activity.location_address]
                  .filter(Boolean)
                  .join(", ")
          }
          details={activity.summary}
        />
      ) : null}

      {!counts && result?.errors.form ? (
        <p className="notice notice--cancelled error-summary" role="alert">
          {t(result.errors.form.key)}
        </p>
      ) : null}
      {counts ? (
        <SignupForm
          settings={activity}
          counts={counts}
          result={result}
          heading={t("signup.title")}
        />
      ) : null}

      {others.length > 0 ? (
        <section aria-labelledby="others-title">
          <h2 id="others-title">{t("session.otherDates")}</h2>
          <ul className="date-list">
            {others.map((other) => {
              const label = formatSession(locale, other.starts_at, other.ends_at);
              return (
                <li key={other.id}>
                  <Link to={`/activities/${activity.slug}/${other.id}`}>
                    {other.status === "cancelled" ? <del>{label}</del> : label}
                  </Link>
                  {other.status === "cancelled"
                    ? ` (${t("session.cancelled").toLowerCase()})`
                    : null}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const { locale, t } = metaTranslator(matches);
  if (!data) return [{ title: pageTitle(t("error.notFoundTitle")) }];
  const when = formatSession(locale, data.session.starts_at, data.session.ends_at);
  return [
    { title: pageTitle(t("session.title", { title: data.activity.title, date: when })) },
    { name: "description", content: data.activity.summary },
  ];
};
