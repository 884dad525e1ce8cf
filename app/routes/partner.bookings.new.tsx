import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { BookingForm } from "~/components/booking-form";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { listRooms, requestBooking } from "~/models/bookings.server";
import { requirePartnerMember } from "~/utils/auth.server";
import type { Conflict } from "~/domain/booking";
import { BOOKING_LIST_FIELDS, parseBookingForm, refuseBooking } from "~/utils/booking-form.server";
import { getDb } from "~/utils/db.server";
import { formValues, type FieldErrors } from "~/utils/staff-form.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePartnerMember(request);
  const rooms = await listRooms(getDb(), { kind: "partner", partnerId: user.partner_id });
  const url = new URL(request.url);
  return {
    rooms,
    defaults: {
      roomId: url.searchParams.get("room") ?? undefined,
      date: url.searchParams.get("date") ?? undefined,
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePartnerMember(request);
  const values = formValues(await request.formData(), BOOKING_LIST_FIELDS);
  // A partner books for its own association only, whatever the form says.
  delete values.partnerId;
  const now = new Date();
  const parsed = parseBookingForm(values, now);
  const refuse = (status: 400 | 409, errors: FieldErrors, conflicts: Conflict[] | null = null) =>
    refuseBooking({ intent: "book", bookingId: null, values, errors, conflicts }, status);
  if (!parsed.ok) return refuse(400, parsed.errors);
  const result = await requestBooking(
    getDb(),
    { ...parsed.input, partnerId: user.partner_id, userId: user.id, byStaff: false },
    now,
  );
  if (result.ok) throw redirect(`/partner/bookings?requested=${result.status}`);
  switch (result.reason) {
    case "conflict":
      return refuse(409, {}, result.conflicts);
    case "past":
      return refuse(400, { date: { key: "bookings.error.past" } });
    case "notFound":
    case "noPartner":
      return refuse(400, { roomId: { key: "bookings.error.room" } });
    case "forbidden":
      throw new Response("Forbidden", { status: 403 });
  }
}

export default function NewPartnerBooking() {
  const { rooms, defaults } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="page">
      <p>
        <Link to="/partner/bookings">{t("bookings.back")}</Link>
      </p>
      <h1>{t("bookings.new")}</h1>
      <p>{t("bookings.newIntro")}</p>
      <BookingForm
        rooms={rooms}
        failure={failure}
        defaults={defaults}
        purposeHint={t("bookings.hint.purpose")}
        submitLabel={t("bookings.submit")}
      />
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("bookings.new")) }, { name: "robots", content: "noindex" }];
};
