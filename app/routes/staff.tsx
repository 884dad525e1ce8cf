import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/i18n/use-i18n";
import { HYDRATE } from "~/utils/hydration";
import { requireStaff } from "~/utils/auth.server";
import { STAFF_SECTIONS } from "~/utils/staff-sections";

// Staff and partner pages hydrate; public pages are plain HTML (app/utils/hydration.ts).
export const handle = HYDRATE;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  return { user: { name: user.name, role: user.role } };
}

/** The frame of every staff page. Each child route checks the role again in its own loader. */
export default function StaffLayout() {
  const { user } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="staff">
      <nav aria-label={t("staff.nav")} className="staff-nav">
        <ul>
          {STAFF_SECTIONS.filter((section) => !section.adminOnly || user.role === "admin").map(
            (section) => (
              <li key={section.path}>
                <NavLink to={section.path} end={section.path === "/staff"}>
                  {t(section.label)}
                </NavLink>
              </li>
            ),
          )}
        </ul>
        <div className="staff-nav__user">
          {t("staff.loggedInAs", { name: user.name })}
          <Form method="post" action="/logout">
            <button type="submit" className="link-button">
              {t("logout")}
            </button>
          </Form>
        </div>
      </nav>
      <Outlet />
    </div>
  );
}
