import { Link } from "@remix-run/react";
import type { ActivityDetail } from "~/models/calendar.server";
import { formatList, languageName } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";

type Facts = Pick<
  ActivityDetail,
  | "place_slug"
  | "place_name"
  | "place_address"
  | "room_name"
  | "location_name"
  | "location_address"
  | "area_name"
  | "partner_name"
  | "audience"
  | "category"
  | "languages"
  | "signup_mode"
  | "capacity"
  | "ask_party_size"
  | "status"
>;

/** Where, who runs it, for whom, in which languages and how to take part. */
export function ActivityFacts({
  activity,
  when,
  roomName,
  locationName,
}: {
  activity: Facts;
  when: string | null;
  roomName?: string | null;
  locationName?: string | null;
}) {
  const { locale, t } = useI18n();
  const room = roomName ?? activity.room_name;
  const location = locationName ?? activity.location_name;
  return (
    <dl className="facts-list">
      {when ? (
        <div>
          <dt>{t("activity.schedule")}</dt>
          <dd>{when}</dd>
        </div>
      ) : null}
      <div>
        <dt>{t("activity.where")}</dt>
        <dd>
          {activity.place_slug && activity.place_name && !locationName ? (
            <>
              <Link to={`/places/${activity.place_slug}`}>{activity.place_name}</Link>
              {room ? `, ${room}` : null}
              {activity.place_address ? (
                <>
                  <br />
                  {activity.place_address}
                </>
              ) : null}
            </>
          ) : (
            <>
              {location}
              {activity.location_address ? (
                <>
                  <br />
                  {activity.location_address}
                </>
              ) : null}
            </>
          )}
          <br />
          <span className="muted">{t("places.area", { area: activity.area_name })}</span>
        </dd>
      </div>
      <div>
        <dt>{t("activity.organiser")}</dt>
        <dd>{activity.partner_name ?? t("activity.organiserStaff")}</dd>
      </div>
      <div>
        <dt>{t("activity.audience")}</dt>
        <dd>{t(`audience.${activity.audience}`)}</dd>
      </div>
      <div>
        <dt>{t("activity.category")}</dt>
        <dd>{t(`category.${activity.category}`)}</dd>
      </div>
      {activity.languages.length > 0 ? (
        <div>
          <dt>{t("activity.languages")}</dt>
          <dd>
            {formatList(
              locale,
              sortLanguages(activity.languages).map((code) => languageName(locale, code)),
            )}
          </dd>
        </div>
      ) : null}
      <div>
        <dt>{t("activity.howTo")}</dt>
        <dd>
          {activity.signup_mode === "none"
            ? t("activity.signupNone")
            : [
                activity.signup_mode === "course"
                  ? t("activity.signupCourse")
                  : t("activity.signupSession"),
                activity.capacity ? t("activity.capacity", { capacity: activity.capacity }) : null,
                activity.ask_party_size ? t("activity.partySize") : null,
              ]
                .filter(Boolean)
                .join(" ")}
        </dd>
      </div>
    </dl>
  );
}

/** Swedish first, the site's common language; the rest in a stable order. */
function sortLanguages(codes: string[]): string[] {
  return [...codes].sort((a, b) => (a === "sv" ? -1 : b === "sv" ? 1 : a.localeCompare(b)));
}
