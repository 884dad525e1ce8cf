import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { formatDate, zonedParts } from "~/i18n/format";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { listPartnerBookings } from "~/models/bookings.server";
import { getPartner, listPartnerActivities } from "~/models/partner-activities.server";
import { requirePartnerMember } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePartnerMember(request);
  const db = getDb();
  const now = new Date();
  const [partner, activities, bookings] = await Promise.all([
    getPartner(db, user.partner_id),
    listPartnerActivities(db, user.partner_id, now),
    listPartnerBookings(db, user.partner_id, now),
  ]);
  const count = (status: string) => bookings.filter((booking) => booking.status === status).length;
  return {
    trusted: partner.trusted,
    hasPlaces: partner.places.length > 0,
    activities,
    bookings: {
      pending: count("pending"),
      approved: count("approved"),
      declined: count("declined"),
    },
  };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["activities"][number];

/** What the partner needs to know of where the activity stands, approvals included. */
function StatusTags({ activity }: { activity: Row }) {
  const { t } = useI18n();
  const declined = activity.status === "draft" && activity.status_reason;
  return (
    <p>
      <span className="tag">
        {declined
          ? t("partnerActivities.declined")
          : t(`staffActivities.status.${activity.status}`)}
      </span>
      {activity.revision_status === "pending" ? (
        <span className="tag tag--quiet">{t("partnerActivities.changeWaiting")}</span>
      ) : null}
      {activity.source_id !== null ? (
        <span className="tag tag--quiet">{t("partnerActivities.imported")}</span>
      ) : null}
    </p>
  );
}

export default function PartnerActivities() {
  const { trusted, hasPlaces, activities, bookings } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const { locale, t } = useI18n();
  const startOf = (instant: string) => {
    const at = zonedParts(instant);
    return `${formatDate(locale, at.date)} ${at.time}`;
  };
  return (
    <div className="page">
      <h1>{t("partnerActivities.title")}</h1>
      <p>{t("partnerActivities.intro")}</p>
      <p>{t(trusted ? "partnerActivities.trusted" : "partnerActivities.untrusted")}</p>
      {hasPlaces ? (
        <>
          <p>
            <Link to="/partner/activities/new" className="button">
              {t("partnerActivities.new")}
            </Link>
          </p>
          <p>
            <Link to="/partner/feeds">{t("partnerActivities.feedsLink")}</Link>
          </p>
        </>
      ) : (
        <p className="notice">{t("partnerActivities.noPlaces")}</p>
      )}
      {search.get("saved") === "pending" ? (
        <p className="notice" role="status">
          {t("partnerActivities.notice.pending")}
        </p>
      ) : null}

      {activities.length === 0 ? (
        <p>{t("partnerActivities.none")}</p>
      ) : (
        <ul className="cards">
          {activities.map((activity) => (
            <li key={activity.id} className="card" id={`activity-${activity.id}`}>
              <h2>
                <Link to={`/partner/activities/${activity.id}`}>{activity.title}</Link>
              </h2>
              <StatusTags activity={activity} />
              {activity.status === "draft" && activity.status_reason ? (
                <p>{t("partnerActivities.declinedBecause", { reason: activity.status_reason })}</p>
              ) : null}
              {activity.revision_status === "declined" && activity.revision_decline_reason ? (
                <p>
                  {t("partnerActivities.changeDeclined", {
                    reason: activity.revision_decline_reason,
                  })}
                </p>
              ) : null}
              {activity.place_name ? <p>{activity.place_name}</p> : null}
              <p>
                {activity.next_starts_at ? (
                  <time dateTime={activity.next_starts_at}>
                    {t("partnerActivities.next", { when: startOf(activity.next_starts_at) })}
                  </time>
                ) : (
                  t("partnerActivities.noNext")
                )}
              </p>
              {activity.signup_mode !== "none" ? (
                <p>
                  {t("partnerActivities.signups", {
                    people: activity.people,
                    waiting: activity.waiting,
                  })}
                </p>
              ) : null}
              <p>
                {activity.average_turnout === null
                  ? t("partnerActivities.noTurnout")
                  : t("partnerActivities.turnout", {
                      average: activity.average_turnout,
                      sessions: activity.counted_sessions,
                    })}
              </p>
            </li>
          ))}
        </ul>
      )}

      <section aria-labelledby="bookings-title">
        <h2 id="bookings-title">{t("partnerActivities.bookings")}</h2>
        <p>{t("partnerActivities.bookingCounts", bookings)}</p>
        <p>
          <Link to="/partner/bookings">{t("partnerActivities.bookingsLink")}</Link>
        </p>
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [
    { title: pageTitle(t("partnerActivities.title")) },
    { name: "robots", content: "noindex" },
  ];
};
