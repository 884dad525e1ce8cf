import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SavedNotice } from "~/components/staff-form";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { listUsers } from "~/models/staff-users.server";
import { requireAdmin } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { users: await listUsers(getDb()) };
}

export default function StaffUsers() {
  const { users } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="page">
      <h1>{t("staffAdmin.users.title")}</h1>
      <SavedNotice />
      <p>
        <Link to="/staff/users/new" className="button button--quiet">
          {t("staffAdmin.users.new")}
        </Link>
      </p>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("staffAdmin.name")}</th>
              <th scope="col">{t("staffAdmin.email")}</th>
              <th scope="col">{t("staffAdmin.users.role")}</th>
              <th scope="col">{t("staffAdmin.users.sessions")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>
                  <Link to={`/staff/users/${user.id}`}>{user.name}</Link>
                </td>
                <td>{user.email}</td>
                <td>
                  {t(`staffAdmin.role.${user.role}`)}
                  {user.partner_name ? `, ${user.partner_name}` : null}
                </td>
                <td>{user.sessions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [
    { title: pageTitle(t("staffAdmin.users.title")) },
    { name: "robots", content: "noindex" },
  ];
};
