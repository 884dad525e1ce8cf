import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, PartnerFields } from "~/components/staff-form";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { createPartner, listPlaceChoices } from "~/models/staff-partners.server";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import {
  fieldErrors,
  formValues,
  invalid,
  partnerFields,
  resolveSlug,
} from "~/utils/staff-form.server";

const partnerSchema = z.object(partnerFields);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return { places: await listPlaceChoices(getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const values = formValues(await request.formData(), ["placeIds"]);
  const parsed = partnerSchema.safeParse(values);
  if (!parsed.success) return invalid(values, fieldErrors(parsed.error));
  const slug = resolveSlug(parsed.data.slug, parsed.data.name);
  if (!slug) return invalid(values, { slug: { key: "field.required" } });
  const saved = await createPartner(getDb(), user.id, { ...parsed.data, slug });
  if (!saved.ok) return invalid(values, saved.errors);
  throw redirect(`/staff/partners/${saved.id}?saved=1`);
}

export default function NewPartner() {
  const { places } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="page narrow">
      <p>
        <Link to="/staff/partners">{t("staffAdmin.partners.back")}</Link>
      </p>
      <h1>{t("staffAdmin.partners.new")}</h1>
      <ErrorSummary failure={result} />
      <Form method="post" className="form" noValidate>
        <PartnerFields failure={result} partner={null} places={places} />
        <p>
          <button type="submit" className="button">
            {t("staffAdmin.partners.create")}
          </button>
        </p>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [
    { title: pageTitle(t("staffAdmin.partners.new")) },
    { name: "robots", content: "noindex" },
  ];
};
