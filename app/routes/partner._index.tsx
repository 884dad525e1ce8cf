import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { requirePartnerMember } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePartnerMember(request);
  const partner = await getDb()
    .selectFrom("partners")
    .select(["name"])
    .where("id", "=", user.partner_id)
    .executeTakeFirstOrThrow();
  return { partner };
}

export default function PartnerHome() {
  const { partner } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="page">
      <h1>{t("partner.title")}</h1>
      <p>{t("partner.intro", { partner: partner.name })}</p>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("partner.title")) }, { name: "robots", content: "noindex" }];
};
