import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { formatSession } from "~/i18n/format";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { cancelBooking, listPartnerBookings, listRooms } from "~/models/bookings.server";
import { requirePartnerMember } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

const actionSchema = z.object({
  intent: z.enum(["cancel", "cancel-series"]),
  bookingId: z
    .string()
    .regex(/^[1-9]\d{0,8}$/)
    .transform(Number),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePartnerMember(request);
  const db = getDb();
  const [bookings, rooms] = await Promise.all([
    listPartnerBookings(db, user.partner_id, new Date()),
    listRooms(db, { kind: "partner", partnerId: user.partner_id }),
  ]);
  return { bookings, rooms };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePartnerMember(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const result = await cancelBooking(
    getDb(),
    {
      bookingId: parsed.data.bookingId,
      userId: user.id,
      partnerId: user.partner_id,
      wholeSeries: parsed.data.intent === "cancel-series",
    },
    new Date(),
  );
  // Another partner's booking answers as if it did not exist.
  if (!result.ok && result.reason === "notFound") throw new Response("Not found", { status: 404 });
  if (!result.ok) {
    return data({ bookingId: parsed.data.bookingId }, { status: 409 });
  }
  throw redirect("/partner/bookings?cancelled=1");
}

export default function PartnerBookings() {
  const { bookings, rooms } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { locale, t } = useI18n();
  const requested = search.get("requested");
  return (
    <div className="page">
      <h1>{t("bookings.title")}</h1>
      <p>{t("bookings.partnerIntro")}</p>
      {requested === "pending" || requested === "approved" ? (
        <p className="notice" role="status">
          {t(requested === "pending" ? "bookings.requestedPending" : "bookings.requestedApproved")}
        </p>
      ) : null}
      {search.get("cancelled") ? (
        <p className="notice" role="status">
          {t("bookings.cancelledNotice")}
        </p>
      ) : null}
      <p>
        <Link to="/partner/bookings/new" className="button">
          {t("bookings.new")}
        </Link>
      </p>

      <section aria-labelledby="mine-title">
        <h2 id="mine-title">{t("bookings.mine")}</h2>
        {bookings.length === 0 ? (
          <p>{t("bookings.none")}</p>
        ) : (
          <ul className="cards bookings">
            {bookings.map((booking) => {
              const when = formatSession(locale, booking.starts_at, booking.ends_at);
              const active = booking.status === "pending" || booking.status === "approved";
              return (
                <li key={booking.id} className="card booking" id={`booking-${booking.id}`}>
                  <p className="session__time">
                    <time dateTime={booking.starts_at}>{when}</time>
                  </p>
                  <p>
                    {booking.room_name}, {booking.place_name}
                  </p>
                  <p>{booking.purpose}</p>
                  <p>
                    <span className="tag booking-status">
                      {t(`bookings.status.${booking.status}`)}
                    </span>
                    {booking.series_id ? (
                      <span className="tag tag--quiet">{t("bookings.inSeries")}</span>
                    ) : null}
                  </p>
                  {booking.status === "declined" && booking.decline_reason ? (
                    <p>{t("bookings.declinedBecause", { reason: booking.decline_reason })}</p>
                  ) : null}
                  {failure?.bookingId === booking.id ? (
                    <p className="field-error">{t("bookings.error.notActive")}</p>
                  ) : null}
                  {active ? (
                    <Form method="post">
                      <input type="hidden" name="bookingId" value={booking.id} />
                      <button
                        type="submit"
                        name="intent"
                        value="cancel"
                        className="button button--quiet"
                        aria-label={t("bookings.cancelFor", { when })}
                      >
                        {t("bookings.cancel")}
                      </button>{" "}
                      {booking.series_id ? (
                        <button
                          type="submit"
                          name="intent"
                          value="cancel-series"
                          className="link-button"
                        >
                          {t("bookings.cancelSeries")}
                        </button>
                      ) : null}
                    </Form>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="rooms-title">
        <h2 id="rooms-title">{t("bookings.rooms")}</h2>
        <p>{t("bookings.roomsIntro")}</p>
        <ul>
          {rooms.map((room) => (
            <li key={room.id}>
              <Link to={`/partner/rooms/${room.id}`}>
                {t("bookings.roomCapacity", {
                  room: room.name,
                  place: room.place_name,
                  capacity: room.capacity,
                })}
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("bookings.title")) }, { name: "robots", content: "noindex" }];
};
