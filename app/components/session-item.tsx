import { Link } from "@remix-run/react";
import type { Audience, Category, OccurrenceStatus } from "#db/schema";
import { formatSession, formatTimeRange } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";

export type SessionSummary = {
  id: number;
  starts_at: string;
  ends_at: string;
  status: OccurrenceStatus;
  cancel_reason: string | null;
  moved: number;
  move_reason: string | null;
  activity_slug: string;
  title: string;
  category: Category;
  audience: Audience;
  activity_status: string;
  place_name: string | null;
  room_name: string | null;
  location_name: string | null;
  area_name: string;
};

/** One session in a list: time, title, where, for whom; cancelled ones struck through with why. */
export function SessionItem({
  session,
  showPlace = true,
  showDate = false,
}: {
  session: SessionSummary;
  showPlace?: boolean;
  showDate?: boolean;
}) {
  const { locale, t } = useI18n();
  const cancelled = session.status === "cancelled" || session.activity_status === "cancelled";
  const where = (
    showPlace
      ? [
          session.place_name ?? session.location_name,
          session.room_name,
          session.place_name ? null : session.area_name,
        ]
      : [session.room_name ?? session.location_name]
  )
    .filter(Boolean)
    .join(", ");
  const when = showDate
    ? formatSession(locale, session.starts_at, session.ends_at)
    : formatTimeRange(session.starts_at, session.ends_at);
  return (
    <li className={cancelled ? "session session--cancelled" : "session"}>
      <p className="session__time">
        {cancelled ? <del>{when}</del> : <time dateTime={session.starts_at}>{when}</time>}
      </p>
      <p className="session__title">
        <Link to={`/activities/${session.activity_slug}/${session.id}`}>
          {cancelled ? <del>{session.title}</del> : session.title}
        </Link>
      </p>
      {where ? <p className="session__where">{where}</p> : null}
      <p className="session__tags">
        <span className="tag">{t(`audience.${session.audience}`)}</span>
        <span className="tag tag--quiet">{t(`category.${session.category}`)}</span>
      </p>
      {session.status === "cancelled" ? (
        <p className="session__note session__note--cancelled">
          <strong>{t("session.cancelled")}</strong>
          {session.cancel_reason ? `: ${session.cancel_reason}` : null}
        </p>
      ) : session.activity_status === "cancelled" ? (
        <p className="session__note session__note--cancelled">
          <strong>{t("session.activityCancelled")}</strong>
        </p>
      ) : session.moved ? (
        <p className="session__note">
          <strong>{t("session.moved")}</strong>
          {session.move_reason ? `: ${session.move_reason}` : null}
        </p>
      ) : null}
    </li>
  );
}
