import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { AUDIENCES, CATEGORIES } from "#db/schema";
import { SubscribeLinks } from "~/components/calendar-links";
import { WeekHeading, WeekView } from "~/components/week-view";
import { languageName } from "~/i18n/format";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { listAreas, listLanguagesInUse, listPlaces, listSessions } from "~/models/calendar.server";
import { getDb } from "~/utils/db.server";
import { weekFromUrl, weekHref } from "~/utils/week";

// An unknown filter value shows everything rather than an error: links get old, lists change.
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const filterSchema = z.object({
  area: optional(z.string().regex(/^[a-z0-9-]{1,80}$/)),
  place: optional(z.string().regex(/^[a-z0-9-]{1,80}$/)),
  audience: optional(z.enum(AUDIENCES)),
  category: optional(z.enum(CATEGORIES)),
  language: optional(z.string().regex(/^[a-z]{2,3}$/)),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const week = weekFromUrl(url, new Date());
  const filters = filterSchema.parse(Object.fromEntries(url.searchParams));
  const db = getDb();
  const [sessions, areas, places, languages] = await Promise.all([
    listSessions(db, week, filters),
    listAreas(db),
    listPlaces(db),
    listLanguagesInUse(db),
  ]);
  return {
    week,
    filters,
    sessions,
    areas: areas.map(({ slug, name }) => ({ slug, name })),
    places: places.map(({ slug, name }) => ({ slug, name })),
    languages,
  };
}

export default function ThisWeek() {
  const { week, filters, sessions, areas, places, languages } = useLoaderData<typeof loader>();
  const { locale, t } = useI18n();
  const location = useLocation();
  const filtered = Object.values(filters).some(Boolean);
  return (
    <div className="page">
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.intro")}</p>

      <Form method="get" className="filters" aria-labelledby="filters-title">
        <h2 id="filters-title" className="visually-hidden">
          {t("filters.title")}
        </h2>
        <input
          type="hidden"
          name="week"
          value={week.isCurrent ? "" : week.param}
          disabled={week.isCurrent}
        />
        <FilterSelect
          name="area"
          label={t("filters.area")}
          value={filters.area}
          options={areas.map((area) => [area.slug, area.name])}
        />
        <FilterSelect
          name="place"
          label={t("filters.place")}
          value={filters.place}
          options={places.map((place) => [place.slug, place.name])}
        />
        <FilterSelect
          name="audience"
          label={t("filters.audience")}
          value={filters.audience}
          options={AUDIENCES.map((audience) => [audience, t(`audience.${audience}`)])}
        />
        <FilterSelect
          name="category"
          label={t("filters.category")}
          value={filters.category}
          options={CATEGORIES.map((category) => [category, t(`category.${category}`)])}
        />
        <FilterSelect
          name="language"
          label={t("filters.language")}
          value={filters.language}
          options={languages.map((code) => [code, languageName(locale, code)])}
        />
        <div className="filters__actions">
          <button type="submit">{t("filters.apply")}</button>
          {filtered ? (
            <Link to={week.isCurrent ? "/" : `/?week=${week.param}`}>{t("filters.clear")}</Link>
          ) : null}
        </div>
      </Form>

      <section aria-labelledby="week-title" className="week-section">
        <WeekHeading week={week} hrefFor={(other) => weekHref(location.search, other)} />
        <p className="week-count" aria-live="polite">
          {t("home.count", { count: sessions.length })}
        </p>
        {sessions.length === 0 ? (
          <p className="empty">{t("home.empty")}</p>
        ) : (
          <WeekView week={week} sessions={sessions} showPlace hideEmptyDays />
        )}
      </section>

      {filters.place && places.some((place) => place.slug === filters.place) ? (
        <SubscribeLinks
          feedPath={`/feeds/places/${filters.place}.ics`}
          label={places.find((place) => place.slug === filters.place)?.name ?? ""}
        />
      ) : filters.area && areas.some((area) => area.slug === filters.area) ? (
        <SubscribeLinks
          feedPath={`/feeds/areas/${filters.area}.ics`}
          label={areas.find((area) => area.slug === filters.area)?.name ?? ""}
        />
      ) : (
        <SubscribeLinks feedPath="/feeds/all.ics" label={t("site.name")} />
      )}
    </div>
  );
}

function FilterSelect({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value: string | undefined;
  options: (readonly [string, string])[];
}) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} defaultValue={value ?? ""} key={value ?? ""}>
        <option value="">{t("filters.any")}</option>
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const { t } = metaTranslator(matches);
  const week = data ? ` (${t("week.short", { week: data.week.week.week })})` : "";
  return [
    { title: pageTitle(`${t("home.title")}${week}`) },
    { name: "description", content: t("site.tagline") },
  ];
};
