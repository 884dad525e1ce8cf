import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/i18n/use-i18n";
import { HYDRATE } from "~/utils/hydration";
import { requirePartnerMember } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

// Staff and partner pages hydrate; public pages are plain HTML (app/utils/hydration.ts).
export const handle = HYDRATE;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePartnerMember(request);
  const partner = await getDb()
    .selectFrom("partners")
    .select(["id", "name", "slug"])
    .where("id", "=", user.partner_id)
    .executeTakeFirstOrThrow();
  return { user: { name: user.name }, partner };
}

/** The frame of the partner portal; each child route checks membership again. */
export default function PartnerLayout() {
  const { user, partner } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="staff">
      <nav aria-label={t("nav.partner")} className="staff-nav">
        <ul>
          <li>
            <NavLink to="/partner" end>
              {t("staff.home")}
            </NavLink>
          </li>
          <li>
            <NavLink to="/partner/activities">{t("staff.activities")}</NavLink>
          </li>
          <li>
            <NavLink to="/partner/bookings">{t("bookings.title")}</NavLink>
          </li>
          <li>
            <NavLink to="/partner/feeds">{t("partnerFeeds.title")}</NavLink>
          </li>
        </ul>
        <div className="staff-nav__user">
          {partner.name} · {t("staff.loggedInAs", { name: user.name })}
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
