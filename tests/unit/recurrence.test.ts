import { describe, expect, it } from "vitest";
import {
  InvalidScheduleError,
  MAX_SESSIONS,
  MAX_SPAN_DAYS,
  clipEndDate,
  generateSessions,
  nthWeekdayOfMonth,
  planRegeneration,
  validateSchedule,
  type ExistingSession,
  type GeneratedSession,
  type RegenerationPlan,
  type MonthlySchedule,
  type WeeklySchedule,
} from "~/domain/recurrence";
import { daysBetween, isoWeekOf, isoWeekday, utcToZoned } from "~/domain/time";

const iso = (d: Date) => d.toISOString();
const dates = (sessions: GeneratedSession[]) => sessions.map((s) => s.scheduledDate);

function on(sessions: GeneratedSession[], date: string): GeneratedSession {
  const found = sessions.find((s) => s.scheduledDate === date);
  if (!found) throw new Error(`no session on ${date}`);
  return found;
}

function weekly(overrides: Partial<WeeklySchedule> = {}): WeeklySchedule {
  return {
    kind: "weekly",
    intervalWeeks: 1,
    weekdays: [2],
    startDate: "2026-03-01",
    endDate: "2026-04-30",
    startTime: "14:00",
    endTime: "16:00",
    ...overrides,
  };
}

function monthly(overrides: Partial<MonthlySchedule> = {}): MonthlySchedule {
  return {
    kind: "monthly",
    nth: 2,
    weekday: 2,
    startDate: "2026-01-01",
    endDate: "2026-06-30",
    startTime: "18:00",
    endTime: "20:00",
    ...overrides,
  };
}

describe("generateSessions across daylight-saving changes", () => {
  it("keeps a Tuesday/Sunday 14:00 activity at 14:00 local through the week of 29 March", () => {
    const sessions = generateSessions(weekly({ weekdays: [2, 7] }));
    // 13:00Z is 14:00 CET (winter); 12:00Z is 14:00 CEST (summer).
    expect(iso(on(sessions, "2026-03-22").startsAt)).toBe("2026-03-22T13:00:00.000Z");
    expect(iso(on(sessions, "2026-03-24").startsAt)).toBe("2026-03-24T13:00:00.000Z");
    expect(iso(on(sessions, "2026-03-29").startsAt)).toBe("2026-03-29T12:00:00.000Z");
    expect(iso(on(sessions, "2026-03-31").startsAt)).toBe("2026-03-31T12:00:00.000Z");
    expect(iso(on(sessions, "2026-03-29").endsAt)).toBe("2026-03-29T14:00:00.000Z");
    for (const session of sessions) {
      expect(utcToZoned(session.startsAt).time).toBe("14:00");
      expect(utcToZoned(session.endsAt).time).toBe("16:00");
      expect(utcToZoned(session.startsAt).date).toBe(session.scheduledDate);
    }
  });

  it("keeps a Tuesday/Sunday 14:00 activity at 14:00 local through the week of 25 October", () => {
    const sessions = generateSessions(
      weekly({
        weekdays: [2, 7],
        startDate: "2026-10-01",
        endDate: "2026-11-30",
      }),
    );
    expect(iso(on(sessions, "2026-10-18").startsAt)).toBe("2026-10-18T12:00:00.000Z");
    expect(iso(on(sessions, "2026-10-20").startsAt)).toBe("2026-10-20T12:00:00.000Z");
    expect(iso(on(sessions, "2026-10-25").startsAt)).toBe("2026-10-25T13:00:00.000Z");
    expect(iso(on(sessions, "2026-10-27").startsAt)).toBe("2026-10-27T13:00:00.000Z");
    for (const session of sessions) {
      expect(utcToZoned(session.startsAt).time).toBe("14:00");
      expect(session.endsAt.getTime() - session.startsAt.getTime()).toBe(2 * 3_600_000);
    }
  });

  it("converts in the zone it is given", () => {
    const [session] = generateSessions(
      {
        kind: "once",
        date: "2026-03-10",
        startTime: "14:00",
        endTime: "15:00",
      },
      "America/New_York",
    );
    expect(iso(session.startsAt)).toBe("2026-03-10T18:00:00.000Z");
  });

  it("never lets a session end before it starts when it begins in the spring-forward gap", () => {
    const [session] = generateSessions({
      kind: "once",
      date: "2026-03-29",
      startTime: "02:30",
      endTime: "03:00",
    });
    expect(iso(session.startsAt)).toBe("2026-03-29T01:30:00.000Z");
    expect(iso(session.endsAt)).toBe("2026-03-29T02:00:00.000Z");
  });
});

