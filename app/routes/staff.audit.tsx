import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { utcToZoned } from "~/domain/time";
import { formatDate } from "~/i18n/format";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const entries = await getDb()
    .selectFrom("audit_log as l")
    .leftJoin("users as u", "u.id", "l.user_id")
    .select(["l.id", "l.action", "l.entity", "l.entity_id", "l.summary", "l.created_at", "u.name"])
    .orderBy("l.id", "desc")
    .limit(200)
    .execute();
  return { entries };
}

export default function AuditLog() {
  const { entries } = useLoaderData<typeof loader>();
  const { locale, t } = useI18n();
  return (
    <div className="page">
      <h1>{t("staff.auditTitle")}</h1>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("staff.auditWhen")}</th>
              <th scope="col">{t("staff.auditWho")}</th>
              <th scope="col">{t("staff.auditWhat")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => {
              const at = utcToZoned(new Date(entry.created_at));
              return (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.created_at}>
                      {formatDate(locale, at.date)} {at.time}
                    </time>
                  </td>
                  <td>{entry.name ?? t("staff.auditSystem")}</td>
                  <td>{entry.summary}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("staff.auditTitle")) }, { name: "robots", content: "noindex" }];
};
