/**
 * Try, evaluate, decide: how a trial activity's turnout compares with its target. Framework-free.
 *
 * Definitions (the evaluation page repeats them):
 * - A session counts when its attendance was recorded; its visitors are the headcount.
 * - Average = visitors of the counted sessions / number of counted sessions.
 * - Below target: a counted session with fewer visitors than the target. The flag is raised when
 *   the latest three counted sessions (or more) were all below it.
 * - Review date passed: the day after the review date and later.
 * - Trend: the least-squares slope of visitors over the latest eight counted sessions; it is
 *   "up" or "down" when the fitted line moves across them by more than a tenth of their average
 *   and by more than one visitor.
 * - Show-up rate: people checked in / people with a confirmed sign-up, over the counted sessions
 *   that had confirmed sign-ups. A checked-in party never counts for more than were signed up.
 */
import { z } from "zod";
import { isValidLocalDate, type LocalDate } from "./time";

export const BELOW_TARGET_RUN = 3;
export const TREND_WINDOW = 8;
const TREND_THRESHOLD = 0.1;
export const TARGET_MAX = 10_000;
export const REASON_MAX = 1_000;

export const DECISIONS = ["continue", "adjust", "end"] as const;
export type Decision = (typeof DECISIONS)[number];

export type SessionTurnout = {
  startsAt: string;
  /** Null while nobody has recorded the session's attendance. */
  headcount: number | null;
  confirmedPeople: number;
  checkedInPeople: number;
};

export type TrialTarget = { target: number | null; reviewDate: LocalDate | null };

export type Trend = { direction: "up" | "down" | "flat"; slope: number; sessions: number };

export type Flag =
  { kind: "belowTarget"; run: number } | { kind: "reviewPassed"; reviewDate: LocalDate };

export type ShowUp = {
  checkedIn: number;
  confirmed: number;
  sessions: number;
  rate: number | null;
};

export type Evaluation = {
  counted: number;
  /** Sessions that are over but were never counted. */
  uncounted: number;
  visitors: number;
  average: number | null;
  /** Average as a share of the target: 0.35 is 35 %. */
  ofTarget: number | null;
  trend: Trend | null;
  belowTargetRun: number;
  showUp: ShowUp;
  flags: Flag[];
};

export function evaluate(
  sessions: SessionTurnout[],
  { target, reviewDate }: TrialTarget,
  today: LocalDate,
): Evaluation {
  const ordered = [...sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const counted = ordered.filter(
    (session): session is SessionTurnout & { headcount: number } => session.headcount !== null,
  );
  const visitors = counted.reduce((sum, session) => sum + session.headcount, 0);
  const average = counted.length > 0 ? visitors / counted.length : null;
  const run = belowTargetRun(
    counted.map((session) => session.headcount),
    target,
  );
  const flags: Flag[] = [];
  if (run >= BELOW_TARGET_RUN) flags.push({ kind: "belowTarget", run });
  if (reviewDate !== null && reviewDate < today) flags.push({ kind: "reviewPassed", reviewDate });
  return {
    counted: counted.length,
    uncounted: ordered.length - counted.length,
    visitors,
    average,
    ofTarget: average !== null && target !== null && target > 0 ? average / target : null,
    trend: trend(counted.map((session) => session.headcount)),
    belowTargetRun: run,
    showUp: showUp(counted),
    flags,
  };
}

/** How many of the latest counted sessions, in a row, had fewer visitors than the target. */
export function belowTargetRun(headcounts: number[], target: number | null): number {
  if (target === null) return 0;
  let run = 0;
  for (let index = headcounts.length - 1; index >= 0 && headcounts[index] < target; index -= 1) {
    run += 1;
  }
  return run;
}

export function isBelowTarget(headcount: number | null, target: number | null): boolean {
  return headcount !== null && target !== null && headcount < target;
}

/** Least-squares slope of the values against their position; null for fewer than two. */
export function slope(values: number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((sum, value) => sum + value, 0) / n;
  let covariance = 0;
  let variance = 0;
  values.forEach((value, x) => {
    covariance += (x - meanX) * (value - meanY);
    variance += (x - meanX) ** 2;
  });
  return covariance / variance;
}

/** The direction of the latest `TREND_WINDOW` counted sessions; null for fewer than three. */
export function trend(headcounts: number[]): Trend | null {
  const window = headcounts.slice(-TREND_WINDOW);
  if (window.length < 3) return null;
  const perSession = slope(window) ?? 0;
  const mean = window.reduce((sum, value) => sum + value, 0) / window.length;
  const change = perSession * (window.length - 1);
  // A change of less than one visitor is noise, however small the activity.
  const threshold = Math.max(TREND_THRESHOLD * mean, 1);
  const direction = change > threshold ? "up" : change < -threshold ? "down" : "flat";
  return { direction, slope: perSession, sessions: window.length };
}

export function showUp(
  sessions: Pick<SessionTurnout, "confirmedPeople" | "checkedInPeople">[],
): ShowUp {
  const withSignups = sessions.filter((session) => session.confirmedPeople > 0);
  const confirmed = withSignups.reduce((sum, session) => sum + session.confirmedPeople, 0);
  const checkedIn = withSignups.reduce(
    (sum, session) => sum + Math.min(session.checkedInPeople, session.confirmedPeople),
    0,
  );
  return {
    checkedIn,
    confirmed,
    sessions: withSignups.length,
    rate: confirmed > 0 ? checkedIn / confirmed : null,
  };
}

// Forms: the trial's settings and a decision. Problems are codes; the page words them.

export type TrialSettings = {
  isTrial: boolean;
  target: number | null;
  reviewDate: LocalDate | null;
};
export type TrialField = "target" | "reviewDate";
export type TrialProblem = "target" | "targetRequired" | "reviewDate" | "reviewDateRequired";
export type TrialValues = { isTrial: boolean; target: string; reviewDate: string };

// "7,5" is how a Swedish phone types seven and a half.
const targetText = z
  .string()
  .trim()
  .regex(/^\d{1,5}([.,]\d)?$/)
  .transform((text) => Number(text.replace(",", ".")))
  .pipe(z.number().positive().max(TARGET_MAX));

export function parseTrialSettings(
  values: TrialValues,
):
  | { ok: true; settings: TrialSettings }
  | { ok: false; errors: Partial<Record<TrialField, TrialProblem>> } {
  const errors: Partial<Record<TrialField, TrialProblem>> = {};
  const targetInput = values.target.trim();
  const reviewInput = values.reviewDate.trim();
  let target: number | null = null;
  if (targetInput !== "") {
    const parsed = targetText.safeParse(targetInput);
    if (parsed.success) target = parsed.data;
    else errors.target = "target";
  } else if (values.isTrial) errors.target = "targetRequired";
  let reviewDate: LocalDate | null = null;
  if (reviewInput !== "") {
    // Years far off are typing slips ("0227"), and they would sort wrongly as text.
    const year = Number(reviewInput.slice(0, 4));
    if (isValidLocalDate(reviewInput) && year >= 2000 && year <= 2099) reviewDate = reviewInput;
    else errors.reviewDate = "reviewDate";
  } else if (values.isTrial) errors.reviewDate = "reviewDateRequired";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, settings: { isTrial: values.isTrial, target, reviewDate } };
}

export const decisionSchema = z.object({
  decision: z.enum(DECISIONS),
  reason: z.string().trim().min(1).max(REASON_MAX),
});
export type DecisionInput = z.infer<typeof decisionSchema>;
