import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AttendancePage } from "~/components/attendance-form";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import {
  findAttendanceSession,
  loadAttendance,
  recordable,
  submitAttendance,
} from "~/models/attendance.server";
import { requirePartnerMember } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

const paramsSchema = z.object({ occurrenceId: z.coerce.number().int().positive() });

/** A session of one of the partner's own activities; another's answers 403. */
async function ownSession(params: unknown, partnerId: number) {
  const parsed = paramsSchema.safeParse(params);
  const session = parsed.success
    ? await findAttendanceSession(getDb(), parsed.data.occurrenceId)
    : undefined;
  if (!session) throw new Response("Not found", { status: 404 });
  if (session.partner_id !== partnerId) throw new Response("Forbidden", { status: 403 });
  return session;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePartnerMember(request);
  const session = await ownSession(params, user.partner_id);
  const { people, values, saved } = await loadAttendance(getDb(), session);
  return {
    session: {
      id: session.id,
      activityId: session.activity_id,
      title: session.title,
      startsAt: session.starts_at,
      endsAt: session.ends_at,
      where: session.place_name ?? session.location_name ?? session.activity_location_name,
    },
    state: recordable(session, new Date()),
    people,
    showWalkIns: session.signup_mode !== "none" || people.length > 0,
    values,
    saved,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePartnerMember(request);
  const session = await ownSession(params, user.partner_id);
  const result = await submitAttendance(
    getDb(),
    session,
    await request.formData(),
    user.id,
    new Date(),
  );
  if (result.saved) throw redirect(`/partner/attendance/${session.id}?saved=1`);
  return data(result, { status: result.status });
}

export default function PartnerAttendance() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return <AttendancePage {...loaded} result={result} />;
}

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) => {
  const { t } = metaTranslator(matches);
  const title = loaded
    ? `${t("attendance.title")}: ${loaded.session.title}`
    : t("attendance.title");
  return [{ title: pageTitle(title) }, { name: "robots", content: "noindex" }];
};
