import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { direction, LOCALES, resolveLocale } from "~/i18n/i18n";
import { getUser, homeFor } from "~/utils/auth.server";
import { env } from "~/utils/env.server";
import { hydrates } from "~/utils/hydration";
import { useNonce } from "~/utils/nonce";
import { useI18n } from "~/i18n/use-i18n";
import stylesheet from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = resolveLocale(
    request.headers.get("cookie"),
    request.headers.get("accept-language"),
  );
  const user = await getUser(request);
  return {
    locale,
    publicUrl: env.PUBLIC_URL,
    user: user ? { name: user.name, home: homeFor(user) } : null,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const { locale, t } = useI18n();
  const location = useLocation();
  const rootData = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const scripts = hydrates(useMatches());
  const user = rootData?.user ?? null;
  const returnTo = `${location.pathname}${location.search}`;
  return (
    <html lang={locale} dir={direction(locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b5d4b" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("site.skip")}
        </a>
        <header className="site-header">
          <div className="site-header__inner">
            <Link to="/" className="site-name">
              {t("site.name")}
            </Link>
            <nav aria-label={t("nav.label")} className="site-nav">
              <ul>
                <li>
                  <NavLink to="/" end>
                    {t("nav.thisWeek")}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/places">{t("nav.places")}</NavLink>
                </li>
                <li>
                  <NavLink to="/proposals">{t("nav.proposals")}</NavLink>
                </li>
                {user ? (
                  <li>
                    <NavLink to={user.home}>
                      {user.home === "/partner" ? t("nav.partner") : t("nav.staff")}
                    </NavLink>
                  </li>
                ) : null}
              </ul>
            </nav>
            <form method="post" action="/locale" className="language-switch">
              <input type="hidden" name="returnTo" value={returnTo} />
              {LOCALES.filter((other) => other !== locale).map((other) => (
                <button key={other} type="submit" name="locale" value={other} lang={other}>
                  <span className="visually-hidden">{t("lang.change")}: </span>
                  {t(`lang.${other}`)}
                </button>
              ))}
            </form>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <p>{t("site.footer")}</p>
          {user ? null : (
            <p>
              <Link to="/login">{t("login.title")}</Link>
            </p>
          )}
        </footer>
        {scripts ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export const meta: MetaFunction = () => [{ title: "Träffpunkt" }];

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useI18n();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title =
    status === 404
      ? t("error.notFoundTitle")
      : status === 403
        ? t("error.forbiddenTitle")
        : status === 400
          ? t("error.badRequest")
          : t("error.title");
  const notFound = status === 404;
  return (
    <div className="page narrow">
      <title>{`${title} – Träffpunkt`}</title>
      <h1>{title}</h1>
      <p>
        {notFound
          ? t("error.notFoundText")
          : status === 403
            ? t("staff.forbidden")
            : t("error.text")}
      </p>
      <p>
        <Link to="/">{t("error.home")}</Link>
      </p>
    </div>
  );
}
