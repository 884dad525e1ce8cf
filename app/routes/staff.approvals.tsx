import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { MultilineText } from "~/components/multiline-text";
import { formatDate, zonedParts } from "~/i18n/format";
import { resolveLocale } from "~/i18n/i18n";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { listPendingRequests } from "~/models/bookings.server";
import {
  approveActivity,
  approveRevision,
  declineActivity,
  declineRevision,
  listApprovalQueue,
} from "~/models/partner-activities.server";
import { fieldErrors, formStrings, type FieldErrors } from "~/models/staff-activity-input";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { kickMailWorker } from "~/utils/mail-worker.server";

const REASON_MAX = 1000;

const target = {
  kind: z.enum(["activity", "revision"]),
  id: z
    .string()
    .regex(/^[1-9]\d{0,8}$/)
    .transform(Number),
};
const decisionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), ...target }),
  z.object({
    intent: z.literal("decline"),
    ...target,
    reason: z
      .string()
      .optional()
      .transform((value) => (value ?? "").trim())
      .pipe(
        z
          .string()
          .min(1, { error: "approvals.error.reason" })
          .max(REASON_MAX, { error: "approvals.error.tooLong" }),
      ),
  }),
]);

function localeOf(request: Request) {
  return resolveLocale(request.headers.get("cookie"), request.headers.get("accept-language"));
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const [queue, bookings] = await Promise.all([
    listApprovalQueue(db, localeOf(request), new Date()),
    listPendingRequests(db),
  ]);
  return { ...queue, pendingBookings: bookings.length };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const form = formStrings(await request.formData());
  const echo = {
    intent: typeof form.intent === "string" ? form.intent : "",
    kind: typeof form.kind === "string" ? form.kind : "",
    id: typeof form.id === "string" ? Number(form.id) : 0,
    reason: typeof form.reason === "string" ? form.reason : "",
  };
  const refuse = (errors: FieldErrors, status: 400 | 409) => data({ ...echo, errors }, { status });
  const parsed = decisionSchema.safeParse(form);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error.issues);
    // A missing reason is the person's to fix; anything else did not come from our form.
    if (Object.keys(errors).some((field) => field !== "reason")) {
      throw new Response("Bad request", { status: 400 });
    }
    return refuse(errors, 400);
  }
  const decision = parsed.data;
  const db = getDb();
  const now = new Date();
  const result =
    decision.intent === "approve"
      ? decision.kind === "activity"
        ? await approveActivity(db, decision.id, user.id, now)
        : await approveRevision(db, decision.id, user.id, localeOf(request), now)
      : decision.kind === "activity"
        ? await declineActivity(db, decision.id, decision.reason, user.id, now)
        : await declineRevision(db, decision.id, decision.reason, user.id, now);
  if (result.ok) {
    kickMailWorker();
    throw redirect(`/staff/approvals?${decision.intent === "approve" ? "approved" : "declined"}=1`);
  }
  if (result.status === 404) throw new Response("Not found", { status: 404 });
  return refuse({ form: result.error }, result.status);
}

type Failure = ReturnType<typeof useActionData<typeof action>>;

/** Approve, or decline with a reason beside its field; the failure shown is this item's only. */
function Decide({
  kind,
  id,
  title,
  failure,
}: {
  kind: "activity" | "revision";
  id: number;
  title: string;
  failure: Failure;
}) {
  const { t } = useI18n();
  const mine = failure && failure.kind === kind && failure.id === id ? failure : undefined;
  const reasonError = mine?.errors.reason;
  const formError = mine?.errors.form;
  const field = `${kind}-${id}-reason`;
  return (
    <>
      {formError ? (
        <p className="field-error" role="alert">
          {t(formError.key, formError.params)}
        </p>
      ) : null}
      <Form method="post">
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="id" value={id} />
        <p>
          <button
            type="submit"
            name="intent"
            value="approve"
            className="button"
            aria-label={t("approvals.approveFor", { title })}
          >
            {t("approvals.approve")}
          </button>
        </p>
      </Form>
      <Form method="post" className="form">
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="id" value={id} />
        <div className="field">
          <label htmlFor={field}>{t("approvals.declineReason")}</label>
          <textarea
            id={field}
            name="reason"
            rows={2}
            maxLength={REASON_MAX}
            defaultValue={mine?.reason ?? ""}
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={reasonError ? `${field}-error` : undefined}
          />
          {reasonError ? (
            <p className="field-error" id={`${field}-error`}>
              {t(reasonError.key, reasonError.params)}
            </p>
          ) : null}
        </div>
        <button
          type="submit"
          name="intent"
          value="decline"
          className="button button--danger"
          aria-label={t("approvals.declineFor", { title })}
        >
          {t("approvals.decline")}
        </button>
      </Form>
    </>
  );
}

