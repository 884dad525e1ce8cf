import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { listPlaces } from "~/models/calendar.server";
import { getDb } from "~/utils/db.server";

export async function loader() {
  const places = await listPlaces(getDb());
  return { places };
}

export default function Places() {
  const { places } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="page">
      <h1>{t("places.title")}</h1>
      <p className="lead">{t("places.intro")}</p>
      <ul className="cards">
        {places.map((place) => (
          <li key={place.slug} className="card">
            <h2>
              <Link to={`/places/${place.slug}`}>{place.name}</Link>
            </h2>
            <p className="muted">{t("places.area", { area: place.area_name })}</p>
            <address>
              {place.street_address}
              {place.city ? `, ${[place.postal_code, place.city].filter(Boolean).join(" ")}` : null}
            </address>
            <p>{place.description}</p>
            <p>
              <Link to={`/places/${place.slug}`}>
                {t("places.seeProgramme", { name: place.name })}
              </Link>
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [
    { title: pageTitle(t("places.title")) },
    { name: "description", content: t("places.intro") },
  ];
};
