import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { resolveLocale } from "~/i18n/i18n";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { LOGIN_TOKEN_MINUTES, requestLoginLink } from "~/models/auth.server";
import { getUser, homeFor } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { kickMailWorker } from "~/utils/mail-worker.server";
import { loginLimits } from "~/utils/login-limits.server";
import { safeRedirectPath } from "~/utils/redirect";

const schema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  redirectTo: z.string().optional(),
});

export const headers: HeadersFunction = () => ({ "Referrer-Policy": "same-origin" });

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirectPath(url.searchParams.get("redirectTo"), "");
  const user = await getUser(request);
  if (user) throw redirect(redirectTo || homeFor(user));
  return { redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = schema.safeParse(form);
  const email = typeof form.email === "string" ? form.email : "";
  if (!parsed.success) {
    return data({ sent: false, error: "field.email" as const, email }, { status: 400 });
  }
  if (!loginLimits.perIp.hit(context.clientIp) || !loginLimits.perEmail.hit(parsed.data.email)) {
    return data({ sent: false, error: "login.rateLimited" as const, email }, { status: 429 });
  }
  const locale = resolveLocale(
    request.headers.get("cookie"),
    request.headers.get("accept-language"),
  );
  const redirectTo = safeRedirectPath(parsed.data.redirectTo, "") || null;
  const { link } = await requestLoginLink(
    getDb(),
    parsed.data.email,
    redirectTo,
    locale,
    new Date(),
  );
  if (link) {
    kickMailWorker();
    // Without SMTP the link is also printed, so a developer can log in from the console.
    if (!env.SMTP_URL) console.info(`Login link (valid ${LOGIN_TOKEN_MINUTES} min): ${link}`);
  }
  // The same answer whether or not the address is known.
  return data({ sent: true, error: null, email: parsed.data.email });
}

export default function Login() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="page narrow">
      <h1>{t("login.title")}</h1>
      {result?.sent ? (
        <p className="notice" role="status">
          {t("login.sent", { minutes: LOGIN_TOKEN_MINUTES })}
        </p>
      ) : (
        <>
          <p>{t("login.intro")}</p>
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <div className="field">
              <label htmlFor="login-email">{t("login.email")}</label>
              <input
                id="login-email"
                name="email"
                type="email"
                autoComplete="email"
                inputMode="email"
                required
                defaultValue={result?.email}
                aria-invalid={result?.error ? true : undefined}
                aria-describedby={result?.error ? "login-email-error" : undefined}
              />
              {result?.error ? (
                <p className="field-error" id="login-email-error">
                  {t(result.error)}
                </p>
              ) : null}
            </div>
            <button type="submit" className="button">
              {t("login.submit")}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("login.title")) }];
};
