import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { BookingForm, ConflictList } from "~/components/booking-form";
import { ErrorText } from "~/components/staff-form";
import { formatIsoWeek, isoWeekOf, toInstantString, utcToZoned } from "~/domain/time";
import { formatSession } from "~/i18n/format";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import {
  cancelBooking,
  decideBooking,
  listBookingsBetween,
  listPartners,
  listPendingRequests,
  listRooms,
  requestBooking,
} from "~/models/bookings.server";
import { requireStaff } from "~/utils/auth.server";
import {
  BOOKING_LIST_FIELDS,
  parseBookingForm,
  refuseBooking,
  type BookingFailure,
} from "~/utils/booking-form.server";
import { getDb } from "~/utils/db.server";
import { kickMailWorker } from "~/utils/mail-worker.server";
import { fieldErrors, formValues, says } from "~/utils/staff-form.server";

const UPCOMING_DAYS = 28;
const REASON_MAX = 1000;

const bookingId = z
  .string()
  .regex(/^[1-9]\d{0,8}$/)
  .transform(Number);
const decisionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), bookingId }),
  z.object({
    intent: z.literal("decline"),
    bookingId,
    reason: z
      .string()
      .optional()
      .transform((value) => (value ?? "").trim())
      .pipe(
        z
          .string()
          .min(1, says("bookings.error.reason"))
          .max(REASON_MAX, says("bookings.error.tooLong")),
      ),
  }),
  z.object({ intent: z.literal("cancel"), bookingId }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const now = new Date();
  const until = new Date(now.getTime() + UPCOMING_DAYS * 86_400_000);
  const [pending, upcoming, rooms, partners] = await Promise.all([
    listPendingRequests(db),
    listBookingsBetween(db, toInstantString(now), toInstantString(until)),
    listRooms(db, { kind: "staff" }),
    listPartners(db),
  ]);
  return { pending, upcoming, rooms, partners };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const values = formValues(await request.formData(), BOOKING_LIST_FIELDS);
  const db = getDb();
  const now = new Date();
  const intent = typeof values.intent === "string" ? values.intent : "";
  const target = typeof values.bookingId === "string" ? Number(values.bookingId) || null : null;
  const refuse = (status: 400 | 409, rest: Pick<BookingFailure, "errors" | "conflicts">) =>
    refuseBooking({ intent, bookingId: target, values, ...rest }, status);

  if (intent === "book") {
    const parsed = parseBookingForm(values, now);
    if (!parsed.ok) return refuse(400, { errors: parsed.errors, conflicts: null });
    const result = await requestBooking(
      db,
      { ...parsed.input, userId: user.id, byStaff: true },
      now,
    );
    if (result.ok) throw redirect("/staff/bookings?booked=1");
    if (result.reason === "conflict") {
      return refuse(409, { errors: {}, conflicts: result.conflicts });
    }
    const errors = {
      past: { date: { key: "bookings.error.past" } },
      noPartner: { partnerId: { key: "bookings.error.partner" } },
      notFound: { roomId: { key: "bookings.error.room" } },
      forbidden: { roomId: { key: "bookings.error.room" } },
    } as const;
    return refuse(400, { errors: errors[result.reason], conflicts: null });
  }

  const parsed = decisionSchema.safeParse(values);
  if (!parsed.success) return refuse(400, { errors: fieldErrors(parsed.error), conflicts: null });
  const decision = parsed.data;
  if (decision.intent === "cancel") {
    const result = await cancelBooking(
      db,
      { bookingId: decision.bookingId, userId: user.id, partnerId: null, wholeSeries: false },
      now,
    );
    if (!result.ok && result.reason === "notFound") {
      throw new Response("Not found", { status: 404 });
    }
    if (!result.ok) {
      return refuse(409, {
        errors: { form: { key: "bookings.error.notActive" } },
        conflicts: null,
      });
    }
    kickMailWorker();
    throw redirect("/staff/bookings?cancelled=1");
  }
  const approve = decision.intent === "approve";
  const result = await decideBooking(
    db,
    {
      bookingId: decision.bookingId,
      approve,
      reason: decision.intent === "decline" ? decision.reason : "",
      userId: user.id,
    },
    now,
  );
  if (result.ok) {
    kickMailWorker();
    throw redirect(`/staff/bookings?${approve ? "approved" : "declined"}=1`);
  }
  switch (result.reason) {
    case "notFound":
      throw new Response("Not found", { status: 404 });
    case "notPending":
      return refuse(409, {
        errors: { form: { key: "bookings.error.notPending" } },
        conflicts: null,
      });
    case "conflict":
      return refuse(409, { errors: {}, conflicts: result.conflicts });
  }
}

function weekOf(instant: string): string {
  return formatIsoWeek(isoWeekOf(utcToZoned(new Date(instant)).date));
}

