import { describe, expect, it } from "vitest";
import {
  belowTargetRun,
  decisionSchema,
  evaluate,
  parseTrialSettings,
  showUp,
  slope,
  trend,
  type SessionTurnout,
} from "~/domain/evaluation";

/** Sessions a week apart from 1 September, one per headcount (null: not counted). */
function sessions(headcounts: (number | null)[], signups?: [number, number][]): SessionTurnout[] {
  return headcounts.map((headcount, index) => ({
    startsAt: new Date(Date.UTC(2026, 8, 1 + 7 * index, 14)).toISOString().slice(0, 19) + "Z",
    headcount,
    confirmedPeople: signups?.[index]?.[0] ?? 0,
    checkedInPeople: signups?.[index]?.[1] ?? 0,
  }));
}

describe("evaluating a trial", () => {
  it("averages the counted sessions and compares them with the target", () => {
    const result = evaluate(
      sessions([2, 4, null, 6]),
      { target: 10, reviewDate: null },
      "2026-10-01",
    );
    expect(result).toMatchObject({ counted: 3, uncounted: 1, visitors: 12, average: 4 });
    expect(result.ofTarget).toBeCloseTo(0.4);
  });

  it("has no average before anything is counted, and no share without a target", () => {
    const none = evaluate(sessions([null, null]), { target: 10, reviewDate: null }, "2026-10-01");
    expect(none).toMatchObject({ counted: 0, average: null, ofTarget: null, trend: null });
    const noTarget = evaluate(sessions([5]), { target: null, reviewDate: null }, "2026-10-01");
    expect(noTarget).toMatchObject({ average: 5, ofTarget: null, flags: [] });
  });

  it("flags three counted sessions in a row below target, uncounted ones in between aside", () => {
    const result = evaluate(
      sessions([12, 4, null, 5, 3]),
      { target: 10, reviewDate: null },
      "2026-10-01",
    );
    expect(result.belowTargetRun).toBe(3);
    expect(result.flags).toEqual([{ kind: "belowTarget", run: 3 }]);
  });

  it("does not flag two below target, nor a run broken by the latest session", () => {
    const target = { target: 10, reviewDate: null };
    expect(evaluate(sessions([12, 4, 5]), target, "2026-10-01").flags).toEqual([]);
    expect(evaluate(sessions([4, 5, 3, 10]), target, "2026-10-01").flags).toEqual([]);
  });

  it("counts exactly the target as reaching it", () => {
    expect(belowTargetRun([10, 10, 10], 10)).toBe(0);
    expect(belowTargetRun([9.9, 9, 9], 9.5)).toBe(2);
    expect(belowTargetRun([1, 2, 3], null)).toBe(0);
  });

  it("flags the review date from the day after it", () => {
    const settings = { target: null, reviewDate: "2026-10-01" };
    expect(evaluate([], settings, "2026-10-01").flags).toEqual([]);
    expect(evaluate([], settings, "2026-10-02").flags).toEqual([
      { kind: "reviewPassed", reviewDate: "2026-10-01" },
    ]);
  });

  it("orders sessions by time whatever order they come in", () => {
    const ordered = sessions([12, 2, 3, 4]);
    const shuffled = [ordered[2], ordered[0], ordered[3], ordered[1]];
    expect(evaluate(shuffled, { target: 10, reviewDate: null }, "2026-10-01").belowTargetRun).toBe(
      3,
    );
  });

  it("the demo's homework help: 2–5 visitors against 10, review passed", () => {
    const result = evaluate(
      sessions([4, 2, 3, 5, 3, 3, 2, 4, 3, 5]),
      { target: 10, reviewDate: "2026-10-26" },
      "2026-11-27",
    );
    expect(result.flags.map((flag) => flag.kind)).toEqual(["belowTarget", "reviewPassed"]);
    expect(result.average).toBeCloseTo(3.4);
  });
});

