import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { audit } from "~/models/auth.server";
import { eraseSubject } from "~/models/privacy.server";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

const schema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("email"), value: z.string().trim().toLowerCase().pipe(z.email()) }),
  z.object({
    kind: z.literal("phone"),
    value: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 ()-]{5,19}$/),
  }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ receipt: null, invalid: true }, { status: 400 });
  const db = getDb();
  const now = new Date();
  const receipt = await eraseSubject(db, parsed.data, `user:${user.id}`, now);
  // The audit line says that an erasure happened, not whose.
  await audit(
    db,
    user.id,
    "erase",
    parsed.data.kind,
    null,
    `Raderade uppgifter (${parsed.data.kind})`,
    now,
  );
  // No redirect: the receipt is shown once; a reload resubmits an erasure that finds nothing.
  return data({ receipt, invalid: false });
}

export default function StaffErase() {
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="page narrow">
      <h1>{t("staffErase.title")}</h1>
      <p>{t("staffErase.intro")}</p>
      {result?.receipt ? (
        <p className="notice" role="status">
          {t("staffErase.receipt", {
            signups: result.receipt.signupsErased,
            cancelled: result.receipt.signupsCancelled,
            mails: result.receipt.mailsDeleted,
            feeds: result.receipt.calendarFeedsDeleted,
          })}
        </p>
      ) : null}
      <Form method="post" className="form" autoComplete="off">
        <fieldset>
          <legend>{t("staffErase.kind")}</legend>
          <label>
            <input type="radio" name="kind" value="email" defaultChecked /> {t("staffErase.email")}
          </label>{" "}
          <label>
            <input type="radio" name="kind" value="phone" /> {t("staffErase.phone")}
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor="erase-value">{t("staffErase.value")}</label>
          <input
            id="erase-value"
            name="value"
            required
            aria-invalid={result?.invalid ? true : undefined}
            aria-describedby={result?.invalid ? "erase-value-error" : undefined}
          />
          {result?.invalid ? (
            <p className="field-error" id="erase-value-error">
              {t("staffErase.invalid")}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button button--danger">
          {t("staffErase.submit")}
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("staffErase.title")) }, { name: "robots", content: "noindex" }];
};
