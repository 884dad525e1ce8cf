import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import { z } from "zod";
import { CONTACT_MAX, PROPOSAL_TEXT_MAX, PROPOSAL_TEXT_MIN } from "~/domain/proposal-limits";
import { PROPOSAL_KINDS, PROPOSAL_STATUSES } from "#db/schema";
import { MultilineText } from "~/components/multiline-text";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import {
  createProposal,
  listPublicProposals,
  listTargets,
  parseTarget,
  supportProposal,
  targetExists,
} from "~/models/proposals.server";
import { getDb } from "~/utils/db.server";
import {
  formErrors,
  formStrings,
  proposalLimiter,
  supporterFor,
  supporterHash,
  supportLimiter,
  type FormErrors,
} from "~/utils/proposals.server";

const text = z
  .string()
  .optional()
  .transform((value) => (value ?? "").trim());

const suggestSchema = z.object({
  kind: z.enum(PROPOSAL_KINDS, { error: "proposals.error.kind" }),
  where: z.string({ error: "proposals.error.where" }).transform((value, ctx) => {
    const target = parseTarget(value);
    if (!target) ctx.addIssue({ code: "custom", message: "proposals.error.where" });
    return target ?? z.NEVER;
  }),
  text: text.pipe(
    z
      .string()
      .min(PROPOSAL_TEXT_MIN, { error: "proposals.error.textShort" })
      .max(PROPOSAL_TEXT_MAX, { error: "proposals.error.textLong" }),
  ),
  contact: text.pipe(z.string().max(CONTACT_MAX, { error: "field.nameTooLong" })),
  website: text,
});

const supportSchema = z.object({ proposalId: z.coerce.number().int().positive() });

const SUPPORT_NOTICES = ["added", "already", "closed"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb();
  const [targets, proposals] = await Promise.all([
    listTargets(db),
    listPublicProposals(db, supporterHash(request)),
  ]);
  return { targets, proposals };
}

type ActionData = {
  intent: "suggest" | "support";
  errors: FormErrors;
  values: Record<string, string>;
};

export async function action({ request, context }: ActionFunctionArgs) {
  const fields = formStrings(await request.formData());
  const db = getDb();

  if (fields.intent === "support") {
    const reply = (errors: FormErrors, status: number) =>
      data<ActionData>({ intent: "support", errors, values: {} }, { status });
    if (!supportLimiter.hit(context.clientIp)) {
      return reply({ support: { key: "proposals.supportRateLimited" } }, 429);
    }
    const parsed = supportSchema.safeParse(fields);
    if (!parsed.success) return reply({ support: { key: "proposals.supportClosed" } }, 400);
    const supporter = supporterFor(request);
    const result = await supportProposal(db, parsed.data.proposalId, supporter.hash, new Date());
    throw redirect(`/proposals?supported=${result}#proposal-${parsed.data.proposalId}`, {
      headers: supporter.setCookie ? { "Set-Cookie": supporter.setCookie } : undefined,
    });
  }

  const values = {
    kind: fields.kind ?? "",
    where: fields.where ?? "",
    text: fields.text ?? "",
    contact: fields.contact ?? "",
  };
  const reply = (errors: FormErrors, status: number) =>
    data<ActionData>({ intent: "suggest", errors, values }, { status });
  if (!proposalLimiter.hit(context.clientIp)) {
    return reply({ form: { key: "proposals.rateLimited" } }, 429);
  }
  const parsed = suggestSchema.safeParse(fields);
  if (!parsed.success)
    return reply(formErrors(parsed.error.issues, "proposals.error.invalid"), 400);
  // A filled honeypot is a bot: answer as if it worked, store nothing.
  if (parsed.data.website !== "") throw redirect("/proposals?sent=1");
  const { kind, where, contact } = parsed.data;
  if (!(await targetExists(db, where))) {
    return reply({ where: { key: "proposals.error.where" } }, 400);
  }
  await createProposal(
    db,
    { kind, target: where, text: parsed.data.text, contact: contact || null },
    new Date(),
  );
  throw redirect("/proposals?sent=1");
}