describe("generateSessions for each kind of schedule", () => {
  it("produces exactly one session for a one-off activity", () => {
    const sessions = generateSessions({
      kind: "once",
      date: "2026-05-05",
      startTime: "10:00",
      endTime: "11:30",
    });
    expect(sessions).toEqual([
      {
        scheduledDate: "2026-05-05",
        startsAt: new Date("2026-05-05T08:00:00Z"),
        endsAt: new Date("2026-05-05T09:30:00Z"),
      },
    ]);
  });

  it("only uses dates within [startDate, endDate], both inclusive", () => {
    const sessions = generateSessions(
      weekly({
        weekdays: [1, 3],
        startDate: "2026-03-04",
        endDate: "2026-03-16",
      }),
    );
    expect(dates(sessions)).toEqual(["2026-03-04", "2026-03-09", "2026-03-11", "2026-03-16"]);
  });

  it("repeats every other week counted from the ISO week containing startDate", () => {
    // 2026-01-07 is the Wednesday of W02; its Monday (01-05) is before startDate.
    const sessions = generateSessions(
      weekly({
        intervalWeeks: 2,
        weekdays: [3, 1],
        startDate: "2026-01-07",
        endDate: "2026-02-28",
      }),
    );
    expect(dates(sessions)).toEqual([
      "2026-01-07",
      "2026-01-19",
      "2026-01-21",
      "2026-02-02",
      "2026-02-04",
      "2026-02-16",
      "2026-02-18",
    ]);
    const weeks = new Set(sessions.map((s) => isoWeekOf(s.scheduledDate).week));
    expect([...weeks]).toEqual([2, 4, 6, 8]);
  });

  it("keeps the two-week rhythm across a 53-week year end", () => {
    const sessions = generateSessions(
      weekly({
        intervalWeeks: 2,
        weekdays: [1],
        startDate: "2026-12-14",
        endDate: "2027-01-31",
      }),
    );
    expect(dates(sessions)).toEqual(["2026-12-14", "2026-12-28", "2027-01-11", "2027-01-25"]);
  });

  it("ignores a weekday listed twice", () => {
    const sessions = generateSessions(
      weekly({
        weekdays: [2, 2],
        startDate: "2026-03-01",
        endDate: "2026-03-15",
      }),
    );
    expect(dates(sessions)).toEqual(["2026-03-03", "2026-03-10"]);
  });

  it("finds the 2nd Tuesday of each month", () => {
    const sessions = generateSessions(monthly({ nth: 2, weekday: 2 }));
    expect(dates(sessions)).toEqual([
      "2026-01-13",
      "2026-02-10",
      "2026-03-10",
      "2026-04-14",
      "2026-05-12",
      "2026-06-09",
    ]);
    expect(utcToZoned(sessions[3].startsAt).time).toBe("18:00");
  });

  it("finds the last Friday of each month", () => {
    const sessions = generateSessions(monthly({ nth: -1, weekday: 5 }));
    expect(dates(sessions)).toEqual([
      "2026-01-30",
      "2026-02-27",
      "2026-03-27",
      "2026-04-24",
      "2026-05-29",
      "2026-06-26",
    ]);
    expect(sessions.every((s) => isoWeekday(s.scheduledDate) === 5)).toBe(true);
  });

  it("skips a monthly date that falls before startDate or after endDate", () => {
    const sessions = generateSessions(
      monthly({
        nth: 2,
        weekday: 2,
        startDate: "2026-01-14",
        endDate: "2026-04-13",
      }),
    );
    expect(dates(sessions)).toEqual(["2026-02-10", "2026-03-10"]);
  });

  it("always finds a 4th weekday and the last weekday, but a 5th only when the month has one", () => {
    expect(nthWeekdayOfMonth(2026, 2, 6, 4)).toBe(28);
    expect(nthWeekdayOfMonth(2026, 2, 7, -1)).toBe(22);
    expect(nthWeekdayOfMonth(2026, 2, 2, 5)).toBeNull();
    expect(nthWeekdayOfMonth(2026, 3, 2, 5)).toBe(31);
  });
});

