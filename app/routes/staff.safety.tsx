import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { SafetyFiguresByArea } from "~/components/safety-figures";
import { isValidLocalDate } from "~/domain/time";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import {
  addSafetyFigure,
  deleteSafetyFigure,
  listSafetyFiguresWithTurnout,
} from "~/models/safety.server";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formErrors, formStrings, type FormErrors } from "~/utils/proposals.server";

const LABEL_MAX = 40;
const SOURCE_MAX = 200;

const text = z
  .string()
  .optional()
  .transform((value) => (value ?? "").trim());

const addSchema = z
  .object({
    areaId: text.pipe(
      z
        .string()
        .regex(/^\d{1,12}$/, { error: "safety.error.area" })
        .transform(Number),
    ),
    periodLabel: text.pipe(
      z.string().min(1, { error: "field.required" }).max(LABEL_MAX, { error: "field.nameTooLong" }),
    ),
    periodEnd: text.pipe(
      z.string().refine((value) => value === "" || isValidLocalDate(value), {
        error: "safety.error.periodEnd",
      }),
    ),
    // "48", "47,5" or "48 %"; a minus sign parses so that -1 gets the range message.
    shareSafe: text.pipe(
      z
        .string()
        .regex(/^-?\d{1,3}([.,]\d{1,2})?\s*%?$/, { error: "safety.error.share" })
        .transform((value) => Number(value.replace("%", "").trim().replace(",", ".")))
        .pipe(
          z
            .number()
            .min(0, { error: "safety.error.share" })
            .max(100, { error: "safety.error.share" }),
        ),
    ),
    respondents: text.pipe(
      z
        .string()
        .regex(/^(\d{1,7})?$/, { error: "safety.error.respondents" })
        .transform((value) => (value === "" ? null : Number(value)))
        .refine((value) => value === null || value > 0, { error: "safety.error.respondents" }),
    ),
    source: text.pipe(z.string().max(SOURCE_MAX, { error: "field.nameTooLong" })),
  })
  .transform((value, ctx) => {
    // A year needs no date: its period ends on 31 December.
    const periodEnd =
      value.periodEnd || (/^\d{4}$/.test(value.periodLabel) ? `${value.periodLabel}-12-31` : "");
    if (periodEnd === "") {
      ctx.addIssue({
        code: "custom",
        path: ["periodEnd"],
        message: "safety.error.periodEndRequired",
      });
      return z.NEVER;
    }
    return { ...value, periodEnd, source: value.source || null };
  });

const deleteSchema = z.object({ figureId: z.coerce.number().int().positive() });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const [areas, reports] = await Promise.all([
    db.selectFrom("areas").select(["id", "name"]).orderBy("name").execute(),
    listSafetyFiguresWithTurnout(db),
  ]);
  return { areas, reports };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const fields = formStrings(await request.formData());
  const reply = (errors: FormErrors) => data({ errors, values: fields }, { status: 400 });
  const db = getDb();

  if (fields.intent === "delete") {
    const parsed = deleteSchema.safeParse(fields);
    if (
      !parsed.success ||
      !(await deleteSafetyFigure(db, user.id, parsed.data.figureId, new Date()))
    )
      throw new Response("Not found", { status: 404 });
    throw redirect("/staff/safety?deleted=1");
  }

  const parsed = addSchema.safeParse(fields);
  if (!parsed.success) return reply(formErrors(parsed.error.issues, "safety.error.share"));
  const result = await addSafetyFigure(db, user.id, parsed.data, new Date());
  if (!result.ok) {
    return reply(
      result.reason === "area"
        ? { areaId: { key: "safety.error.area" } }
        : { periodLabel: { key: "safety.error.duplicate" } },
    );
  }
  throw redirect("/staff/safety?saved=1");
}

export default function StaffSafety() {
  const { areas, reports } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useI18n();
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
      <h1>{t("safety.title")}</h1>
      <p>{t("safety.intro")}</p>
      {search.get("saved") ? (
        <p className="notice" role="status">
          {t("safety.saved")}
        </p>
      ) : null}
      {search.get("deleted") ? (
        <p className="notice" role="status">
          {t("safety.deleted")}
        </p>
      ) : null}

      <SafetyFiguresByArea
        areas={reports}
        actions={(figure) => (
          <Form method="post">
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="figureId" value={figure.id} />
            <button type="submit" className="link-button">
              {t("safety.delete")}
              <span className="visually-hidden"> {figure.periodLabel}</span>
            </button>
          </Form>
        )}
      />

      <section aria-labelledby="safety-add" className="signup">
        <h2 id="safety-add">{t("safety.add")}</h2>
        {Object.keys(errors).length > 0 ? (
          <div className="error-summary" role="alert">
            <p>{t("proposals.errorSummary")}</p>
          </div>
        ) : null}
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="add" />
          <div className="field">
            <label htmlFor="safety-area">{t("safety.area")}</label>
            <select
              id="safety-area"
              name="areaId"
              required
              defaultValue={values.areaId ?? ""}
              {...invalid("safety-area", "areaId")}
            >
              <option value="">{t("proposals.choose")}</option>
              {areas.map((area) => (
                <option key={area.id} value={area.id}>
                  {area.name}
                </option>
              ))}
            </select>
            {errorText("safety-area", "areaId")}
          </div>
          <div className="field">
            <label htmlFor="safety-period">{t("safety.period")}</label>
            <input
              id="safety-period"
              name="periodLabel"
              required
              maxLength={LABEL_MAX}
              defaultValue={values.periodLabel}
              {...invalid("safety-period", "periodLabel", true)}
            />
            <p className="hint" id="safety-period-hint">
              {t("safety.periodHint")}
            </p>
            {errorText("safety-period", "periodLabel")}
          </div>
          <div className="field">
            <label htmlFor="safety-end">{t("safety.periodEnd")}</label>
            <input
              id="safety-end"
              name="periodEnd"
              type="date"
              defaultValue={values.periodEnd}
              {...invalid("safety-end", "periodEnd", true)}
            />
            <p className="hint" id="safety-end-hint">
              {t("safety.periodEndHint")}
            </p>
            {errorText("safety-end", "periodEnd")}
          </div>
          <div className="field">
            <label htmlFor="safety-share">{t("safety.shareSafe")}</label>
            <input
              id="safety-share"
              name="shareSafe"
              inputMode="decimal"
              required
              defaultValue={values.shareSafe}
              {...invalid("safety-share", "shareSafe", true)}
            />
            <p className="hint" id="safety-share-hint">
              {t("safety.shareHint")}
            </p>
            {errorText("safety-share", "shareSafe")}
          </div>
          <div className="field">
            <label htmlFor="safety-respondents">
              {t("safety.respondents")} <span className="muted">{t("signup.optional")}</span>
            </label>
            <input
              id="safety-respondents"
              name="respondents"
              inputMode="numeric"
              defaultValue={values.respondents}
              {...invalid("safety-respondents", "respondents")}
            />
            {errorText("safety-respondents", "respondents")}
          </div>
          <div className="field">
            <label htmlFor="safety-source">
              {t("safety.source")} <span className="muted">{t("signup.optional")}</span>
            </label>
            <input
              id="safety-source"
              name="source"
              maxLength={SOURCE_MAX}
              defaultValue={values.source}
              {...invalid("safety-source", "source", true)}
            />
            <p className="hint" id="safety-source-hint">
              {t("safety.sourceHint")}
            </p>
            {errorText("safety-source", "source")}
          </div>
          <button type="submit" className="button">
            {t("safety.save")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("safety.title")) }, { name: "robots", content: "noindex" }];
};
