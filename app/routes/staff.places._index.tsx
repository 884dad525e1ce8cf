import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SavedNotice } from "~/components/staff-form";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { listPlaces } from "~/models/staff-places.server";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return { places: await listPlaces(getDb()) };
}

export default function StaffPlaces() {
  const { places } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="page">
      <h1>{t("staffAdmin.places.title")}</h1>
      <SavedNotice />
      <p>
        <Link to="/staff/places/new" className="button button--quiet">
          {t("staffAdmin.places.new")}
        </Link>
      </p>
      {places.length === 0 ? (
        <p>{t("staffAdmin.places.none")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("staffAdmin.name")}</th>
                <th scope="col">{t("staffAdmin.places.area")}</th>
                <th scope="col">{t("staffAdmin.places.street")}</th>
                <th scope="col">{t("staffAdmin.places.rooms")}</th>
                <th scope="col">{t("staffAdmin.places.publicPage")}</th>
              </tr>
            </thead>
            <tbody>
              {places.map((place) => (
                <tr key={place.id}>
                  <td>
                    <Link to={`/staff/places/${place.id}`}>{place.name}</Link>
                  </td>
                  <td>{place.area_name}</td>
                  <td>{place.street_address}</td>
                  <td>{place.rooms}</td>
                  <td>
                    <Link to={`/places/${place.slug}`}>/places/{place.slug}</Link>
                  </td>
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
    { title: pageTitle(t("staffAdmin.places.title")) },
    { name: "robots", content: "noindex" },
  ];
};
