import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { sql } from "kysely";
import { addDays, todayIn, toInstantString, zonedToUtc } from "~/domain/time";
import { formatSession } from "~/i18n/format";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const today = todayIn(new Date());
  const sessions = await getDb()
    .selectFrom("occurrences as o")
    .innerJoin("activities as a", "a.id", "o.activity_id")
    .leftJoin("places as p", "p.id", "a.place_id")
    .select([
      "o.id",
      "o.starts_at",
      "o.ends_at",
      "o.status",
      "a.id as activity_id",
      "a.title",
      "p.name as place_name",
      sql<number>`(select coalesce(sum(r.party_size), 0) from rsvps r where r.status = 'confirmed' and (r.occurrence_id = o.id or (r.occurrence_id is null and r.activity_id = a.id)))`.as(
        "signed_up",
      ),
    ])
    .where("o.starts_at", ">=", toInstantString(zonedToUtc(today, "00:00")))
    .where("o.starts_at", "<", toInstantString(zonedToUtc(addDays(today, 2), "00:00")))
    .where("a.status", "=", "published")
    .orderBy("o.starts_at")
    .execute();
  return { sessions };
}

export default function StaffHome() {
  const { sessions } = useLoaderData<typeof loader>();
  const { locale, t } = useI18n();
  return (
    <div className="page">
      <h1>{t("staff.title")}</h1>
      <h2>{t("staff.today")}</h2>
      {sessions.length === 0 ? (
        <p>{t("staff.noSessions")}</p>
      ) : (
        <ul className="date-list">
          {sessions.map((session) => (
            <li key={session.id}>
              <Link to={`/staff/sessions/${session.id}`}>
                {session.status === "cancelled" ? (
                  <del>{formatSession(locale, session.starts_at, session.ends_at)}</del>
                ) : (
                  formatSession(locale, session.starts_at, session.ends_at)
                )}{" "}
                {session.title}
              </Link>
              {session.place_name ? `, ${session.place_name}` : null} ·{" "}
              {t("staff.signups", { count: Number(session.signed_up) })} ·{" "}
              <Link to={`/staff/attendance/${session.id}`}>{t("attendance.title")}</Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("staff.title")) }, { name: "robots", content: "noindex" }];
};
