import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { PROPOSAL_STATUSES } from "#db/schema";
import { MultilineText } from "~/components/multiline-text";
import { addDays, isValidLocalDate, todayIn, utcToZoned } from "~/domain/time";
import { formatDate, formatSession } from "~/i18n/format";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import {
  DECLINE_REASON_MAX,
  getProposalForStaff,
  makeTrialFromProposal,
  removeProposalContact,
  triageProposal,
} from "~/models/proposals.server";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formErrors, formStrings, type FormErrors } from "~/utils/proposals.server";

const TARGET_MAX = 5000;
const REVIEW_WEEKS = 8;

const text = z
  .string()
  .optional()
  .transform((value) => (value ?? "").trim());

const triageSchema = z
  .object({
    status: z.enum(PROPOSAL_STATUSES, { error: "staffProposals.error.status" }),
    declineReason: text.pipe(z.string().max(DECLINE_REASON_MAX, { error: "field.nameTooLong" })),
    isPublic: z.enum(["0", "1"], { error: "staffProposals.error.status" }),
  })
  .superRefine((value, ctx) => {
    if (value.status === "declined" && value.declineReason === "") {
      ctx.addIssue({
        code: "custom",
        path: ["declineReason"],
        message: "staffProposals.error.declineReason",
      });
    }
  });

const trialSchema = z.object({
  // "12" or "7,5": an average, so decimals are allowed, the Swedish way too.
  trialTarget: text
    .pipe(z.string().regex(/^\d{1,4}([.,]\d{1,2})?$/, { error: "staffProposals.error.target" }))
    .transform((value) => Number(value.replace(",", ".")))
    .pipe(
      z
        .number()
        .gt(0, { error: "staffProposals.error.target" })
        .max(TARGET_MAX, { error: "staffProposals.error.target" }),
    ),
  reviewDate: text.pipe(
    z
      .string()
      .refine(isValidLocalDate, { error: "staffProposals.error.reviewDate" })
      .refine((date) => date >= todayIn(new Date()), { error: "staffProposals.error.reviewDate" }),
  ),
});

const idSchema = z.coerce.number().int().positive();

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const id = idSchema.safeParse(params.proposalId);
  const proposal = id.success ? await getProposalForStaff(getDb(), id.data) : undefined;
  if (!proposal) throw new Response("Not found", { status: 404 });
  return { proposal, defaultReviewDate: addDays(todayIn(new Date()), 7 * REVIEW_WEEKS) };
}

type ActionData = { intent: string; errors: FormErrors; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const id = idSchema.safeParse(params.proposalId);
  if (!id.success) throw new Response("Not found", { status: 404 });
  const proposalId = id.data;
  const db = getDb();
  const fields = formStrings(await request.formData());
  const intent = fields.intent ?? "";
  const reply = (errors: FormErrors, status = 400) =>
    data<ActionData>({ intent, errors, values: fields }, { status });
  const now = new Date();

  if (intent === "triage") {
    const parsed = triageSchema.safeParse(fields);
    if (!parsed.success)
      return reply(formErrors(parsed.error.issues, "staffProposals.error.status"));
    const { status, declineReason, isPublic } = parsed.data;
    const found = await triageProposal(
      db,
      user.id,
      proposalId,
      { status, declineReason: declineReason || null, isPublic: isPublic === "1" },
      now,
    );
    if (!found) throw new Response("Not found", { status: 404 });
    throw redirect(`/staff/proposals/${proposalId}?saved=1`);
  }

  if (intent === "trial") {
    const parsed = trialSchema.safeParse(fields);
    if (!parsed.success)
      return reply(formErrors(parsed.error.issues, "staffProposals.error.target"));
    const result = await makeTrialFromProposal(db, user.id, proposalId, parsed.data, now);
    if (!result.ok && result.reason === "missing") throw new Response("Not found", { status: 404 });
    if (!result.ok) return reply({ form: { key: "staffProposals.error.alreadyTrial" } }, 409);
    throw redirect(`/staff/activities/${result.activityId}`);
  }

  if (intent === "forgetContact") {
    await removeProposalContact(db, user.id, proposalId, now);
    throw redirect(`/staff/proposals/${proposalId}?contactRemoved=1`);
  }

  return reply({ form: { key: "staffProposals.error.status" } });
}

