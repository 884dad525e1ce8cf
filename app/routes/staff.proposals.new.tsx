import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PROPOSAL_KINDS } from "#db/schema";
import { formatSession } from "~/i18n/format";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import {
  GATHERED_LINE_MIN,
  GATHERED_LINES_MAX,
  listTargets,
  logGatheredProposals,
  occurrenceExists,
  parseTarget,
  PROPOSAL_TEXT_MAX,
  recentDialogueSessions,
  sessionTarget,
  targetExists,
} from "~/models/proposals.server";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formErrors, formStrings, type FormErrors } from "~/utils/proposals.server";

const text = z
  .string()
  .optional()
  .transform((value) => (value ?? "").trim());

const logSchema = z.object({
  occurrenceId: text.pipe(
    z
      .string()
      .regex(/^(\d{1,12})?$/, { error: "staffProposals.error.session" })
      .transform((value) => (value === "" ? null : Number(value))),
  ),
  kind: z.enum(PROPOSAL_KINDS, { error: "proposals.error.kind" }),
  // Empty: the session's own place or area.
  where: text.pipe(
    z.string().refine((value) => value === "" || parseTarget(value) !== null, {
      error: "proposals.error.where",
    }),
  ),
  lines: z
    .string({ error: "staffProposals.error.lines" })
    .transform((value) =>
      value
        .split(/\r?\n/)
        .map((line) => line.trim().replace(/\s+/g, " "))
        .filter((line) => line !== ""),
    )
    .pipe(
      z
        .array(
          z
            .string()
            .min(GATHERED_LINE_MIN, { error: "staffProposals.error.lineShort" })
            .max(PROPOSAL_TEXT_MAX, { error: "staffProposals.error.lineLong" }),
        )
        .min(1, { error: "staffProposals.error.lines" })
        .max(GATHERED_LINES_MAX, { error: "staffProposals.error.tooManyLines" }),
    ),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const [sessions, targets] = await Promise.all([
    recentDialogueSessions(db, new Date()),
    listTargets(db),
  ]);
  const chosen = new URL(request.url).searchParams.get("session") ?? "";
  return { sessions, targets, chosen };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const fields = formStrings(await request.formData());
  const reply = (errors: FormErrors) => data({ errors, values: fields }, { status: 400 });
  const parsed = logSchema.safeParse(fields);
  if (!parsed.success) return reply(formErrors(parsed.error.issues, "staffProposals.error.lines"));
  const { occurrenceId, kind, where, lines } = parsed.data;
  const db = getDb();

  if (occurrenceId !== null && !(await occurrenceExists(db, occurrenceId))) {
    return reply({ occurrenceId: { key: "staffProposals.error.session" } });
  }
  const target =
    where === ""
      ? occurrenceId === null
        ? null
        : await sessionTarget(db, occurrenceId)
      : parseTarget(where);
  if (!target) return reply({ where: { key: "staffProposals.error.whereSame" } });
  if (!(await targetExists(db, target))) return reply({ where: { key: "proposals.error.where" } });

  const ids = await logGatheredProposals(
    db,
    user.id,
    { kind, target, occurrenceId, lines },
    new Date(),
  );
  throw redirect(`/staff/proposals?status=new&logged=${ids.length}`);
}

export default function StaffProposalsNew() {
  const { sessions, targets, chosen } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { locale, t } = useI18n();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const errorText = (id: string, name: string) => {
    const error = errors[name];
    return error ? (
      <p className="field-error" id={`${id}-error`}>
        {t(error.key, error.params)}
      </p>
    ) : null;
  };
  const invalid = (id: string, name: string, hint?: boolean) => ({
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby":
      [hint ? `${id}-hint` : undefined, errors[name] ? `${id}-error` : undefined]
        .filter(Boolean)
        .join(" ") || undefined,
  });

  return (
    <div className="page">
      <p>
        <Link to="/staff/proposals">← {t("staffProposals.back")}</Link>
      </p>
      <h1>{t("staffProposals.newTitle")}</h1>
      <p>{t("staffProposals.newIntro")}</p>
      {Object.keys(errors).length > 0 ? (
        <div className="error-summary" role="alert">
          <p>{t("proposals.errorSummary")}</p>
        </div>
      ) : null}
      <Form method="post" className="form" noValidate>
        <div className="field">
          <label htmlFor="log-session">{t("staffProposals.sessionField")}</label>
          <select
            id="log-session"
            name="occurrenceId"
            defaultValue={values.occurrenceId ?? chosen}
            {...invalid("log-session", "occurrenceId", true)}
          >
            <option value="">{t("staffProposals.noSession")}</option>
            {sessions.map((session) => (
              <option key={session.id} value={session.id}>
                {session.title}, {formatSession(locale, session.starts_at, session.ends_at)}
              </option>
            ))}
          </select>
          <p className="hint" id="log-session-hint">
            {t("staffProposals.sessionHint")}
          </p>
          {errorText("log-session", "occurrenceId")}
        </div>
        <div className="field">
          <label htmlFor="log-kind">{t("staffProposals.kind")}</label>
          <select
            id="log-kind"
            name="kind"
            defaultValue={values.kind ?? "improvement"}
            {...invalid("log-kind", "kind")}
          >
            {PROPOSAL_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`proposals.kindLabel.${kind}`)}
              </option>
            ))}
          </select>
          {errorText("log-kind", "kind")}
        </div>
        <div className="field">
          <label htmlFor="log-where">{t("staffProposals.where")}</label>
          <select
            id="log-where"
            name="where"
            defaultValue={values.where ?? ""}
            {...invalid("log-where", "where")}
          >
            <option value="">{t("staffProposals.whereSame")}</option>
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
          {errorText("log-where", "where")}
        </div>
        <div className="field">
          <label htmlFor="log-lines">{t("staffProposals.lines")}</label>
          <textarea
            id="log-lines"
            name="lines"
            rows={8}
            required
            defaultValue={values.lines}
            {...invalid("log-lines", "lines", true)}
          />
          <p className="hint" id="log-lines-hint">
            {t("staffProposals.linesHint")}
          </p>
          {errorText("log-lines", "lines")}
        </div>
        <button type="submit" className="button">
          {t("staffProposals.logSubmit")}
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [
    { title: pageTitle(t("staffProposals.newTitle")) },
    { name: "robots", content: "noindex" },
  ];
};
