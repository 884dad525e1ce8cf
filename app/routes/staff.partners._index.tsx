import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SavedNotice } from "~/components/staff-form";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { listPartners } from "~/models/staff-partners.server";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return { partners: await listPartners(getDb()) };
}

export default function StaffPartners() {
  const { partners } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="page">
      <h1>{t("staffAdmin.partners.title")}</h1>
      <SavedNotice />
      <p>
        <Link to="/staff/partners/new" className="button button--quiet">
          {t("staffAdmin.partners.new")}
        </Link>
      </p>
      {partners.length === 0 ? (
        <p>{t("staffAdmin.partners.none")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("staffAdmin.name")}</th>
                <th scope="col">{t("staffAdmin.partners.places")}</th>
                <th scope="col">{t("staffAdmin.partners.trustedShort")}</th>
                <th scope="col">{t("staffAdmin.partners.members")}</th>
              </tr>
            </thead>
            <tbody>
              {partners.map((partner) => (
                <tr key={partner.id}>
                  <td>
                    <Link to={`/staff/partners/${partner.id}`}>{partner.name}</Link>
                  </td>
                  <td>{partner.places.join(", ") || "–"}</td>
                  <td>{partner.trusted ? t("staffAdmin.yes") : t("staffAdmin.no")}</td>
                  <td>{partner.members}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [
    { title: pageTitle(t("staffAdmin.partners.title")) },
    { name: "robots", content: "noindex" },
  ];
};
