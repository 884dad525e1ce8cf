import type { ReactNode } from "react";
import { parseLocalDate } from "~/domain/time";
import { messageList } from "~/i18n/i18n";
import { useI18n } from "~/i18n/use-i18n";
import type { SafetyAreaReport, SafetyFigureWithTurnout } from "~/models/safety.server";

/**
 * Per area: the share of residents who feel safe, period by period, beside the visitors at the
 * area's activities in the same periods. Data from `listSafetyFiguresWithTurnout`; `actions`
 * adds a cell per row (the staff page's delete button).
 */
export function SafetyFiguresByArea({
  areas,
  headingLevel = 2,
  actions,
}: {
  areas: SafetyAreaReport[];
  headingLevel?: 2 | 3;
  actions?: (figure: SafetyFigureWithTurnout) => ReactNode;
}) {
  const { locale, t } = useI18n();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const signed = new Intl.NumberFormat(locale, {
    maximumFractionDigits: 1,
    signDisplay: "exceptZero",
  });
  const months = messageList(locale, "months.short");
  // "1 jan 2022": a period's bounds need no weekday.
  const date = (value: string) => {
    const { year, month, day } = parseLocalDate(value);
    return `${day} ${months[month - 1]} ${year}`;
  };

  if (areas.length === 0) return <p>{t("safety.none")}</p>;
  return (
    <>
      {areas.map((area) => (
        <section key={area.areaId} aria-labelledby={`safety-area-${area.areaId}`}>
          <Heading id={`safety-area-${area.areaId}`}>{area.areaName}</Heading>
          <div className="table-scroll">
            <table className="safety-figures">
              <thead>
                <tr>
                  <th scope="col">{t("safety.period")}</th>
                  <th scope="col">{t("safety.shareSafe")}</th>
                  <th scope="col">{t("safety.change")}</th>
                  <th scope="col">{t("safety.visitors")}</th>
                  <th scope="col">{t("safety.perWeek")}</th>
                  <th scope="col">{t("safety.sessions")}</th>
                  {actions ? (
                    <th scope="col">
                      <span className="visually-hidden">{t("safety.actions")}</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {area.figures.map((figure) => (
                  <tr key={figure.id} id={`safety-figure-${figure.id}`}>
                    <th scope="row">
                      {figure.periodLabel}
                      <br />
                      <span className="muted">
                        {t("safety.periodRange", {
                          from: date(figure.periodStart),
                          to: date(figure.periodEnd),
                        })}
                      </span>
                    </th>
                    <td>
                      {t("safety.percent", { value: number.format(figure.shareSafe) })}
                      {figure.respondents !== null ? (
                        <>
                          <br />
                          <span className="muted">
                            {t("safety.respondentsCount", { count: figure.respondents })}
                          </span>
                        </>
                      ) : null}
                      {figure.source ? (
                        <>
                          <br />
                          <span className="muted">{figure.source}</span>
                        </>
                      ) : null}
                    </td>
                    <td>
                      {figure.change === null
                        ? "–"
                        : t("safety.points", { value: signed.format(figure.change) })}
                    </td>
                    <td>{figure.sessionsCounted > 0 ? number.format(figure.visitors) : "–"}</td>
                    <td>
                      {figure.visitorsPerWeek === null
                        ? "–"
                        : number.format(figure.visitorsPerWeek)}
                    </td>
                    <td>{figure.sessionsCounted}</td>
                    {actions ? <td>{actions(figure)}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <p className="hint">{t("safety.turnoutNote")}</p>
    </>
  );
}
