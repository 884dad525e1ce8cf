import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { OpeningHoursList, RoomWeekView } from "~/components/room-use";
import { WeekHeading } from "~/components/week-view";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { getRoom, roomWeek, type Viewer } from "~/models/bookings.server";
import { requirePartnerMember } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { idParam } from "~/utils/staff-form.server";
import { weekFromUrl, weekHref } from "~/utils/week";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const user = await requirePartnerMember(request);
  const db = getDb();
  const viewer: Viewer = { kind: "partner", partnerId: user.partner_id };
  // Rooms at places the partner does not work with are not there for it.
  const room = await getRoom(db, idParam(params.roomId), viewer);
  if (!room) throw new Response("Not found", { status: 404 });
  const week = weekFromUrl(new URL(request.url), new Date());
  const items = await roomWeek(db, room.id, week, viewer);
  return { room, week, items };
}

export default function PartnerRoomWeek() {
  const { room, week, items } = useLoaderData<typeof loader>();
  const location = useLocation();
  const { t } = useI18n();
  return (
    <div className="page">
      <p>
        <Link to="/partner/bookings">{t("bookings.back")}</Link>
      </p>
      <h1>
        {room.name}, {room.place_name}
      </h1>
      <p>{t("bookings.roomIntro", { minutes: room.buffer_minutes })}</p>
      <p>
        <Link to={`/partner/bookings/new?room=${room.id}`} className="button">
          {t("bookings.bookThis")}
        </Link>
      </p>
      <section aria-labelledby="week-title" className="week-section">
        <WeekHeading week={week} hrefFor={(other) => weekHref(location.search, other)} />
        <RoomWeekView week={week} items={items} />
      </section>
      <section aria-labelledby="hours-title">
        <h2 id="hours-title">{t("bookings.openHours")}</h2>
        <OpeningHoursList hours={room.hours} />
      </section>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const { t } = metaTranslator(matches);
  if (!data) return [{ title: pageTitle(t("error.notFoundTitle")) }];
  return [
    {
      title: pageTitle(
        `${data.room.name}, ${data.room.place_name}, ${t("week.short", { week: data.week.week.week })}`,
      ),
    },
    { name: "robots", content: "noindex" },
  ];
};