export default function StaffProposal() {
  const { proposal, defaultReviewDate } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { locale, t } = useI18n();
  const failure = (intent: string) => (result?.intent === intent ? result : undefined);
  const triage = failure("triage");
  const trial = failure("trial");
  const general = result?.errors.form;

  const errorText = (id: string, errors: FormErrors | undefined, name: string) => {
    const error = errors?.[name];
    return error ? (
      <p className="field-error" id={`${id}-error`}>
        {t(error.key, error.params)}
      </p>
    ) : null;
  };
  const invalid = (id: string, errors: FormErrors | undefined, name: string, hint?: boolean) => ({
    "aria-invalid": errors?.[name] ? true : undefined,
    "aria-describedby":
      [hint ? `${id}-hint` : undefined, errors?.[name] ? `${id}-error` : undefined]
        .filter(Boolean)
        .join(" ") || undefined,
  });
  const kept = (errors: ActionData | undefined, name: string, stored: string) =>
    errors?.values[name] ?? stored;
  const received = utcToZoned(new Date(proposal.created_at)).date;

  return (
    <div className="page">
      <p>
        <Link to="/staff/proposals">← {t("staffProposals.back")}</Link>
      </p>
      <h1>{t("staffProposals.detailTitle", { id: proposal.id })}</h1>
      {search.get("saved") ? (
        <p className="notice" role="status">
          {t("staffProposals.saved")}
        </p>
      ) : null}
      {search.get("contactRemoved") ? (
        <p className="notice" role="status">
          {t("staffProposals.contactRemoved")}
        </p>
      ) : null}
      {general ? (
        <div className="error-summary" role="alert">
          <p>{t(general.key)}</p>
        </div>
      ) : null}

      <MultilineText className="lead" text={proposal.text} />
      <dl className="facts-list">
        <div>
          <dt>{t("staffProposals.kind")}</dt>
          <dd>{t(`proposals.kindLabel.${proposal.kind}`)}</dd>
        </div>
        <div>
          <dt>{t("staffProposals.where")}</dt>
          <dd>{proposal.where_name}</dd>
        </div>
        <div>
          <dt>{t("staffProposals.received")}</dt>
          <dd>
            <time dateTime={proposal.created_at}>
              {formatDate(locale, received, { year: true })}
            </time>
          </dd>
        </div>
        <div>
          <dt>{t("staffProposals.status")}</dt>
          <dd>
            {t(`proposals.status.${proposal.status}`)} ·{" "}
            {proposal.is_public ? t("staffProposals.isPublic") : t("staffProposals.notPublic")}
          </dd>
        </div>
        <div>
          <dt>{t("staffProposals.supports")}</dt>
          <dd>{proposal.supports}</dd>
        </div>
        {proposal.session_title && proposal.session_starts_at && proposal.session_ends_at ? (
          <div>
            <dt>{t("staffProposals.session")}</dt>
            <dd>
              {proposal.session_title},{" "}
              {formatSession(locale, proposal.session_starts_at, proposal.session_ends_at)}
            </dd>
          </div>
        ) : null}
        {proposal.activity_id !== null ? (
          <div>
            <dt>{t("staffProposals.trialActivity")}</dt>
            <dd>
              <Link to={`/staff/activities/${proposal.activity_id}`}>
                {proposal.trial_title ?? t("staffProposals.trialLink")}
              </Link>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t("staffProposals.contact")}</dt>
          <dd>{proposal.contact ?? t("staffProposals.noContact")}</dd>
        </div>
      </dl>
      {proposal.contact ? (
        <Form method="post">
          <input type="hidden" name="intent" value="forgetContact" />
          <button type="submit" className="link-button">
            {t("staffProposals.removeContact")}
          </button>
        </Form>
      ) : null}

      <section aria-labelledby="triage-title" className="signup">
        <h2 id="triage-title">{t("staffProposals.triage")}</h2>
        {triage && Object.keys(triage.errors).length > 0 ? (
          <div className="error-summary" role="alert">
            <p>{t("proposals.errorSummary")}</p>
          </div>
        ) : null}
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="triage" />
          <div className="field">
            <label htmlFor="triage-status">{t("staffProposals.status")}</label>
            <select
              id="triage-status"
              name="status"
              defaultValue={kept(triage, "status", proposal.status)}
              {...invalid("triage-status", triage?.errors, "status")}
            >
              {PROPOSAL_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`proposals.status.${status}`)}
                </option>
              ))}
            </select>
            {errorText("triage-status", triage?.errors, "status")}
          </div>
          <div className="field">
            <label htmlFor="triage-reason">{t("staffProposals.declineReason")}</label>
            <textarea
              id="triage-reason"
              name="declineReason"
              rows={3}
              maxLength={DECLINE_REASON_MAX}
              defaultValue={kept(triage, "declineReason", proposal.decline_reason ?? "")}
              {...invalid("triage-reason", triage?.errors, "declineReason", true)}
            />
            <p className="hint" id="triage-reason-hint">
              {t("staffProposals.declineHint")}
            </p>
            {errorText("triage-reason", triage?.errors, "declineReason")}
          </div>
          <div className="field">
            <label htmlFor="triage-public">{t("staffProposals.visibility")}</label>
            <select
              id="triage-public"
              name="isPublic"
              defaultValue={kept(triage, "isPublic", String(proposal.is_public))}
              {...invalid("triage-public", triage?.errors, "isPublic", true)}
            >
              <option value="0">{t("staffProposals.notPublic")}</option>
              <option value="1">{t("staffProposals.isPublic")}</option>
            </select>
            <p className="hint" id="triage-public-hint">
              {t("staffProposals.visibilityHint")}
            </p>
            {errorText("triage-public", triage?.errors, "isPublic")}
          </div>
          <button type="submit" className="button">
            {t("staffProposals.save")}
          </button>
        </Form>
      </section>

      {proposal.activity_id === null ? (
        <section aria-labelledby="trial-title" className="signup">
          <h2 id="trial-title">{t("staffProposals.trialTitle")}</h2>
          <p>{t("staffProposals.trialIntro")}</p>
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="trial" />
            <div className="field">
              <label htmlFor="trial-target">{t("staffProposals.trialTarget")}</label>
              <input
                id="trial-target"
                name="trialTarget"
                inputMode="decimal"
                required
                defaultValue={kept(trial, "trialTarget", "")}
                {...invalid("trial-target", trial?.errors, "trialTarget", true)}
              />
              <p className="hint" id="trial-target-hint">
                {t("staffProposals.trialTargetHint")}
              </p>
              {errorText("trial-target", trial?.errors, "trialTarget")}
            </div>
            <div className="field">
              <label htmlFor="trial-review">{t("staffProposals.trialReview")}</label>
              <input
                id="trial-review"
                name="reviewDate"
                type="date"
                required
                defaultValue={kept(trial, "reviewDate", defaultReviewDate)}
                {...invalid("trial-review", trial?.errors, "reviewDate")}
              />
              {errorText("trial-review", trial?.errors, "reviewDate")}
            </div>
            <button type="submit" className="button">
              {t("staffProposals.trialSubmit")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const { t } = metaTranslator(matches);
  const title = data
    ? t("staffProposals.detailTitle", { id: data.proposal.id })
    : t("staffProposals.title");
  return [{ title: pageTitle(title) }, { name: "robots", content: "noindex" }];
};
