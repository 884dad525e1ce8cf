import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { utcToZoned } from "~/domain/time";
import { formatDate } from "~/i18n/format";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { listEvaluations } from "~/models/evaluation.server";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return { groups: await listEvaluations(getDb(), new Date()) };
}

/** Trials and decisions by meeting place (or area), with the flags that need a decision. */
export default function StaffEvaluations() {
  const { groups } = useLoaderData<typeof loader>();
  const { locale, t } = useI18n();
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const date = (instant: string) =>
    formatDate(locale, utcToZoned(new Date(instant)).date, { year: true });
  return (
    <div className="page evaluations">
      <h1>{t("staff.evaluations")}</h1>
      <p className="lead">{t("evaluation.intro")}</p>
      {groups.map((group) => {
        const heading = group.placeName ?? t("evaluation.areaGroup", { area: group.areaName });
        const id = `group-${group.key.replace(/[^a-z0-9]+/gi, "-")}`;
        return (
          <section key={group.key} aria-labelledby={id} className="evaluation-group">
            <h2 id={id}>{heading}</h2>
            <h3>{t("evaluation.trials")}</h3>
            {group.trials.length === 0 ? (
              <p>{t("evaluation.noTrials")}</p>
            ) : (
              <ul className="cards trial-list">
                {group.trials.map((trial) => (
                  <li key={trial.id} className="card">
                    <h4>
                      <Link to={`/staff/evaluations/${trial.id}`}>{trial.title}</Link>
                      {trial.status === "ended" ? (
                        <span className="muted"> ({t("evaluation.ended")})</span>
                      ) : null}
                    </h4>
                    <dl className="facts-list">
                      <div>
                        <dt>{t("evaluation.average")}</dt>
                        <dd>
                          {trial.evaluation.average === null
                            ? t("evaluation.none")
                            : number.format(trial.evaluation.average)}
                        </dd>
                      </div>
                      <div>
                        <dt>{t("evaluation.target")}</dt>
                        <dd>
                          {trial.trial_target === null
                            ? t("evaluation.none")
                            : number.format(trial.trial_target)}
                        </dd>
                      </div>
                      <div>
                        <dt>{t("evaluation.reviewDate")}</dt>
                        <dd>
                          {trial.review_date
                            ? formatDate(locale, trial.review_date, { year: true })
                            : t("evaluation.none")}
                        </dd>
                      </div>
                    </dl>
                    {trial.evaluation.flags.length === 0 ? null : (
                      <ul className="evaluation-flags" aria-label={t("evaluation.flags")}>
                        {trial.evaluation.flags.map((flag) => (
                          <li key={flag.kind}>
                            {flag.kind === "belowTarget"
                              ? t("evaluation.flag.belowTarget", { run: flag.run })
                              : t("evaluation.flag.reviewPassed", {
                                  date: formatDate(locale, flag.reviewDate, { year: true }),
                                })}
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            )}
            <h3>{t("evaluation.decisions")}</h3>
            {group.decisions.length === 0 ? (
              <p>{t("evaluation.noDecisions")}</p>
            ) : (
              <ul className="decision-list">
                {group.decisions.map((decision) => (
                  <li key={decision.id}>
                    <strong>{t(`evaluation.decision.${decision.decision}`)}</strong>:{" "}
                    <Link to={`/staff/evaluations/${decision.activity_id}`}>{decision.title}</Link>,{" "}
                    {decision.decided_by_name
                      ? t("evaluation.decidedBy", {
                          date: date(decision.decided_at),
                          name: decision.decided_by_name,
                        })
                      : t("evaluation.decidedAt", { date: date(decision.decided_at) })}
                    <p>{decision.reason}</p>
                  </li>
                ))}
              </ul>
            )}
            {group.others.length > 0 ? (
              <>
                <h3>{t("evaluation.others")}</h3>
                <ul className="evaluation-others">
                  {group.others.map((activity) => (
                    <li key={activity.id}>
                      <Link to={`/staff/evaluations/${activity.id}`}>{activity.title}</Link>
                      {activity.status === "ended" ? (
                        <span className="muted"> ({t("evaluation.ended")})</span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("staff.evaluations")) }, { name: "robots", content: "noindex" }];
};
