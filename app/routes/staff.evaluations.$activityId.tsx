import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import {
  DECISIONS,
  decisionSchema,
  isBelowTarget,
  parseTrialSettings,
  REASON_MAX,
  TARGET_MAX,
  type Decision,
  type Flag,
  type TrialField,
  type TrialProblem,
} from "~/domain/evaluation";
import { utcToZoned } from "~/domain/time";
import { formatDate } from "~/i18n/format";
import type { Locale, Translate } from "~/i18n/i18n";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import {
  findActivity,
  loadEvaluation,
  recordDecision,
  saveTrialSettings,
} from "~/models/evaluation.server";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { kickMailWorker } from "~/utils/mail-worker.server";

const paramsSchema = z.object({ activityId: z.coerce.number().int().positive() });
const intentSchema = z.object({ intent: z.enum(["settings", "decision"]) });

async function activityOr404(params: unknown) {
  const parsed = paramsSchema.safeParse(params);
  const activity = parsed.success ? await findActivity(getDb(), parsed.data.activityId) : undefined;
  if (!activity) throw new Response("Not found", { status: 404 });
  return activity;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const activity = await activityOr404(params);
  const { sessions, evaluation, decisions, reach } = await loadEvaluation(
    getDb(),
    activity,
    new Date(),
  );
  return { activity, sessions, evaluation, decisions, reach };
}

type SettingsFailure = {
  form: "settings";
  errors: Partial<Record<TrialField, TrialProblem>>;
  values: { isTrial: boolean; target: string; reviewDate: string };
};
type DecisionFailure = {
  form: "decision";
  errors: { decision?: boolean; reason?: boolean; ended?: boolean };
  values: { decision: string; reason: string };
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const activity = await activityOr404(params);
  const form = await request.formData();
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const intent = intentSchema.safeParse({ intent: form.get("intent") });
  if (!intent.success) throw new Response("Bad request", { status: 400 });
  const db = getDb();
  const now = new Date();
  const here = `/staff/evaluations/${activity.id}`;

  if (intent.data.intent === "settings") {
    const values = {
      isTrial: form.get("isTrial") === "on",
      target: text("target"),
      reviewDate: text("reviewDate"),
    };
    const parsed = parseTrialSettings(values);
    if (!parsed.ok) {
      return data<SettingsFailure>(
        { form: "settings", errors: parsed.errors, values },
        { status: 400 },
      );
    }
    await saveTrialSettings(db, activity.id, parsed.settings, user.id, now);
    throw redirect(`${here}?saved=settings`);
  }

  const values = { decision: text("decision"), reason: text("reason") };
  const parsed = decisionSchema.safeParse(values);
  if (!parsed.success) {
    const fields = new Set(parsed.error.issues.map((issue) => issue.path[0]));
    return data<DecisionFailure>(
      {
        form: "decision",
        errors: { decision: fields.has("decision"), reason: fields.has("reason") },
        values,
      },
      { status: 400 },
    );
  }
  const result = await recordDecision(db, activity.id, parsed.data, user.id, now);
  if (!result.ok) {
    if (result.reason === "missing") throw new Response("Not found", { status: 404 });
    return data<DecisionFailure>(
      { form: "decision", errors: { ended: true }, values },
      { status: 409 },
    );
  }
  // The cancellation mails were queued with the decision; deliver them now it has committed.
  if (result.mails > 0) kickMailWorker();
  const outcome =
    parsed.data.decision === "end"
      ? `decided=end&sessions=${result.cancelled}&mails=${result.mails}`
      : "decided=1";
  throw redirect(`${here}?${outcome}`);
}

function numberFormat(locale: Locale, digits = 1) {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
}

function localDateOf(instant: string) {
  return utcToZoned(new Date(instant)).date;
}

function flagText(t: Translate, locale: Locale, flag: Flag) {
  return flag.kind === "belowTarget"
    ? t("evaluation.flag.belowTarget", { run: flag.run })
    : t("evaluation.flag.reviewPassed", {
        date: formatDate(locale, flag.reviewDate, { year: true }),
      });
}

