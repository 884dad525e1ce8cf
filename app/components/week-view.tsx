import { Link } from "@remix-run/react";
import { formatDate } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { utcToZoned, type LocalDate } from "~/domain/time";
import type { WeekWindow } from "~/utils/week";
import { SessionItem, type SessionSummary } from "./session-item";

/** "v. 49" with the dates, and links to the previous, current and next week. */
export function WeekHeading({
  week,
  hrefFor,
  headingLevel = 2,
}: {
  week: WeekWindow;
  hrefFor: (week: string | null) => string;
  headingLevel?: 2 | 3;
}) {
  const { locale, t } = useI18n();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const first = week.days[0];
  const last = week.days[6];
  return (
    <div className="week-heading">
      <Heading id="week-title" className="week-heading__title">
        <span className="week-number">{t("week.short", { week: week.week.week })}</span>{" "}
        <span className="week-heading__dates">
          {t("week.range", {
            from: formatDate(locale, first),
            to: formatDate(locale, last, { year: true }),
          })}
        </span>
      </Heading>
      <nav aria-label={t("week.nav")} className="week-nav">
        <Link to={hrefFor(week.previous)} rel="prev">
          <span aria-hidden="true">← </span>
          {t("week.previous")}
        </Link>
        {week.isCurrent ? null : <Link to={hrefFor(null)}>{t("week.current")}</Link>}
        <Link to={hrefFor(week.next)} rel="next">
          {t("week.next")}
          <span aria-hidden="true"> →</span>
        </Link>
      </nav>
    </div>
  );
}

export function groupByDay<T extends { starts_at: string }>(days: LocalDate[], sessions: T[]) {
  const byDay = new Map<LocalDate, T[]>(days.map((day) => [day, []]));
  for (const session of sessions)
    byDay.get(utcToZoned(new Date(session.starts_at)).date)?.push(session);
  return byDay;
}

/** Monday to Sunday; today marked; days without sessions say so unless `hideEmptyDays`. */
export function WeekView({
  week,
  sessions,
  showPlace,
  hideEmptyDays = false,
}: {
  week: WeekWindow;
  sessions: SessionSummary[];
  showPlace: boolean;
  hideEmptyDays?: boolean;
}) {
  const { locale, t } = useI18n();
  const byDay = groupByDay(week.days, sessions);
  return (
    <ol className="week" aria-labelledby="week-title">
      {week.days.map((day) => {
        const daySessions = byDay.get(day) ?? [];
        if (hideEmptyDays && daySessions.length === 0) return null;
        const isToday = day === week.today;
        return (
          <li
            key={day}
            className={isToday ? "day day--today" : "day"}
            aria-current={isToday ? "date" : undefined}
          >
            <h3 className="day__heading">
              <time dateTime={day}>{formatDate(locale, day, { style: "long" })}</time>
              {isToday ? <span className="badge">{t("week.today")}</span> : null}
            </h3>
            {daySessions.length === 0 ? (
              <p className="day__empty">{t("week.nothing")}</p>
            ) : (
              <ul className="sessions">
                {daySessions.map((session) => (
                  <SessionItem key={session.id} session={session} showPlace={showPlace} />
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
