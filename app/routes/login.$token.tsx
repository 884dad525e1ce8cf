import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { consumeLoginToken, loginTokenIsUsable } from "~/models/auth.server";
import { homeFor, sessionCookie } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { safeRedirectPath } from "~/utils/redirect";

// The token is in this page's URL: never send it on to another site.
const privateHeaders = { "Referrer-Policy": "same-origin", "Cache-Control": "private, no-store" };
export const headers: HeadersFunction = () => privateHeaders;

const wellFormed = (token: string | undefined) => /^[A-Za-z0-9_-]{43}$/.test(token ?? "");

/** Opening the link only shows a button: mail scanners open links before people do. */
export async function loader({ params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const usable = wellFormed(token) && (await loginTokenIsUsable(getDb(), token, new Date()));
  return data({ usable }, { status: usable ? 200 : 410, headers: privateHeaders });
}

export async function action({ params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const db = getDb();
  const session = wellFormed(token) ? await consumeLoginToken(db, token, new Date()) : null;
  if (!session) return data({ usable: false }, { status: 410, headers: privateHeaders });
  const user = await db
    .selectFrom("users")
    .select("role")
    .where("id", "=", session.userId)
    .executeTakeFirstOrThrow();
  throw redirect(safeRedirectPath(session.redirectTo, homeFor(user)), {
    headers: { ...privateHeaders, "Set-Cookie": sessionCookie(session.sessionToken) },
  });
}

export default function ConfirmLogin() {
  const { usable } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="page narrow">
      <h1>{t("login.confirmTitle")}</h1>
      {usable ? (
        <>
          <p>{t("login.confirmText")}</p>
          <Form method="post">
            <button type="submit" className="button">
              {t("login.confirm")}
            </button>
          </Form>
        </>
      ) : (
        <>
          <p className="notice notice--cancelled">{t("login.invalid")}</p>
          <p>
            <Link to="/login">{t("login.newLink")}</Link>
          </p>
        </>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("login.confirmTitle")) }, { name: "robots", content: "noindex" }];
};
