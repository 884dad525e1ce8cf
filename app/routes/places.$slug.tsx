import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { SubscribeLinks } from "~/components/calendar-links";
import { WeekHeading, WeekView } from "~/components/week-view";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { messageList } from "~/i18n/i18n";
import { useI18n } from "~/i18n/use-i18n";
import { RoomUse } from "~/components/room-use";
import { publicRoomUse } from "~/models/bookings.server";
import { getPlace, listSessions } from "~/models/calendar.server";
import { getDb } from "~/utils/db.server";
import { weekFromUrl, weekHref } from "~/utils/week";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const db = getDb();
  const place = await getPlace(db, params.slug ?? "");
  if (!place) throw new Response("Not found", { status: 404 });
  const week = weekFromUrl(new URL(request.url), new Date());
  const [sessions, roomUse] = await Promise.all([
    listSessions(db, week, { place: place.slug }),
    publicRoomUse(db, place.id, week),
  ]);
  return { place, week, sessions, roomUse };
}

export default function PlacePage() {
  const { place, week, sessions, roomUse } = useLoaderData<typeof loader>();
  const { locale, t } = useI18n();
  const location = useLocation();
  const dayNames = messageList(locale, "days.long");
  return (
    <div className="page">
      <h1>{place.name}</h1>
      <p className="muted">{t("places.area", { area: place.area_name })}</p>
      <p className="lead">{place.description}</p>

      <section aria-labelledby="week-title" className="week-section">
        <WeekHeading week={week} hrefFor={(other) => weekHref(location.search, other)} />
        <WeekView week={week} sessions={sessions} showPlace={false} />
        <p className="print-link">
          <Link to={`/places/${place.slug}/print?week=${week.param}`}>{t("print.link")}</Link>
        </p>
      </section>

      <RoomUse use={roomUse} />

      <div className="facts">
        <section aria-labelledby="address-title">
          <h2 id="address-title">{t("places.address")}</h2>
          <address>
            {place.street_address}
            <br />
            {[place.postal_code, place.city].filter(Boolean).join(" ")}
          </address>
        </section>

        <section aria-labelledby="hours-title">
          <h2 id="hours-title">{t("places.hours")}</h2>
          <dl className="hours">
            {dayNames.map((dayName, index) => {
              const ranges = place.hours.filter((row) => row.weekday === index + 1);
              return (
                <div key={dayName}>
                  <dt>{dayName}</dt>
                  <dd>
                    {ranges.length === 0
                      ? t("places.closed")
                      : ranges.map((range) => `${range.opens}–${range.closes}`).join(", ")}
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>

        {place.rooms.length > 0 ? (
          <section aria-labelledby="rooms-title">
            <h2 id="rooms-title">{t("places.rooms")}</h2>
            <ul>
              {place.rooms.map((room) => (
                <li key={room.id}>
                  {t("places.roomCapacity", { name: room.name, capacity: room.capacity })}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {place.accessibility ? (
          <section aria-labelledby="access-title">
            <h2 id="access-title">{t("places.accessibility")}</h2>
            <p>{place.accessibility}</p>
          </section>
        ) : null}

        <SubscribeLinks feedPath={`/feeds/places/${place.slug}.ics`} label={place.name} />

        {place.partners.length > 0 ? (
          <section aria-labelledby="partners-title">
            <h2 id="partners-title">{t("places.partners")}</h2>
            <ul>
              {place.partners.map((partner) => (
                <li key={partner.slug}>{partner.name}</li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const { t } = metaTranslator(matches);
  if (!data) return [{ title: pageTitle(t("error.notFoundTitle")) }];
  return [
    { title: pageTitle(`${data.place.name}, ${t("week.short", { week: data.week.week.week })}`) },
    { name: "description", content: data.place.description },
  ];
};