describe("the trend", () => {
  it("is the least-squares slope", () => {
    expect(slope([1, 2, 3, 4])).toBeCloseTo(1);
    expect(slope([4, 4, 4])).toBe(0);
    expect(slope([5])).toBeNull();
  });

  it("rises, falls or holds over the latest eight counted sessions", () => {
    expect(trend([10, 12, 14, 16])?.direction).toBe("up");
    expect(trend([16, 14, 12, 10])?.direction).toBe("down");
    expect(trend([10, 11, 10, 11, 10])?.direction).toBe("flat");
    // Old sessions fall out of the window: a fall long ago, flat lately.
    expect(trend([50, 40, 30, 20, 10, 10, 10, 10, 10, 10, 10, 10])).toMatchObject({
      direction: "flat",
      sessions: 8,
    });
  });

  it("calls less than one visitor of change noise, and needs three sessions", () => {
    expect(trend([3, 2, 3, 2, 2])?.direction).toBe("flat");
    expect(trend([3, 9])).toBeNull();
  });
});

describe("the show-up rate", () => {
  it("is people checked in over people confirmed, on sessions with sign-ups", () => {
    expect(
      showUp([
        { confirmedPeople: 10, checkedInPeople: 8 },
        { confirmedPeople: 0, checkedInPeople: 0 },
        { confirmedPeople: 10, checkedInPeople: 5 },
      ]),
    ).toEqual({ checkedIn: 13, confirmed: 20, sessions: 2, rate: 0.65 });
  });

  it("never counts more people in than were signed up, and is null without sign-ups", () => {
    expect(showUp([{ confirmedPeople: 2, checkedInPeople: 3 }]).rate).toBe(1);
    expect(showUp([{ confirmedPeople: 0, checkedInPeople: 0 }]).rate).toBeNull();
  });

  it("goes by counted sessions only", () => {
    const result = evaluate(
      sessions(
        [8, null],
        [
          [10, 8],
          [10, 0],
        ],
      ),
      { target: null, reviewDate: null },
      "2026-10-01",
    );
    expect(result.showUp).toEqual({ checkedIn: 8, confirmed: 10, sessions: 1, rate: 0.8 });
  });
});

describe("the trial settings form", () => {
  it("takes a target with a Swedish decimal comma and a review date", () => {
    expect(parseTrialSettings({ isTrial: true, target: "7,5", reviewDate: "2027-02-01" })).toEqual({
      ok: true,
      settings: { isTrial: true, target: 7.5, reviewDate: "2027-02-01" },
    });
  });

  it("needs both when the activity is on trial, neither otherwise", () => {
    expect(parseTrialSettings({ isTrial: true, target: "", reviewDate: "" })).toEqual({
      ok: false,
      errors: { target: "targetRequired", reviewDate: "reviewDateRequired" },
    });
    expect(parseTrialSettings({ isTrial: false, target: "", reviewDate: "" })).toEqual({
      ok: true,
      settings: { isTrial: false, target: null, reviewDate: null },
    });
  });

  it.each(["0", "-3", "10001", "abc", "1,25"])("refuses the target %s", (target) => {
    expect(parseTrialSettings({ isTrial: false, target, reviewDate: "" })).toEqual({
      ok: false,
      errors: { target: "target" },
    });
  });

  it.each(["2027-02-30", "1 februari", "0227-02-01"])("refuses the review date %s", (date) => {
    expect(parseTrialSettings({ isTrial: false, target: "", reviewDate: date })).toEqual({
      ok: false,
      errors: { reviewDate: "reviewDate" },
    });
  });
});

describe("a decision", () => {
  it("is continue, adjust or end, with a reason", () => {
    expect(decisionSchema.safeParse({ decision: "end", reason: " För få " }).data).toEqual({
      decision: "end",
      reason: "För få",
    });
    expect(decisionSchema.safeParse({ decision: "pause", reason: "x" }).success).toBe(false);
    expect(decisionSchema.safeParse({ decision: "end", reason: "  " }).success).toBe(false);
  });
});