export default function StaffEvaluation() {
  const { activity, sessions, evaluation, decisions, reach } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { locale, t } = useI18n();
  const number = numberFormat(locale);
  const signed = new Intl.NumberFormat(locale, {
    maximumFractionDigits: 1,
    signDisplay: "exceptZero",
  });
  const target = activity.trial_target;
  const ended = activity.status === "ended" || activity.status === "cancelled";
  const settingsFailure = result?.form === "settings" ? result : undefined;
  const decisionFailure = result?.form === "decision" ? result : undefined;
  const decidedNotice =
    search.get("decided") === "end"
      ? t("evaluation.endedNow", {
          sessions: Number(search.get("sessions") ?? 0),
          mails: Number(search.get("mails") ?? 0),
        })
      : search.get("decided")
        ? t("evaluation.decisionSaved")
        : null;

  return (
    <div className="page evaluation">
      <h1>
        {t("evaluation.open", { title: activity.title })}
        <span className="subtitle">
          {activity.place_name ?? activity.area_name}
          {activity.is_trial ? ` · ${t("evaluation.onTrial")}` : null}
          {ended ? ` · ${t("evaluation.ended")}` : null}
        </span>
      </h1>
      <p>
        <Link to={`/activities/${activity.slug}`}>{t("evaluation.publicPage")}</Link>
      </p>
      {search.get("saved") && !result ? (
        <p className="notice" role="status">
          {t("evaluation.settingsSaved")}
        </p>
      ) : null}
      {decidedNotice && !result ? (
        <p className="notice" role="status">
          {decidedNotice}
        </p>
      ) : null}
      {ended ? (
        <p className="notice notice--ended">
          {activity.status_reason
            ? t("activity.endedReason", { reason: activity.status_reason })
            : t("activity.ended")}
        </p>
      ) : null}

      <section aria-labelledby="evaluation-flags">
        <h2 id="evaluation-flags">{t("evaluation.flags")}</h2>
        {evaluation.flags.length === 0 ? (
          <p>{t("evaluation.noFlags")}</p>
        ) : (
          <ul className="evaluation-flags">
            {evaluation.flags.map((flag) => (
              <li key={flag.kind}>{flagText(t, locale, flag)}</li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="evaluation-turnout">
        <h2 id="evaluation-turnout">{t("evaluation.turnout")}</h2>
        <dl className="facts-list evaluation-facts">
          <div>
            <dt>{t("evaluation.average")}</dt>
            <dd>
              {evaluation.average === null
                ? t("evaluation.noCounts")
                : target !== null && evaluation.ofTarget !== null
                  ? t("evaluation.averageOfTarget", {
                      average: number.format(evaluation.average),
                      percent: Math.round(evaluation.ofTarget * 100),
                      target: number.format(target),
                    })
                  : t("evaluation.averageNoTarget", {
                      average: number.format(evaluation.average),
                    })}{" "}
              {evaluation.counted > 0
                ? t("evaluation.counted", {
                    counted: evaluation.counted,
                    visitors: evaluation.visitors,
                  })
                : null}{" "}
              {evaluation.uncounted > 0
                ? t("evaluation.uncounted", { count: evaluation.uncounted })
                : null}
            </dd>
          </div>
          <div>
            <dt>{t("evaluation.trend")}</dt>
            <dd>
              {evaluation.trend ? (
                <>
                  {t(`evaluation.trend.${evaluation.trend.direction}`, {
                    slope: signed.format(evaluation.trend.slope),
                  })}{" "}
                  <span className="hint">
                    {t("evaluation.trendHint", { count: evaluation.trend.sessions })}
                  </span>
                </>
              ) : (
                t("evaluation.trend.unknown")
              )}
            </dd>
          </div>
          <div>
            <dt>{t("evaluation.showUp")}</dt>
            <dd>
              {evaluation.showUp.rate === null
                ? t("evaluation.showUpNone")
                : t("evaluation.showUpValue", {
                    percent: Math.round(evaluation.showUp.rate * 100),
                    checkedIn: evaluation.showUp.checkedIn,
                    confirmed: evaluation.showUp.confirmed,
                    sessions: evaluation.showUp.sessions,
                  })}
            </dd>
          </div>
        </dl>
        <TurnoutChart
          sessions={sessions.flatMap((session) =>
            session.headcount === null
              ? []
              : [
                  {
                    id: session.id,
                    date: localDateOf(session.startsAt),
                    visitors: session.headcount,
                  },
                ],
          )}
          target={target}
        />
        <p className="hint">{t("evaluation.definitions")}</p>
      </section>

      <section aria-labelledby="evaluation-sessions">
        <h2 id="evaluation-sessions">{t("evaluation.sessions")}</h2>
        <div className="table-scroll">
          <table className="evaluation-table">
            <thead>
              <tr>
                <th scope="col">{t("evaluation.table.session")}</th>
                <th scope="col">{t("evaluation.table.visitors")}</th>
                {activity.signup_mode === "none" ? null : (
                  <>
                    <th scope="col">{t("evaluation.table.signedUp")}</th>
                    <th scope="col">{t("evaluation.table.checkedIn")}</th>
                    <th scope="col">{t("evaluation.table.walkIns")}</th>
                  </>
                )}
                <th scope="col">{t("evaluation.table.attendance")}</th>
              </tr>
            </thead>
            <tbody>
              {[...sessions].reverse().map((session) => (
                <tr key={session.id}>
                  <th scope="row">
                    <time dateTime={session.startsAt}>
                      {formatDate(locale, localDateOf(session.startsAt))}
                    </time>
                  </th>
                  <td>
                    {session.headcount === null ? (
                      <span className="muted">{t("evaluation.notCounted")}</span>
                    ) : (
                      <>
                        {session.headcount}
                        {isBelowTarget(session.headcount, target) ? (
                          <span className="muted"> ({t("evaluation.belowTarget")})</span>
                        ) : null}
                      </>
                    )}
                  </td>
                  {activity.signup_mode === "none" ? null : (
                    <>
                      <td>{session.confirmedPeople}</td>
                      <td>{session.headcount === null ? "" : session.checkedInPeople}</td>
                      <td>{session.walkIns ?? ""}</td>
                    </>
                  )}
                  <td>
                    <Link to={`/staff/attendance/${session.id}`}>
                      {session.headcount === null ? t("evaluation.record") : t("evaluation.edit")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="evaluation-history">
        <h2 id="evaluation-history">{t("evaluation.history")}</h2>
        {decisions.length === 0 ? (
          <p>{t("evaluation.noDecisions")}</p>
        ) : (
          <ul className="decision-list">
            {decisions.map((decision) => {
              const date = formatDate(locale, localDateOf(decision.decided_at), { year: true });
              return (
                <li key={decision.id}>
                  <strong>{t(`evaluation.decision.${decision.decision}`)}</strong>,{" "}
                  {decision.decided_by_name
                    ? t("evaluation.decidedBy", { date, name: decision.decided_by_name })
                    : t("evaluation.decidedAt", { date })}
                  <p>{decision.reason}</p>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      {ended ? (
        <p>{t("evaluation.isEnded")}</p>
      ) : (
        <section aria-labelledby="evaluation-decide">
          <h2 id="evaluation-decide">{t("evaluation.decide")}</h2>
          {decisionFailure?.errors.ended ? (
            <div className="error-summary" role="alert">
              <p>{t("evaluation.error.alreadyEnded")}</p>
            </div>
          ) : null}
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="decision" />
            <fieldset
              className="choices"
              aria-describedby={decisionFailure?.errors.decision ? "decision-error" : undefined}
            >
              <legend>{t("evaluation.decision")}</legend>
              {DECISIONS.map((decision: Decision) => (
                <div className="field checkbox" key={decision}>
                  <input
                    type="radio"
                    id={`decision-${decision}`}
                    name="decision"
                    value={decision}
                    defaultChecked={decisionFailure?.values.decision === decision}
                    aria-describedby={`decision-${decision}-hint`}
                  />
                  <label htmlFor={`decision-${decision}`}>
                    {t(`evaluation.decision.${decision}`)}
                  </label>
                  <p className="hint" id={`decision-${decision}-hint`}>
                    {decision === "end"
                      ? t("evaluation.decisionHint.end", reach)
                      : t(`evaluation.decisionHint.${decision}`)}
                  </p>
                </div>
              ))}
              {decisionFailure?.errors.decision ? (
                <p className="field-error" id="decision-error">
                  {t("evaluation.error.decision")}
                </p>
              ) : null}
            </fieldset>
            <div className="field">
              <label htmlFor="decision-reason">{t("evaluation.reason")}</label>
              <textarea
                id="decision-reason"
                name="reason"
                rows={4}
                maxLength={REASON_MAX}
                required
                defaultValue={decisionFailure?.values.reason}
                aria-invalid={decisionFailure?.errors.reason ? true : undefined}
                aria-describedby={
                  decisionFailure?.errors.reason
                    ? "decision-reason-hint decision-reason-error"
                    : "decision-reason-hint"
                }
              />
              <p className="hint" id="decision-reason-hint">
                {t("evaluation.reasonHint")}
              </p>
              {decisionFailure?.errors.reason ? (
                <p className="field-error" id="decision-reason-error">
                  {t("evaluation.error.reason", { max: REASON_MAX })}
                </p>
              ) : null}
            </div>
            <div>
              <button type="submit" className="button">
                {t("evaluation.saveDecision")}
              </button>
            </div>
          </Form>
        </section>
      )}

      <section aria-labelledby="evaluation-settings">
        <h2 id="evaluation-settings">{t("evaluation.settings")}</h2>
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="settings" />
          <div className="field checkbox">
            <input
              type="checkbox"
              id="trial-is-trial"
              name="isTrial"
              defaultChecked={
                settingsFailure ? settingsFailure.values.isTrial : !!activity.is_trial
              }
            />
            <label htmlFor="trial-is-trial">{t("evaluation.isTrial")}</label>
          </div>
          <div className="field">
            <label htmlFor="trial-target">{t("evaluation.targetLabel")}</label>
            <input
              id="trial-target"
              name="target"
              inputMode="decimal"
              max={TARGET_MAX}
              defaultValue={
                settingsFailure
                  ? settingsFailure.values.target
                  : target === null
                    ? ""
                    : number.format(target)
              }
              aria-invalid={settingsFailure?.errors.target ? true : undefined}
              aria-describedby={settingsFailure?.errors.target ? "trial-target-error" : undefined}
            />
            {settingsFailure?.errors.target ? (
              <p className="field-error" id="trial-target-error">
                {t(
                  settingsFailure.errors.target === "targetRequired"
                    ? "evaluation.error.targetRequired"
                    : "evaluation.error.target",
                )}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="trial-review">{t("evaluation.reviewLabel")}</label>
            <input
              id="trial-review"
              name="reviewDate"
              type="date"
              defaultValue={
                settingsFailure ? settingsFailure.values.reviewDate : (activity.review_date ?? "")
              }
              aria-invalid={settingsFailure?.errors.reviewDate ? true : undefined}
              aria-describedby={
                settingsFailure?.errors.reviewDate
                  ? "trial-review-hint trial-review-error"
                  : "trial-review-hint"
              }
            />
            <p className="hint" id="trial-review-hint">
              {t("evaluation.reviewHint")}
            </p>
            {settingsFailure?.errors.reviewDate ? (
              <p className="field-error" id="trial-review-error">
                {t(
                  settingsFailure.errors.reviewDate === "reviewDateRequired"
                    ? "evaluation.error.reviewDateRequired"
                    : "evaluation.error.reviewDate",
                )}
              </p>
            ) : null}
          </div>
          <div>
            <button type="submit" className="button button--quiet">
              {t("evaluation.saveSettings")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}

// Drawn for a phone's width; it scales up on a wider screen.
const CHART = { width: 360, height: 200, top: 18, right: 8, bottom: 24, left: 28 };

/**
 * Visitors per counted session as bars, the target as a dashed line. The SVG is one image
 * described by its caption; the table below carries every figure for screen readers and print.
 */
function TurnoutChart({
  sessions,
  target,
}: {
  sessions: { id: number; date: string; visitors: number }[];
  target: number | null;
}) {
  const { locale, t } = useI18n();
  if (sessions.length === 0) return null;
  const number = numberFormat(locale);
  const top = Math.max(1, target ?? 0, ...sessions.map((session) => session.visitors)) * 1.1;
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const slot = plotWidth / sessions.length;
  const barWidth = Math.max(2, slot * 0.7);
  const y = (value: number) => CHART.top + plotHeight - (value / top) * plotHeight;
  const first = formatDate(locale, sessions[0].date, { year: true });
  const last = formatDate(locale, sessions[sessions.length - 1].date, { year: true });
  const description =
    target === null
      ? t("evaluation.chartDescNoTarget", { count: sessions.length, first, last })
      : t("evaluation.chartDesc", {
          count: sessions.length,
          first,
          last,
          target: number.format(target),
        });
  return (
    <div className="turnout-chart">
      <svg
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        role="img"
        aria-labelledby="turnout-chart-title"
        aria-describedby="turnout-chart-desc"
        preserveAspectRatio="xMidYMid meet"
      >
        <title id="turnout-chart-title">{t("evaluation.chart")}</title>
        <line
          x1={CHART.left}
          x2={CHART.width - CHART.right}
          y1={y(0)}
          y2={y(0)}
          stroke="currentColor"
        />
        <text x={CHART.left - 6} y={y(0)} textAnchor="end" dominantBaseline="middle" fontSize="11">
          0
        </text>
        {sessions.map((session, index) => {
          const below = isBelowTarget(session.visitors, target);
          return (
            <rect
              key={session.id}
              x={CHART.left + index * slot + (slot - barWidth) / 2}
              y={y(session.visitors)}
              width={barWidth}
              height={Math.max(0, y(0) - y(session.visitors))}
              fill={below ? "#b3261e" : "#0b5d4b"}
            />
          );
        })}
        {target === null ? null : (
          <g>
            <line
              x1={CHART.left}
              x2={CHART.width - CHART.right}
              y1={y(target)}
              y2={y(target)}
              stroke="#1b1f23"
              strokeWidth="2"
              strokeDasharray="6 4"
            />
            <text
              x={CHART.left - 6}
              y={y(target)}
              textAnchor="end"
              dominantBaseline="middle"
              fontSize="11"
            >
              {number.format(target)}
            </text>
            <text x={CHART.width - CHART.right} y={y(target) - 6} textAnchor="end" fontSize="11">
              {t("evaluation.chartTarget", { target: number.format(target) })}
            </text>
          </g>
        )}
        <text x={CHART.left} y={CHART.height - 8} fontSize="11">
          {formatDate(locale, sessions[0].date)}
        </text>
        <text x={CHART.width - CHART.right} y={CHART.height - 8} textAnchor="end" fontSize="11">
          {formatDate(locale, sessions[sessions.length - 1].date)}
        </text>
      </svg>
      <p className="hint" id="turnout-chart-desc">
        {description}
      </p>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) => {
  const { t } = metaTranslator(matches);
  const title = loaded
    ? t("evaluation.open", { title: loaded.activity.title })
    : t("staff.evaluations");
  return [{ title: pageTitle(title) }, { name: "robots", content: "noindex" }];
};
