import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, UserFields } from "~/components/staff-form";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { createUser, listPartnerChoices } from "~/models/staff-users.server";
import { requireAdmin } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import {
  checkUserPartner,
  fieldErrors,
  formValues,
  invalid,
  userFields,
} from "~/utils/staff-form.server";

const userSchema = z.object(userFields).superRefine(checkUserPartner);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { partners: await listPartnerChoices(getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const values = formValues(await request.formData());
  const parsed = userSchema.safeParse(values);
  if (!parsed.success) return invalid(values, fieldErrors(parsed.error));
  const saved = await createUser(getDb(), admin.id, parsed.data);
  if (!saved.ok) return invalid(values, saved.errors);
  throw redirect(`/staff/users/${saved.id}?saved=1`);
}

export default function NewUser() {
  const { partners } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="page narrow">
      <p>
        <Link to="/staff/users">{t("staffAdmin.users.back")}</Link>
      </p>
      <h1>{t("staffAdmin.users.new")}</h1>
      <p>{t("staffAdmin.users.newIntro")}</p>
      <ErrorSummary failure={result} />
      <Form method="post" className="form" noValidate>
        <UserFields failure={result} user={null} partners={partners} />
        <p>
          <button type="submit" className="button">
            {t("staffAdmin.users.create")}
          </button>
        </p>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("staffAdmin.users.new")) }, { name: "robots", content: "noindex" }];
};