export default function StaffBookings() {
  const { pending, upcoming, rooms, partners } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { locale, t } = useI18n();
  const failedOn = (intent: string, id: number) =>
    failure && failure.intent === intent && failure.bookingId === id ? failure : undefined;
  const notices = [
    ["approved", "bookings.approvedNotice"],
    ["declined", "bookings.declinedNotice"],
    ["cancelled", "bookings.cancelledNotice"],
    ["booked", "bookings.staffBooked"],
  ] as const;
  return (
    <div className="page">
      <h1>{t("bookings.title")}</h1>
      <p>{t("bookings.staffIntro")}</p>
      {notices.map(([param, key]) =>
        search.get(param) ? (
          <p key={param} className="notice" role="status">
            {t(key)}
          </p>
        ) : null,
      )}

      {failure?.errors.form ? (
        <div className="error-summary" role="alert">
          <p>{t(failure.errors.form.key)}</p>
        </div>
      ) : null}

      <section aria-labelledby="queue-title">
        <h2 id="queue-title">{t("bookings.queue")}</h2>
        {pending.length === 0 ? <p>{t("bookings.queueEmpty")}</p> : null}
        <ul className="cards">
          {pending.map((request) => {
            const approveFailure = failedOn("approve", request.id);
            const declineFailure = failedOn("decline", request.id);
            return (
              <li key={request.id} className="card booking-request" id={`request-${request.id}`}>
                <h3>
                  {request.partner_name ?? t("bookings.staffOwn")}:{" "}
                  <Link to={`/staff/rooms/${request.room_id}?week=${weekOf(request.starts_at)}`}>
                    {request.room_name}, {request.place_name}
                  </Link>
                </h3>
                {request.user_name ? (
                  <p className="muted">{t("bookings.requestedBy", { name: request.user_name })}</p>
                ) : null}
                <p>{request.purpose}</p>
                {request.dates.length > 1 ? (
                  <p>{t("bookings.dateCount", { count: request.dates.length })}</p>
                ) : null}
                <ul className="date-list">
                  {request.dates.map((date) => (
                    <li key={date.id}>
                      <time dateTime={date.starts_at}>
                        {formatSession(locale, date.starts_at, date.ends_at)}
                      </time>
                    </li>
                  ))}
                </ul>
                {approveFailure?.conflicts && approveFailure.conflicts.length > 0 ? (
                  <ConflictList
                    id={`request-${request.id}-conflicts`}
                    conflicts={approveFailure.conflicts}
                    heading={t("bookings.conflictsApprove")}
                  />
                ) : null}
                <Form method="post">
                  <input type="hidden" name="intent" value="approve" />
                  <input type="hidden" name="bookingId" value={request.id} />
                  <button type="submit" className="button">
                    {t("bookings.approve")}
                  </button>
                </Form>
                <Form method="post" className="form">
                  <input type="hidden" name="intent" value="decline" />
                  <input type="hidden" name="bookingId" value={request.id} />
                  <div className="field">
                    <label htmlFor={`decline-reason-${request.id}`}>
                      {t("bookings.declineReason")}
                    </label>
                    <textarea
                      id={`decline-reason-${request.id}`}
                      name="reason"
                      rows={2}
                      maxLength={REASON_MAX}
                      defaultValue={
                        typeof declineFailure?.values.reason === "string"
                          ? declineFailure.values.reason
                          : ""
                      }
                      aria-invalid={declineFailure?.errors.reason ? true : undefined}
                      aria-describedby={
                        declineFailure?.errors.reason
                          ? `decline-reason-${request.id}-error`
                          : undefined
                      }
                    />
                    <ErrorText
                      id={`decline-reason-${request.id}-error`}
                      error={declineFailure?.errors.reason}
                    />
                  </div>
                  <button type="submit" className="button button--danger">
                    {t("bookings.decline")}
                  </button>
                </Form>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">{t("bookings.upcoming")}</h2>
        {upcoming.length === 0 ? (
          <p>{t("bookings.upcomingEmpty")}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("bookings.col.when")}</th>
                  <th scope="col">{t("bookings.col.room")}</th>
                  <th scope="col">{t("bookings.col.who")}</th>
                  <th scope="col">{t("bookings.col.purpose")}</th>
                  <th scope="col">{t("bookings.col.status")}</th>
                  <th scope="col">{t("bookings.col.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {upcoming.map((booking) => {
                  const when = formatSession(locale, booking.starts_at, booking.ends_at);
                  return (
                    <tr key={booking.id} id={`booking-${booking.id}`}>
                      <td>
                        <time dateTime={booking.starts_at}>{when}</time>
                      </td>
                      <td>
                        <Link
                          to={`/staff/rooms/${booking.room_id}?week=${weekOf(booking.starts_at)}`}
                        >
                          {booking.room_name}, {booking.place_name}
                        </Link>
                      </td>
                      <td>{booking.partner_name ?? t("bookings.staffOwn")}</td>
                      <td>{booking.purpose}</td>
                      <td>{t(`bookings.status.${booking.status}`)}</td>
                      <td>
                        <Form method="post">
                          <input type="hidden" name="intent" value="cancel" />
                          <input type="hidden" name="bookingId" value={booking.id} />
                          <button
                            type="submit"
                            className="link-button"
                            aria-label={t("bookings.cancelFor", { when })}
                          >
                            {t("bookings.cancel")}
                          </button>
                        </Form>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="room-weeks-title">
        <h2 id="room-weeks-title">{t("bookings.roomWeeks")}</h2>
        <ul>
          {rooms.map((room) => (
            <li key={room.id}>
              <Link to={`/staff/rooms/${room.id}`}>
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

      <section aria-labelledby="staff-book-title">
        <h2 id="staff-book-title">{t("bookings.staffNew")}</h2>
        <BookingForm
          rooms={rooms}
          partners={partners}
          failure={failure}
          intent="book"
          purposeHint={t("bookings.hint.purposeStaff")}
          submitLabel={t("bookings.submitStaff")}
        />
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("bookings.title")) }, { name: "robots", content: "noindex" }];
};
