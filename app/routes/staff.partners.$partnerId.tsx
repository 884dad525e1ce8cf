import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, PartnerFields, SavedNotice } from "~/components/staff-form";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { getPartnerForEdit, listPlaceChoices, updatePartner } from "~/models/staff-partners.server";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import {
  fieldErrors,
  formValues,
  idParam,
  invalid,
  partnerFields,
  resolveSlug,
} from "~/utils/staff-form.server";

const partnerSchema = z.object(partnerFields);

export async function loader({ params, request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const db = getDb();
  const partner = await getPartnerForEdit(db, idParam(params.partnerId));
  if (!partner) throw new Response("Not found", { status: 404 });
  return { partner, places: await listPlaceChoices(db), isAdmin: user.role === "admin" };
}

export async function action({ params, request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const partnerId = idParam(params.partnerId);
  const values = formValues(await request.formData(), ["placeIds"]);
  const parsed = partnerSchema.safeParse(values);
  if (!parsed.success) return invalid(values, fieldErrors(parsed.error));
  const slug = resolveSlug(parsed.data.slug, parsed.data.name);
  if (!slug) return invalid(values, { slug: { key: "field.required" } });
  const saved = await updatePartner(getDb(), user.id, partnerId, { ...parsed.data, slug });
  if (!saved) throw new Response("Not found", { status: 404 });
  if (!saved.ok) return invalid(values, saved.errors);
  throw redirect(`/staff/partners/${partnerId}?saved=1`);
}

export default function EditPartner() {
  const { partner, places, isAdmin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="page narrow">
      <p>
        <Link to="/staff/partners">{t("staffAdmin.partners.back")}</Link>
      </p>
      <h1>{partner.name}</h1>
      <SavedNotice />
      <ErrorSummary failure={result} />
      <Form method="post" className="form" noValidate>
        <PartnerFields failure={result} partner={partner} places={places} />
        <p>
          <button type="submit" className="button">
            {t("staffAdmin.save")}
          </button>
        </p>
      </Form>

      <section aria-labelledby="members-title">
        <h2 id="members-title">{t("staffAdmin.partners.members")}</h2>
        {partner.members.length === 0 ? (
          <p>{t("staffAdmin.partners.noMembers")}</p>
        ) : (
          <ul>
            {partner.members.map((member) => (
              <li key={member.id}>
                {isAdmin ? (
                  <Link to={`/staff/users/${member.id}`}>{member.name}</Link>
                ) : (
                  member.name
                )}
              </li>
            ))}
          </ul>
        )}
        <p className="hint">{t("staffAdmin.partners.membersHint")}</p>
      </section>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const { t } = metaTranslator(matches);
  return [
    { title: pageTitle(data ? data.partner.name : t("staffAdmin.partners.title")) },
    { name: "robots", content: "noindex" },
  ];
};
