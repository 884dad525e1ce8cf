import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, PlaceFields } from "~/components/staff-form";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { createPlace, listAreas } from "~/models/staff-places.server";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import {
  fieldErrors,
  formValues,
  invalid,
  placeFields,
  resolveSlug,
} from "~/utils/staff-form.server";

const placeSchema = z.object(placeFields);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return { areas: await listAreas(getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const values = formValues(await request.formData());
  const parsed = placeSchema.safeParse(values);
  if (!parsed.success) return invalid(values, fieldErrors(parsed.error));
  const slug = resolveSlug(parsed.data.slug, parsed.data.name);
  if (!slug) return invalid(values, { slug: { key: "field.required" } });
  const saved = await createPlace(getDb(), user.id, { ...parsed.data, slug });
  if (!saved.ok) return invalid(values, saved.errors);
  throw redirect(`/staff/places/${saved.id}?saved=1`);
}

export default function NewPlace() {
  const { areas } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="page narrow">
      <p>
        <Link to="/staff/places">{t("staffAdmin.places.back")}</Link>
      </p>
      <h1>{t("staffAdmin.places.new")}</h1>
      {areas.length === 0 ? (
        <p className="notice">
          {t("staffAdmin.places.needArea")}{" "}
          <Link to="/staff/areas">{t("staffAdmin.areas.title")}</Link>
        </p>
      ) : null}
      <ErrorSummary failure={result} />
      <Form method="post" className="form" noValidate>
        <PlaceFields failure={result} place={null} areas={areas} />
        <p className="hint">{t("staffAdmin.places.hoursLater")}</p>
        <p>
          <button type="submit" className="button">
            {t("staffAdmin.places.create")}
          </button>
        </p>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("staffAdmin.places.new")) }, { name: "robots", content: "noindex" }];
};
