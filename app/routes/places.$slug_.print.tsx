import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { groupByDay } from "~/components/week-view";
import { formatDate, formatTimeRange } from "~/i18n/format";
import { messageList } from "~/i18n/i18n";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { getPlace, listSessions } from "~/models/calendar.server";
import printStyles from "~/styles/print.css";
import { getDb } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { qrSvg } from "~/utils/qr.server";
import { weekFromUrl, weekHref } from "~/utils/week";

// `places.$slug_.print` rather than `places.$slug.print`: the place page renders no <Outlet />,
// so this sheet must not nest inside it.

// About as many sessions as fit one A4 sheet in full-size type; more get the smaller type.
const DENSE_FROM = 12;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: printStyles }];

export async function loader({ params, request }: LoaderFunctionArgs) {
  const db = getDb();
  const place = await getPlace(db, params.slug ?? "");
  if (!place) throw new Response("Not found", { status: 404 });
  const week = weekFromUrl(new URL(request.url), new Date());
  const placeUrl = `${env.PUBLIC_URL}/places/${place.slug}`;
  const [sessions, qr] = await Promise.all([
    listSessions(db, week, { place: place.slug }),
    qrSvg(placeUrl),
  ]);
  return { place, week, sessions, placeUrl, qr };
}

export default function PrintProgramme() {
  const { place, week, sessions, placeUrl, qr } = useLoaderData<typeof loader>();
  const { locale, t } = useI18n();
  const location = useLocation();
  const byDay = groupByDay(week.days, sessions);
  const dayNames = messageList(locale, "days.long");
  const days = week.days.filter((day) => (byDay.get(day) ?? []).length > 0);
  return (
    <div className="print-sheet">
      <div className="print-tools">
        <p>{t("print.hint")}</p>
        <PrintButton />
        <nav aria-label={t("week.nav")} className="print-tools__nav">
          <Link to={weekHref(location.search, week.previous)} rel="prev">
            <span aria-hidden="true">← </span>
            {t("week.previous")}
          </Link>
          <Link to={weekHref(location.search, week.next)} rel="next">
            {t("week.next")}
            <span aria-hidden="true"> →</span>
          </Link>
          <Link to={`/places/${place.slug}`}>{t("print.back", { name: place.name })}</Link>
        </nav>
      </div>

      <article
        className={
          sessions.length > DENSE_FROM
            ? "print-programme print-programme--dense"
            : "print-programme"
        }
        aria-labelledby="print-title"
      >
        <header className="print-head">
          <div>
            <p className="print-head__site">{t("site.name")}</p>
            <h1 id="print-title">{place.name}</h1>
            <p className="print-head__week">
              <span>{t("print.title")}</span>{" "}
              <strong className="print-head__number">
                {t("print.week", { week: week.week.week })}
              </strong>
              <br />
              {t("week.range", {
                from: formatDate(locale, week.days[0]),
                to: formatDate(locale, week.days[6], { year: true }),
              })}
            </p>
          </div>
          <figure className="print-qr">
            <div
              className="print-qr__code"
              role="img"
              aria-label={t("print.qrLabel", { url: placeUrl })}
              // The SVG is the qrcode package's output for our own URL: paths only.
              dangerouslySetInnerHTML={{ __html: qr }}
            />
            <figcaption>
              {t("print.scan")} <span className="print-qr__url">{placeUrl}</span>
            </figcaption>
          </figure>
        </header>

        {days.length === 0 ? (
          <p className="print-nothing">{t("print.nothing")}</p>
        ) : (
          <ol className="print-days">
            {days.map((day) => (
              <li key={day} className="print-day">
                <h2>
                  <time dateTime={day}>{formatDate(locale, day, { style: "long" })}</time>
                </h2>
                <ul className="print-sessions">
                  {(byDay.get(day) ?? []).map((session) => {
                    const cancelled =
                      session.status === "cancelled" || session.activity_status === "cancelled";
                    const time = formatTimeRange(session.starts_at, session.ends_at);
                    const where = session.room_name ?? session.location_name;
                    return (
                      <li
                        key={session.id}
                        className={
                          cancelled ? "print-session print-session--cancelled" : "print-session"
                        }
                      >
                        <span className="print-session__time">
                          {cancelled ? <del>{time}</del> : time}
                        </span>
                        <span className="print-session__what">
                          <span className="print-session__title">
                            {cancelled ? <del>{session.title}</del> : session.title}
                          </span>
                          {cancelled ? (
                            <strong className="print-tag">{t("print.cancelled")}</strong>
                          ) : session.signup_mode !== "none" ? (
                            <span className="print-tag">{t("print.signup")}</span>
                          ) : null}
                          {where ? <span className="print-session__where">{where}</span> : null}
                        </span>
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))}
          </ol>
        )}

        <footer className="print-foot">
          <div>
            <p>
              <strong>{place.name}</strong>, {place.street_address}
              {place.city ? `, ${place.city}` : null}
            </p>
            <p>{t("print.welcome")}</p>
          </div>
          {place.hours.length > 0 ? (
            <div>
              <h2>{t("print.hours")}</h2>
              <dl className="print-hours">
                {place.hours.map((row) => (
                  <div key={`${row.weekday}-${row.opens}`}>
                    <dt>{dayNames[row.weekday - 1]}</dt>
                    <dd>
                      {row.opens}–{row.closes}
                    </dd>
                  </div>
                ))}
              </dl>
            </div>
          ) : null}
        </footer>
      </article>
    </div>
  );
}

/** Only once JavaScript runs; without it the hint points to the browser's own print. */
function PrintButton() {
  const { t } = useI18n();
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <button type="button" className="button" onClick={() => window.print()}>
      {t("print.print")}
    </button>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const { t } = metaTranslator(matches);
  if (!data) return [{ title: pageTitle(t("error.notFoundTitle")) }];
  return [
    {
      title: pageTitle(
        `${data.place.name}: ${t("print.title")}, ${t("week.short", { week: data.week.week.week })}`,
      ),
    },
    { name: "robots", content: "noindex" },
  ];
};
