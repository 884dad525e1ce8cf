import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { BookingForm } from "~/components/booking-form";
import { OpeningHoursList, RoomWeekView } from "~/components/room-use";
import { WeekHeading } from "~/components/week-view";
import { formatIsoWeek, isoWeekOf, utcToZoned } from "~/domain/time";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { getRoom, listPartners, requestBooking, roomWeek } from "~/models/bookings.server";
import { requireStaff } from "~/utils/auth.server";
import { BOOKING_LIST_FIELDS, parseBookingForm, refuseBooking } from "~/utils/booking-form.server";
import { getDb } from "~/utils/db.server";
import { formValues, idParam } from "~/utils/staff-form.server";
import { weekFromUrl, weekHref } from "~/utils/week";

export async function loader({ params, request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const room = await getRoom(db, idParam(params.roomId), { kind: "staff" });
  if (!room) throw new Response("Not found", { status: 404 });
  const week = weekFromUrl(new URL(request.url), new Date());
  const [items, partners] = await Promise.all([
    roomWeek(db, room.id, week, { kind: "staff" }),
    listPartners(db),
  ]);
  return { room, week, items, partners };
}

export async function action({ params, request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const roomId = idParam(params.roomId);
  const values = formValues(await request.formData(), BOOKING_LIST_FIELDS);
  // This page books its own room, whatever the form says.
  values.roomId = String(roomId);
  const now = new Date();
  const parsed = parseBookingForm(values, now);
  const failure = { intent: "book", bookingId: null, values };
  if (!parsed.ok) return refuseBooking({ ...failure, errors: parsed.errors, conflicts: null }, 400);
  const result = await requestBooking(
    getDb(),
    { ...parsed.input, userId: user.id, byStaff: true },
    now,
  );
  if (result.ok) {
    const week = formatIsoWeek(isoWeekOf(utcToZoned(parsed.input.slots[0].startsAt).date));
    throw redirect(`/staff/rooms/${roomId}?week=${week}&booked=1`);
  }
  switch (result.reason) {
    case "conflict":
      return refuseBooking({ ...failure, errors: {}, conflicts: result.conflicts }, 409);
    case "past":
      return refuseBooking(
        { ...failure, errors: { date: { key: "bookings.error.past" } }, conflicts: null },
        400,
      );
    case "noPartner":
      return refuseBooking(
        {
          ...failure,
          errors: { partnerId: { key: "bookings.error.partner" } },
          conflicts: null,
        },
        400,
      );
    default:
      throw new Response("Not found", { status: 404 });
  }
}

export default function StaffRoomWeek() {
  const { room, week, items, partners } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const location = useLocation();
  const [search] = useSearchParams();
  const { t } = useI18n();
  // The week links keep the page's other parameters, but not the one-off notice.
  const linkSearch = new URLSearchParams(location.search);
  linkSearch.delete("booked");
  return (
    <div className="page">
      <p>
        <Link to="/staff/bookings">{t("bookings.back")}</Link>
      </p>
      <h1>
        {room.name}, {room.place_name}
      </h1>
      <p>{t("bookings.roomIntro", { minutes: room.buffer_minutes })}</p>
      {search.get("booked") ? (
        <p className="notice" role="status">
          {t("bookings.staffBooked")}
        </p>
      ) : null}
      <section aria-labelledby="week-title" className="week-section">
        <WeekHeading week={week} hrefFor={(other) => weekHref(linkSearch.toString(), other)} />
        <RoomWeekView week={week} items={items} />
      </section>
      <section aria-labelledby="hours-title">
        <h2 id="hours-title">{t("bookings.openHours")}</h2>
        <OpeningHoursList hours={room.hours} />
      </section>
      <section aria-labelledby="book-title">
        <h2 id="book-title">{t("bookings.bookThis")}</h2>
        <BookingForm
          rooms={[room]}
          fixedRoomId={room.id}
          partners={partners}
          failure={failure}
          purposeHint={t("bookings.hint.purposeStaff")}
          submitLabel={t("bookings.submitStaff")}
        />
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
