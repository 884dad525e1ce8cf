import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActivityFacts } from "~/components/activity-facts";
import { SubscribeLinks } from "~/components/calendar-links";
import { SignupForm } from "~/components/signup-form";
import { formatSession } from "~/i18n/format";
import { describePeriod, describeSchedule } from "~/i18n/format-schedule";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { toInstantString } from "~/domain/time";
import { getActivity, listActivitySessions } from "~/models/calendar.server";
import { signupCounts } from "~/models/rsvps.server";
import { getDb } from "~/utils/db.server";
import { handleSignup } from "~/utils/signup.server";

const NEXT_DATES = 10;

export async function loader({ params }: LoaderFunctionArgs) {
  const db = getDb();
  const activity = await getActivity(db, params.slug ?? "");
  if (!activity) throw new Response("Not found", { status: 404 });
  const sessions = await listActivitySessions(db, activity.id, {
    from: toInstantString(new Date()),
    limit: NEXT_DATES,
  });
  const courseOpen =
    activity.signup_mode === "course" &&
    activity.status === "published" &&
    sessions.some((session) => session.status === "scheduled");
  const counts = courseOpen
    ? await signupCounts(db, { activityId: activity.id, occurrenceId: null }, activity.capacity)
    : null;
  return { activity, sessions, counts };
}

/** Sign-up for the whole course; per-session sign-ups post to the session's own page. */
export async function action({ params, request, context }: ActionFunctionArgs) {
  const activity = await getActivity(getDb(), params.slug ?? "");
  if (!activity) throw new Response("Not found", { status: 404 });
  return handleSignup(request, context, activity, { activityId: activity.id, occurrenceId: null });
}

export default function ActivityPage() {
  const { activity, sessions, counts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const perSession = activity.signup_mode === "session" && activity.status === "published";
  const { locale, t } = useI18n();
  const period = activity.schedule ? describePeriod(locale, activity.schedule) : null;
  return (
    <article className="page">
      <h1>{activity.title}</h1>
      {activity.status === "ended" ? (
        <p className="notice notice--ended" role="status">
          {activity.status_reason
            ? t("activity.endedReason", { reason: activity.status_reason })
            : t("activity.ended")}
        </p>
      ) : activity.status === "cancelled" ? (
        <p className="notice notice--cancelled" role="status">
          {t("activity.cancelled")} {activity.status_reason}
        </p>
      ) : null}
      <p className="lead">{activity.summary}</p>
      <div className="prose">
        {activity.description.split(/\n{2,}/).map((paragraph, index) => (
          <p key={index}>{paragraph}</p>
        ))}
      </div>

      <ActivityFacts
        activity={activity}
        when={
          activity.schedule
            ? [describeSchedule(locale, activity.schedule), period].filter(Boolean).join(". ")
            : null
        }
      />

      {counts ? (
        <SignupForm
          settings={activity}
          counts={counts}
          result={result}
          heading={t("signup.titleCourse")}
        />
      ) : null}

      <section aria-labelledby="dates-title">
        <h2 id="dates-title">{t("activity.nextDates")}</h2>
        {perSession && sessions.length > 0 ? <p>{t("signup.perSession")}</p> : null}
        {sessions.length === 0 ? (
          <p>{t("activity.noNextDates")}</p>
        ) : (
          <ul className="date-list">
            {sessions.map((session) => {
              const label = formatSession(locale, session.starts_at, session.ends_at);
              const cancelled = session.status === "cancelled";
              return (
                <li key={session.id} className={cancelled ? "session--cancelled" : undefined}>
                  <Link to={`/activities/${activity.slug}/${session.id}`}>
                    {cancelled ? (
                      <del>{label}</del>
                    ) : (
                      <time dateTime={session.starts_at}>{label}</time>
                    )}
                  </Link>
                  {cancelled ? (
                    <span className="session__note session__note--cancelled">
                      {" "}
                      {session.cancel_reason
                        ? t("session.cancelledBecause", { reason: session.cancel_reason })
                        : t("session.cancelled")}
                    </span>
                  ) : perSession ? (
                    <>
                      {" "}
                      <Link
                        to={`/activities/${activity.slug}/${session.id}#signup-title`}
                        className="signup-link"
                      >
                        {t("signup.link")}
                        <span className="visually-hidden">: {label}</span>
                      </Link>
                    </>
                  ) : session.moved ? (
                    <span className="session__note">
                      {" "}
                      {t("session.moved")}
                      {session.move_reason ? `: ${session.move_reason}` : null}
                    </span>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      {activity.status === "published" ? (
        <SubscribeLinks
          feedPath={`/feeds/activities/${activity.slug}.ics`}
          label={activity.title}
        />
      ) : null}
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const { t } = metaTranslator(matches);
  if (!data) return [{ title: pageTitle(t("error.notFoundTitle")) }];
  return [
    { title: pageTitle(data.activity.title) },
    { name: "description", content: data.activity.summary },
  ];
};
