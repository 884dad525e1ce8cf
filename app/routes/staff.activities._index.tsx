import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ACTIVITY_STATUSES } from "#db/schema";
import { formatDate, zonedParts } from "~/i18n/format";
import type { Locale } from "~/i18n/i18n";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { listActivities } from "~/models/staff-activities.server";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import styles from "~/styles/staff-activities.css";

// An unknown status shows everything rather than an error: it is only a filter.
const querySchema = z.object({ status: z.enum(ACTIVITY_STATUSES).optional().catch(undefined) });

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const url = new URL(request.url);
  const { status } = querySchema.parse({ status: url.searchParams.get("status") ?? undefined });
  const activities = await listActivities(getDb(), status ?? null, new Date());
  return { activities, status: status ?? "" };
}

/** "tis 9 dec 14:00" */
function startOf(locale: Locale, instant: string): string {
  const { date, time } = zonedParts(instant);
  return `${formatDate(locale, date)} ${time}`;
}

export default function StaffActivities() {
  const { activities, status } = useLoaderData<typeof loader>();
  const { locale, t } = useI18n();
  return (
    <div className="page">
      <h1>{t("staffActivities.title")}</h1>
      <p className="staff-actions">
        <Link to="/staff/activities/new" className="button">
          {t("staffActivities.new")}
        </Link>
      </p>
      <Form method="get" className="filters" aria-label={t("staffActivities.filter")}>
        <div className="field">
          <label htmlFor="filter-status">{t("staffActivities.filterStatus")}</label>
          <select id="filter-status" name="status" defaultValue={status}>
            <option value="">{t("staffActivities.filterAll")}</option>
            {ACTIVITY_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`staffActivities.status.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="filters__actions">
          <button type="submit">{t("staffActivities.filterApply")}</button>
        </div>
      </Form>
      <p className="muted" role="status">
        {t("staffActivities.count", { count: activities.length })}
      </p>
      {activities.length === 0 ? (
        <p>{t("staffActivities.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="activity-table">
            <thead>
              <tr>
                <th scope="col">{t("staffActivities.col.title")}</th>
                <th scope="col">{t("staffActivities.col.where")}</th>
                <th scope="col">{t("staffActivities.col.status")}</th>
                <th scope="col">{t("staffActivities.col.organiser")}</th>
                <th scope="col">{t("staffActivities.col.next")}</th>
              </tr>
            </thead>
            <tbody>
              {activities.map((activity) => (
                <tr key={activity.id}>
                  <td>
                    <Link to={`/staff/activities/${activity.id}`}>{activity.title}</Link>
                  </td>
                  <td>
                    {[activity.place_name ?? activity.location_name, activity.area_name]
                      .filter(Boolean)
                      .join(", ")}
                  </td>
                  <td className="status-label">{t(`staffActivities.status.${activity.status}`)}</td>
                  <td>{activity.partner_name ?? t("activity.organiserStaff")}</td>
                  <td>
                    {activity.next_starts_at ? (
                      <time dateTime={activity.next_starts_at}>
                        {startOf(locale, activity.next_starts_at)}
                      </time>
                    ) : (
                      t("staffActivities.none")
                    )}
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
  return [{ title: pageTitle(t("staffActivities.title")) }, { name: "robots", content: "noindex" }];
};