export default function Proposals() {
  const { targets, proposals } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [search] = useSearchParams();
  const { t } = useI18n();
  const suggest = result?.intent === "suggest" ? result : undefined;
  const errors = suggest?.errors ?? {};
  const values = suggest?.values ?? {};
  const supportError = result?.intent === "support" ? result.errors.support : undefined;
  const supported = SUPPORT_NOTICES.find((notice) => notice === search.get("supported"));
  const invalid = (name: string, hint?: string) => ({
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby":
      [hint, errors[name] ? `proposal-${name}-error` : undefined].filter(Boolean).join(" ") ||
      undefined,
  });
  const errorText = (name: string) => {
    const error = errors[name];
    return error ? (
      <p className="field-error" id={`proposal-${name}-error`}>
        {t(error.key, error.params)}
      </p>
    ) : null;
  };

  return (
    <div className="page">
      <h1>{t("proposals.title")}</h1>
      <p className="lead">{t("proposals.intro")}</p>
      {search.get("sent") ? (
        <p className="notice" role="status">
          {t("proposals.sent")}
        </p>
      ) : null}

      <section aria-labelledby="proposal-form-title" className="signup">
        <h2 id="proposal-form-title">{t("proposals.formTitle")}</h2>
        {Object.keys(errors).length > 0 ? (
          <div className="error-summary" role="alert">
            <p>{errors.form ? t(errors.form.key) : t("proposals.errorSummary")}</p>
          </div>
        ) : null}
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="suggest" />
          <div className="field">
            <label htmlFor="proposal-kind">{t("proposals.kind")}</label>
            <select
              id="proposal-kind"
              name="kind"
              required
              defaultValue={values.kind || "activity"}
              {...invalid("kind")}
            >
              {PROPOSAL_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`proposals.kind.${kind}`)}
                </option>
              ))}
            </select>
            {errorText("kind")}
          </div>
          <div className="field">
            <label htmlFor="proposal-where">{t("proposals.where")}</label>
            <select
              id="proposal-where"
              name="where"
              required
              defaultValue={values.where ?? ""}
              {...invalid("where")}
            >
              <option value="">{t("proposals.choose")}</option>
              <optgroup label={t("proposals.wherePlaces")}>
                {targets.places.map((place) => (
                  <option key={place.id} value={`place:${place.id}`}>
                    {place.name}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t("proposals.whereAreas")}>
                {targets.areas.map((area) => (
                  <option key={area.id} value={`area:${area.id}`}>
                    {area.name}
                  </option>
                ))}
              </optgroup>
            </select>
            {errorText("where")}
          </div>
          <div className="field">
            <label htmlFor="proposal-text">{t("proposals.text")}</label>
            <textarea
              id="proposal-text"
              name="text"
              rows={5}
              required
              minLength={PROPOSAL_TEXT_MIN}
              maxLength={PROPOSAL_TEXT_MAX}
              defaultValue={values.text}
              {...invalid("text", "proposal-text-hint")}
            />
            <p className="hint" id="proposal-text-hint">
              {t("proposals.textHint", { min: PROPOSAL_TEXT_MIN, max: PROPOSAL_TEXT_MAX })}
            </p>
            {errorText("text")}
          </div>
          <div className="field">
            <label htmlFor="proposal-contact">
              {t("proposals.contact")} <span className="muted">{t("signup.optional")}</span>
            </label>
            <input
              id="proposal-contact"
              name="contact"
              autoComplete="email"
              maxLength={CONTACT_MAX}
              defaultValue={values.contact}
              {...invalid("contact", "proposal-contact-hint")}
            />
            <p className="hint" id="proposal-contact-hint">
              {t("proposals.contactHint")}
            </p>
            {errorText("contact")}
          </div>
          <div className="honeypot" aria-hidden="true">
            <label htmlFor="proposal-website">{t("signup.honeypot")}</label>
            <input id="proposal-website" name="website" tabIndex={-1} autoComplete="off" />
          </div>
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("proposals.submit")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="proposal-list-title">
        <h2 id="proposal-list-title">{t("proposals.listTitle")}</h2>
        {supportError ? (
          <div className="error-summary" role="alert">
            <p>{t(supportError.key)}</p>
          </div>
        ) : null}
        {supported ? (
          <p className="notice" role="status">
            {t(`proposals.supportNotice.${supported}`)}
          </p>
        ) : null}
        {proposals.length === 0 ? (
          <p>{t("proposals.none")}</p>
        ) : (
          <ul className="cards proposals">
            {proposals.map((proposal) => {
              const status = PROPOSAL_STATUSES.find((value) => value === proposal.status) ?? "new";
              const open = status === "new" || status === "planned";
              return (
                <li key={proposal.id} id={`proposal-${proposal.id}`} className="card proposal">
                  <p className="session__tags">
                    <span className="tag">{t(`proposals.status.${status}`)}</span>{" "}
                    <span className="tag tag--quiet">
                      {t(`proposals.kindLabel.${proposal.kind}`)}
                    </span>{" "}
                    <span className="muted">{proposal.where_name}</span>
                  </p>
                  <MultilineText className="proposal__text" text={proposal.text} />
                  {status === "declined" && proposal.decline_reason ? (
                    <p className="proposal__reason">
                      <strong>{t("proposals.declineReason")}</strong> {proposal.decline_reason}
                    </p>
                  ) : null}
                  <p className="proposal__supports">
                    {t("proposals.supports", { count: proposal.supports })}
                  </p>
                  {proposal.supported ? (
                    <p className="muted">{t("proposals.supported")}</p>
                  ) : open ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="support" />
                      <input type="hidden" name="proposalId" value={proposal.id} />
                      <button type="submit" className="button button--quiet">
                        {t("proposals.support")}
                      </button>
                    </Form>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [
    { title: pageTitle(t("proposals.title")) },
    { name: "description", content: t("proposals.intro") },
  ];
};