describe("generateSessions limits", () => {
  it("stops at MAX_SESSIONS for a daily-ish schedule over five years, keeping the first ones", () => {
    const sessions = generateSessions(
      weekly({
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        startDate: "2026-01-01",
        endDate: "2030-12-31",
      }),
    );
    expect(sessions).toHaveLength(MAX_SESSIONS);
    expect(MAX_SESSIONS).toBe(200);
    expect(sessions[0].scheduledDate).toBe("2026-01-01");
    expect(sessions[199].scheduledDate).toBe("2026-07-19");
  });

  it("stops a weekly schedule over three years before its two-year anniversary", () => {
    const sessions = generateSessions(
      weekly({ weekdays: [1], startDate: "2026-01-05", endDate: "2029-01-01" }),
    );
    expect(sessions).toHaveLength(105);
    expect(dates(sessions).at(-1)).toBe("2028-01-03");
    expect(sessions.every((s) => s.scheduledDate < "2028-01-05")).toBe(true);
  });

  it("stops a monthly schedule after two years", () => {
    const sessions = generateSessions(
      monthly({
        nth: 1,
        weekday: 1,
        startDate: "2026-01-01",
        endDate: "2031-12-31",
      }),
    );
    expect(sessions).toHaveLength(24);
    expect(dates(sessions).at(-1)).toBe("2027-12-06");
  });

  it("clips the end date to the day before the two-year anniversary, at most MAX_SPAN_DAYS", () => {
    expect(clipEndDate("2026-01-05", "2029-01-01")).toBe("2028-01-04");
    expect(clipEndDate("2026-01-05", "2026-06-01")).toBe("2026-06-01");
    expect(clipEndDate("2028-02-29", "2035-01-01")).toBe("2030-02-28");
    // A span containing 29 February is the longest possible.
    const longest = clipEndDate("2026-03-01", "2035-01-01");
    expect(longest).toBe("2028-02-29");
    expect(daysBetween("2026-03-01", longest) + 1).toBe(MAX_SPAN_DAYS);
  });

  it("returns sessions sorted by start", () => {
    const sessions = generateSessions(weekly({ weekdays: [7, 3, 1] }));
    const starts = sessions.map((s) => s.startsAt.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });
});

describe("validateSchedule", () => {
  it("returns an empty object for valid schedules", () => {
    expect(validateSchedule(weekly())).toEqual({});
    expect(validateSchedule(monthly({ nth: -1 }))).toEqual({});
    expect(
      validateSchedule({
        kind: "once",
        date: "2026-05-05",
        startTime: "10:00",
        endTime: "11:00",
      }),
    ).toEqual({});
  });

  it("requires the end time to be after the start time on the same day", () => {
    expect(validateSchedule(weekly({ startTime: "14:00", endTime: "14:00" }))).toEqual({
      endTime: "schedule.endTimeBeforeStartTime",
    });
    expect(validateSchedule(weekly({ startTime: "22:00", endTime: "01:00" }))).toEqual({
      endTime: "schedule.endTimeBeforeStartTime",
    });
  });

  it("reports invalid times and dates per field", () => {
    expect(
      validateSchedule({
        kind: "once",
        date: "2026-02-30",
        startTime: "9:00",
        endTime: "25:00",
      }),
    ).toEqual({
      date: "schedule.invalidDate",
      startTime: "schedule.invalidTime",
      endTime: "schedule.invalidTime",
    });
    expect(validateSchedule(weekly({ startDate: "yesterday" }))).toEqual({
      startDate: "schedule.invalidDate",
    });
  });

  it("reports an end date before the start date", () => {
    expect(validateSchedule(weekly({ startDate: "2026-05-01", endDate: "2026-04-30" }))).toEqual({
      endDate: "schedule.endBeforeStart",
    });
    expect(validateSchedule(weekly({ startDate: "2026-05-01", endDate: "2026-05-01" }))).toEqual(
      {},
    );
  });

  it("requires at least one weekday, each within 1..7", () => {
    expect(validateSchedule(weekly({ weekdays: [] }))).toEqual({
      weekdays: "schedule.noWeekdays",
    });
    expect(validateSchedule(weekly({ weekdays: [1, 8] }))).toEqual({
      weekdays: "schedule.invalidWeekday",
    });
    expect(validateSchedule(weekly({ weekdays: [0] }))).toEqual({
      weekdays: "schedule.invalidWeekday",
    });
    expect(validateSchedule(monthly({ weekday: 8 }))).toEqual({
      weekday: "schedule.invalidWeekday",
    });
  });

  it("requires intervalWeeks to be a whole number in 1..52", () => {
    expect(validateSchedule(weekly({ intervalWeeks: 0 }))).toEqual({
      intervalWeeks: "schedule.intervalOutOfRange",
    });
    expect(validateSchedule(weekly({ intervalWeeks: 53 }))).toEqual({
      intervalWeeks: "schedule.intervalOutOfRange",
    });
    expect(validateSchedule(weekly({ intervalWeeks: 1.5 }))).toEqual({
      intervalWeeks: "schedule.intervalOutOfRange",
    });
    expect(validateSchedule(weekly({ intervalWeeks: 52 }))).toEqual({});
  });

  it("makes generateSessions refuse an invalid schedule instead of guessing", () => {
    const bad = weekly({ weekdays: [] });
    expect(() => generateSessions(bad)).toThrow(InvalidScheduleError);
    try {
      generateSessions(bad);
    } catch (error) {
      expect(error instanceof InvalidScheduleError && error.errors).toEqual({
        weekdays: "schedule.noWeekdays",
      });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Regeneration

/** Stores generated sessions the way the caller would, with ids from `firstId`. */
function store(generated: GeneratedSession[], firstId = 1): ExistingSession[] {
  return generated.map((s, i) => ({
    id: firstId + i,
    scheduledDate: s.scheduledDate,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    status: "scheduled",
    moved: false,
    hasSignups: false,
  }));
}

/** Applies a plan the way the database layer would. */
function apply(existing: ExistingSession[], plan: RegenerationPlan): ExistingSession[] {
  const removed = new Set(plan.remove);
  const cancelled = new Set(plan.cancel);
  const updates = new Map(plan.update.map((u) => [u.id, u]));
  const nextId = Math.max(0, ...existing.map((s) => s.id)) + 1;
  return [
    ...existing
      .filter((s) => !removed.has(s.id))
      .map((s): ExistingSession => {
        const update = updates.get(s.id);
        return {
          ...s,
          ...(update ? { startsAt: update.startsAt, endsAt: update.endsAt } : {}),
          status: cancelled.has(s.id) ? "cancelled" : s.status,
        };
      }),
    ...store(plan.create, nextId),
  ];
}

function expectEveryIdExactlyOnce(existing: ExistingSession[], plan: RegenerationPlan) {
  const ids = [...plan.update.map((u) => u.id), ...plan.remove, ...plan.cancel, ...plan.keep];
  expect([...ids].sort((a, b) => a - b)).toEqual(existing.map((s) => s.id).sort((a, b) => a - b));
}

function byDate(existing: ExistingSession[], date: string): ExistingSession {
  const found = existing.find((s) => s.scheduledDate === date);
  if (!found) throw new Error(`no session on ${date}`);
  return found;
}

// Tuesdays 3 March – 28 April 2026, 14:00–16:00; "now" is Friday 20 March.
const original = weekly({
  weekdays: [2],
  startDate: "2026-03-01",
  endDate: "2026-04-30",
});
const now = new Date("2026-03-20T09:00:00Z");

describe("planRegeneration", () => {
  it("creates every session of a new schedule and nothing else", () => {
    const generated = generateSessions(original);
    const plan = planRegeneration([], generated, new Date("2026-01-01T00:00:00Z"));
    expect(plan.create).toEqual(generated);
    expect(plan).toMatchObject({
      update: [],
      remove: [],
      cancel: [],
      keep: [],
    });
  });

  it("keeps a cancellation and a hand-moved time when the schedule's time changes", () => {
    const existing = store(generateSessions(original));
    const cancelledOne = byDate(existing, "2026-03-24");
    cancelledOne.status = "cancelled";
    const movedOne = byDate(existing, "2026-03-31");
    movedOne.moved = true;
    movedOne.startsAt = new Date("2026-03-31T13:00:00Z");
    movedOne.endsAt = new Date("2026-03-31T15:00:00Z");

    const edited = { ...original, startTime: "17:00", endTime: "19:00" };
    const plan = planRegeneration(existing, generateSessions(edited), now);

    expect(plan.create).toEqual([]);
    expect(plan.remove).toEqual([]);
    expect(plan.cancel).toEqual([]);
    expect(plan.keep).toContain(movedOne.id);
    // The cancelled session follows the new time but is not resurrected: no status in update.
    expect(plan.update).toContainEqual({
      id: cancelledOne.id,
      startsAt: new Date("2026-03-24T16:00:00Z"),
      endsAt: new Date("2026-03-24T18:00:00Z"),
    });
    expect(plan.update.map((u) => u.id)).not.toContain(movedOne.id);
    expect(plan.update.find((u) => byDate(existing, "2026-04-07").id === u.id)).toEqual({
      id: byDate(existing, "2026-04-07").id,
      startsAt: new Date("2026-04-07T15:00:00Z"),
      endsAt: new Date("2026-04-07T17:00:00Z"),
    });
    expectEveryIdExactlyOnce(existing, plan);

    const after = apply(existing, plan);
    expect(byDate(after, "2026-03-24").status).toBe("cancelled");
    expect(iso(byDate(after, "2026-03-31").startsAt)).toBe("2026-03-31T13:00:00.000Z");
  });

  it("never touches sessions that started before `from`", () => {
    const existing = store(generateSessions(original));
    const pastIds = existing.filter((s) => s.startsAt < now).map((s) => s.id);
    expect(pastIds).toHaveLength(3); // 3, 10 and 17 March

    // Move the activity to Wednesdays at another time: past Tuesdays stay, past Wednesdays
    // are not back-filled.
    const edited = {
      ...original,
      weekdays: [3],
      startTime: "10:00",
      endTime: "11:00",
    };
    const plan = planRegeneration(existing, generateSessions(edited), now);

    for (const id of pastIds) {
      expect(plan.keep).toContain(id);
      expect(plan.remove).not.toContain(id);
      expect(plan.cancel).not.toContain(id);
      expect(plan.update.map((u) => u.id)).not.toContain(id);
    }
    expect(dates(plan.create)[0]).toBe("2026-03-25");
    expect(plan.create.every((s) => s.startsAt >= now)).toBe(true);
    expectEveryIdExactlyOnce(existing, plan);
  });

  it("does not create a session that is already under way at `from`", () => {
    const generated = generateSessions(original);
    const plan = planRegeneration([], generated, new Date("2026-03-24T13:30:00Z"));
    expect(dates(plan.create)[0]).toBe("2026-03-31");
  });

  it("removes dropped future dates without sign-ups and cancels those with sign-ups", () => {
    const existing = store(generateSessions(original));
    byDate(existing, "2026-04-28").hasSignups = true;

    const shortened = { ...original, endDate: "2026-04-14" };
    const plan = planRegeneration(existing, generateSessions(shortened), now);

    expect(plan.remove).toEqual([byDate(existing, "2026-04-21").id]);
    expect(plan.cancel).toEqual([byDate(existing, "2026-04-28").id]);
    expect(plan.create).toEqual([]);
    expect(plan.update).toEqual([]);
    expectEveryIdExactlyOnce(existing, plan);
  });

  it("removes an already-cancelled dropped date without sign-ups and keeps one with sign-ups", () => {
    const existing = store(generateSessions(original));
    Object.assign(byDate(existing, "2026-04-21"), { status: "cancelled" });
    Object.assign(byDate(existing, "2026-04-28"), {
      status: "cancelled",
      hasSignups: true,
    });

    const shortened = { ...original, endDate: "2026-04-14" };
    const plan = planRegeneration(existing, generateSessions(shortened), now);

    expect(plan.remove).toEqual([byDate(existing, "2026-04-21").id]);
    expect(plan.cancel).toEqual([]);
    expect(plan.keep).toContain(byDate(existing, "2026-04-28").id);
  });

  it("keeps a hand-moved session whose date is still in the schedule even if moved to another day", () => {
    const existing = store(generateSessions(original));
    const moved = byDate(existing, "2026-04-07");
    moved.moved = true;
    moved.startsAt = new Date("2026-04-08T12:00:00Z");
    moved.endsAt = new Date("2026-04-08T14:00:00Z");

    const plan = planRegeneration(existing, generateSessions(original), now);

    expect(plan.keep).toContain(moved.id);
    expect(dates(plan.create)).toEqual([]);
    expect(plan.update).toEqual([]);
  });

  it("never duplicates: planning again after applying a plan changes nothing", () => {
    const existing = store(generateSessions(original));
    byDate(existing, "2026-04-28").hasSignups = true;
    byDate(existing, "2026-03-31").status = "cancelled";

    const edited: WeeklySchedule = {
      ...original,
      weekdays: [2, 4],
      endDate: "2026-04-21",
      startTime: "15:00",
      endTime: "17:00",
    };
    const generated = generateSessions(edited);
    const first = planRegeneration(existing, generated, now);
    expect(first.create.length).toBeGreaterThan(0);

    const after = apply(existing, first);
    const scheduledDates = after.map((s) => s.scheduledDate);
    expect(new Set(scheduledDates).size).toBe(scheduledDates.length);

    const second = planRegeneration(after, generated, now);
    expect(second.create).toEqual([]);
    expect(second.update).toEqual([]);
    expect(second.remove).toEqual([]);
    expect(second.cancel).toEqual([]);
    expect([...second.keep].sort((a, b) => a - b)).toEqual(after.map((s) => s.id));
  });

  it("does not create twice when the generated list repeats a date", () => {
    const [session] = generateSessions(original).filter((s) => s.startsAt > now);
    const plan = planRegeneration([], [session, session], now);
    expect(plan.create).toEqual([session]);
  });
});