export default function StaffApprovals() {
  const { activities, revisions, pendingBookings } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { locale, t } = useI18n();
  const submitted = (instant: string) => {
    const at = zonedParts(instant);
    return `${formatDate(locale, at.date)} ${at.time}`;
  };
  return (
    <div className="page">
      <h1>{t("approvals.title")}</h1>
      <p>{t("approvals.intro")}</p>
      {search.get("approved") ? (
        <p className="notice" role="status">
          {t("approvals.approvedNotice")}
        </p>
      ) : null}
      {search.get("declined") ? (
        <p className="notice" role="status">
          {t("approvals.declinedNotice")}
        </p>
      ) : null}
      <p>
        {t("approvals.bookings", { count: pendingBookings })}{" "}
        <Link to="/staff/bookings">{t("approvals.bookingsLink")}</Link>
      </p>

      <section aria-labelledby="new-title">
        <h2 id="new-title">{t("approvals.newActivities")}</h2>
        {activities.length === 0 ? <p>{t("approvals.noActivities")}</p> : null}
        <ul className="cards">
          {activities.map((activity) => (
            <li key={activity.id} className="card" id={`activity-${activity.id}`}>
              <h3>{activity.title}</h3>
              <p className="muted">
                {activity.partner_name
                  ? t("approvals.from", { partner: activity.partner_name })
                  : t("activity.organiserStaff")}
                {" · "}
                <time dateTime={activity.created_at}>{submitted(activity.created_at)}</time>
              </p>
              {activity.source_id !== null ? (
                <p className="tag tag--quiet">{t("approvals.imported")}</p>
              ) : null}
              <p>
                {activity.place_name ?? activity.location_name ?? ""}, {activity.area_name}
              </p>
              {activity.schedule ? <p>{activity.schedule}</p> : null}
              <p>{t("approvals.upcoming", { count: activity.upcoming })}</p>
              <p>
                {t(`category.${activity.category}`)} · {t(`audience.${activity.audience}`)} ·{" "}
                {t(`staffActivities.signupMode.${activity.signup_mode}`)}
                {activity.capacity !== null ? ` (${activity.capacity})` : ""}
              </p>
              {activity.summary ? <p>{activity.summary}</p> : null}
              {activity.description ? <MultilineText text={activity.description} /> : null}
              <p>
                <Link to={`/staff/activities/${activity.id}`}>{t("approvals.open")}</Link>
              </p>
              <Decide kind="activity" id={activity.id} title={activity.title} failure={failure} />
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="changes-title">
        <h2 id="changes-title">{t("approvals.changes")}</h2>
        {revisions.length === 0 ? <p>{t("approvals.noChanges")}</p> : null}
        <ul className="cards">
          {revisions.map((revision) => (
            <li key={revision.id} className="card" id={`revision-${revision.id}`}>
              <h3>
                <Link to={`/activities/${revision.slug}`}>{revision.title}</Link>
              </h3>
              <p className="muted">
                {revision.partner_name
                  ? t("approvals.from", { partner: revision.partner_name })
                  : null}
                {revision.submitted_by_name
                  ? ` · ${t("approvals.submittedBy", { name: revision.submitted_by_name })}`
                  : null}
                {" · "}
                <time dateTime={revision.created_at}>{submitted(revision.created_at)}</time>
              </p>
              {revision.changes.length === 0 ? (
                <p>{t("approvals.noVisibleChange")}</p>
              ) : (
                <dl className="revision-changes">
                  {revision.changes.map((change) => (
                    <div key={change.label}>
                      <dt>{change.label}</dt>
                      {change.before !== null ? (
                        <dd>
                          {t("approvals.now")}:{" "}
                          <del>{change.before === "" ? t("approvals.empty") : change.before}</del>
                        </dd>
                      ) : null}
                      <dd>
                        {t("approvals.proposed")}:{" "}
                        <ins>{change.after === "" ? t("approvals.empty") : change.after}</ins>
                      </dd>
                    </div>
                  ))}
                </dl>
              )}
              <p>
                <Link to={`/staff/activities/${revision.activity_id}`}>{t("approvals.open")}</Link>
              </p>
              <Decide kind="revision" id={revision.id} title={revision.title} failure={failure} />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("approvals.title")) }, { name: "robots", content: "noindex" }];
};
