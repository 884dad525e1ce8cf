import { afterEach, describe, expect, it } from "vitest";
import {
  TIME_ZONE,
  addDays,
  addMonths,
  addWeeks,
  daysBetween,
  formatIsoWeek,
  formatLocalTime,
  fromInstantString,
  isValidLocalDate,
  isValidLocalTime,
  isoWeekMonday,
  isoWeekOf,
  isoWeekday,
  parseIsoWeek,
  toInstantString,
  todayIn,
  utcToZoned,
  weeksInIsoYear,
  zonedToUtc,
} from "~/domain/time";

const iso = (d: Date) => d.toISOString();

describe("zonedToUtc", () => {
  it("defaults to Europe/Stockholm", () => {
    expect(TIME_ZONE).toBe("Europe/Stockholm");
  });

  it("uses CET (UTC+1) in winter and CEST (UTC+2) in summer", () => {
    expect(iso(zonedToUtc("2026-01-15", "14:00"))).toBe("2026-01-15T13:00:00.000Z");
    expect(iso(zonedToUtc("2026-07-15", "14:00"))).toBe("2026-07-15T12:00:00.000Z");
  });

  it("is exact on both sides of the spring-forward change (2026-03-29 02:00 → 03:00)", () => {
    expect(iso(zonedToUtc("2026-03-29", "01:59"))).toBe("2026-03-29T00:59:00.000Z");
    expect(iso(zonedToUtc("2026-03-29", "03:00"))).toBe("2026-03-29T01:00:00.000Z");
    expect(iso(zonedToUtc("2026-03-29", "14:00"))).toBe("2026-03-29T12:00:00.000Z");
    expect(iso(zonedToUtc("2026-03-28", "14:00"))).toBe("2026-03-28T13:00:00.000Z");
  });

  it("moves a wall time inside the spring-forward gap forward by the gap (02:30 → 03:30)", () => {
    const instant = zonedToUtc("2026-03-29", "02:30");
    expect(iso(instant)).toBe("2026-03-29T01:30:00.000Z");
    expect(utcToZoned(instant).time).toBe("03:30");
    expect(iso(zonedToUtc("2026-03-29", "02:00"))).toBe("2026-03-29T01:00:00.000Z");
  });

  it("takes the earlier instant for a wall time that occurs twice in the autumn overlap", () => {
    // 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
    expect(iso(zonedToUtc("2026-10-25", "02:30"))).toBe("2026-10-25T00:30:00.000Z");
    expect(iso(zonedToUtc("2026-10-25", "02:00"))).toBe("2026-10-25T00:00:00.000Z");
    expect(iso(zonedToUtc("2026-10-25", "01:59"))).toBe("2026-10-24T23:59:00.000Z");
    expect(iso(zonedToUtc("2026-10-25", "03:00"))).toBe("2026-10-25T02:00:00.000Z");
    expect(iso(zonedToUtc("2026-10-25", "14:00"))).toBe("2026-10-25T13:00:00.000Z");
  });

  it("works for other zones, including their own gaps", () => {
    expect(iso(zonedToUtc("2026-01-15", "14:00", "UTC"))).toBe("2026-01-15T14:00:00.000Z");
    expect(iso(zonedToUtc("2026-01-15", "14:00", "America/New_York"))).toBe(
      "2026-01-15T19:00:00.000Z",
    );
    // New York springs forward on 2026-03-08 at 02:00 EST.
    expect(iso(zonedToUtc("2026-03-08", "02:30", "America/New_York"))).toBe(
      "2026-03-08T07:30:00.000Z",
    );
    expect(iso(zonedToUtc("2026-11-01", "01:30", "America/New_York"))).toBe(
      "2026-11-01T05:30:00.000Z",
    );
    expect(iso(zonedToUtc("2026-06-01", "00:15", "Asia/Kolkata"))).toBe("2026-05-31T18:45:00.000Z");
  });

  it("round-trips every quarter hour of 2026 except the skipped hour", () => {
    // Mismatches are collected rather than asserted one by one: 35 000 expect calls are slow.
    const mismatches: string[] = [];
    let date = "2026-01-01";
    for (let day = 0; day < 365; day++) {
      for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
        const time = formatLocalTime(Math.floor(minutes / 60), minutes % 60);
        const back = utcToZoned(zonedToUtc(date, time));
        const inGap = date === "2026-03-29" && time >= "02:00" && time < "03:00";
        if (!inGap && (back.date !== date || back.time !== time)) {
          mismatches.push(`${date} ${time} -> ${back.date} ${back.time}`);
        }
      }
      date = addDays(date, 1);
    }
    expect(mismatches).toEqual([]);
  });

  it("maps every quarter-hour instant of 2026 back to itself except the repeated hour", () => {
    const start = Date.UTC(2026, 0, 1);
    const end = Date.UTC(2027, 0, 1);
    const repeatedStart = Date.UTC(2026, 9, 25, 1);
    const repeatedEnd = Date.UTC(2026, 9, 25, 2);
    const mismatches: string[] = [];
    for (let ms = start; ms < end; ms += 15 * 60_000) {
      const { date, time } = utcToZoned(new Date(ms));
      const expected = ms >= repeatedStart && ms < repeatedEnd ? ms - 3_600_000 : ms;
      const actual = zonedToUtc(date, time).getTime();
      if (actual !== expected) mismatches.push(`${iso(new Date(ms))} -> ${iso(new Date(actual))}`);
    }
    expect(mismatches).toEqual([]);
  });

  it.each(["Europe/Stockholm", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe"])(
    "agrees with Intl every half hour of 2026 in %s, including its DST changes",
    (zone) => {
      const oracle = new Intl.DateTimeFormat("en-GB", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
      });
      const wallOf = (ms: number) => {
        const parts = new Map(oracle.formatToParts(ms).map((p) => [p.type, p.value]));
        return {
          date: `${parts.get("year")}-${parts.get("month")}-${parts.get("day")}`,
          time: `${parts.get("hour")}:${parts.get("minute")}`,
        };
      };
      const mismatches: string[] = [];
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 30 * 60_000) {
        const wall = wallOf(ms);
        const zoned = utcToZoned(new Date(ms), zone);
        if (zoned.date !== wall.date || zoned.time !== wall.time) {
          mismatches.push(`utcToZoned ${iso(new Date(ms))} -> ${zoned.date} ${zoned.time}`);
        }
        // The wall time maps back to this instant or, in an overlap, to an earlier one.
        const back = zonedToUtc(wall.date, wall.time, zone).getTime();
        const backWall = wallOf(back);
        if (back > ms || backWall.date !== wall.date || backWall.time !== wall.time) {
          mismatches.push(`zonedToUtc ${wall.date} ${wall.time} -> ${iso(new Date(back))}`);
        }
      }
      expect(mismatches).toEqual([]);
    },
  );

  it("rejects invalid dates, times and zones", () => {
    expect(() => zonedToUtc("2026-02-30", "10:00")).toThrow(RangeError);
    expect(() => zonedToUtc("2026-02-01", "24:00")).toThrow(RangeError);
    expect(() => zonedToUtc("2026-02-01", "10:00", "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("independence from the process time zone", () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it.each(["UTC", "America/New_York", "Asia/Tokyo", "Pacific/Kiritimati"])(
    "gives the same answers when TZ=%s",
    (zone) => {
      process.env.TZ = zone;
      expect(iso(zonedToUtc("2026-03-29", "14:00"))).toBe("2026-03-29T12:00:00.000Z");
      expect(iso(zonedToUtc("2026-10-25", "02:30"))).toBe("2026-10-25T00:30:00.000Z");
      expect(utcToZoned(new Date("2026-12-31T23:30:00Z"))).toEqual({
        date: "2027-01-01",
        time: "00:30",
        weekday: 5,
      });
      expect(addDays("2026-03-28", 1)).toBe("2026-03-29");
      expect(isoWeekday("2026-03-29")).toBe(7);
    },
  );
});

describe("utcToZoned and todayIn", () => {
  it("gives the Stockholm wall date, time and ISO weekday", () => {
    expect(utcToZoned(new Date("2026-03-28T23:30:00Z"))).toEqual({
      date: "2026-03-29",
      time: "00:30",
      weekday: 7,
    });
    expect(utcToZoned(new Date("2026-03-30T12:00:59Z"))).toEqual({
      date: "2026-03-30",
      time: "14:00",
      weekday: 1,
    });
  });

  it("shows the repeated autumn hour twice", () => {
    expect(utcToZoned(new Date("2026-10-25T00:30:00Z")).time).toBe("02:30");
    expect(utcToZoned(new Date("2026-10-25T01:30:00Z")).time).toBe("02:30");
  });

  it("shows midnight as 00:00, never 24:00", () => {
    expect(utcToZoned(new Date("2026-01-14T23:00:00Z"))).toMatchObject({
      date: "2026-01-15",
      time: "00:00",
    });
  });

  it("answers today's date in Stockholm, not in UTC", () => {
    const now = new Date("2026-12-31T23:30:00Z");
    expect(todayIn(now)).toBe("2027-01-01");
    expect(todayIn(now, "UTC")).toBe("2026-12-31");
  });
});

describe("calendar arithmetic", () => {
  it("adds days across month, year and leap-day boundaries", () => {
    expect(addDays("2026-01-31", 1)).toBe("2026-02-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-03-29", 0)).toBe("2026-03-29");
  });

  it("counts whole days between dates regardless of DST (b − a)", () => {
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
    expect(daysBetween("2026-03-30", "2026-03-28")).toBe(-2);
    expect(daysBetween("2026-01-01", "2027-01-01")).toBe(365);
    expect(daysBetween("2028-01-01", "2029-01-01")).toBe(366);
  });

  it("gives ISO weekdays, Monday = 1 … Sunday = 7", () => {
    expect(isoWeekday("2026-03-23")).toBe(1);
    expect(isoWeekday("2026-03-29")).toBe(7);
    expect(isoWeekday("2026-01-01")).toBe(4);
    expect(isoWeekday("1970-01-01")).toBe(4);
    expect(isoWeekday("1969-12-29")).toBe(1);
  });

  it("adds months, clamping to the end of a shorter month", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-11-15", 3)).toBe("2027-02-15");
    expect(addMonths("2026-01-15", -1)).toBe("2025-12-15");
  });
});

describe("ISO weeks", () => {
  it("puts the days around new year into the right ISO year", () => {
    expect(isoWeekOf("2026-12-31")).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf("2027-01-01")).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf("2027-01-03")).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf("2027-01-04")).toEqual({ year: 2027, week: 1 });
    expect(isoWeekOf("2024-12-30")).toEqual({ year: 2025, week: 1 });
    expect(isoWeekOf("2024-12-29")).toEqual({ year: 2024, week: 52 });
    expect(isoWeekOf("2026-01-01")).toEqual({ year: 2026, week: 1 });
    expect(isoWeekOf("2021-01-03")).toEqual({ year: 2020, week: 53 });
  });

  it("knows which years have 53 weeks", () => {
    expect(weeksInIsoYear(2026)).toBe(53);
    expect(weeksInIsoYear(2020)).toBe(53);
    expect(weeksInIsoYear(2025)).toBe(52);
    expect(weeksInIsoYear(2027)).toBe(52);
  });

  it("finds the Monday of a week", () => {
    expect(isoWeekMonday({ year: 2026, week: 13 })).toBe("2026-03-23");
    expect(isoWeekMonday({ year: 2026, week: 53 })).toBe("2026-12-28");
    expect(isoWeekMonday({ year: 2025, week: 1 })).toBe("2024-12-30");
  });

  it("parses the canonical form and returns week 13's Monday as 2026-03-23", () => {
    const week = parseIsoWeek("2026-W13");
    expect(week).toEqual({ year: 2026, week: 13 });
    expect(week && isoWeekMonday(week)).toBe("2026-03-23");
    expect(parseIsoWeek("2026-W53")).toEqual({ year: 2026, week: 53 });
    expect(parseIsoWeek("2026-W01")).toEqual({ year: 2026, week: 1 });
  });

  it.each([
    "2026-W5",
    "2025-W53",
    "2026-W54",
    "2026-W00",
    "2026W13",
    "2026-w13",
    " 2026-W13",
    "",
    "x",
  ])("rejects %j", (text) => {
    expect(parseIsoWeek(text)).toBeNull();
  });

  it("formats with a two-digit week", () => {
    expect(formatIsoWeek({ year: 2026, week: 9 })).toBe("2026-W09");
    expect(formatIsoWeek({ year: 2026, week: 53 })).toBe("2026-W53");
  });

  it("adds weeks across 52- and 53-week years", () => {
    expect(addWeeks({ year: 2026, week: 53 }, 1)).toEqual({
      year: 2027,
      week: 1,
    });
    expect(addWeeks({ year: 2027, week: 1 }, -1)).toEqual({
      year: 2026,
      week: 53,
    });
    expect(addWeeks({ year: 2025, week: 52 }, 1)).toEqual({
      year: 2026,
      week: 1,
    });
    expect(addWeeks({ year: 2026, week: 13 }, 0)).toEqual({
      year: 2026,
      week: 13,
    });
    expect(addWeeks({ year: 2026, week: 1 }, 105)).toEqual({
      year: 2028,
      week: 1,
    });
  });

  it("round-trips every week of 2020–2030 through text and its Monday", () => {
    for (let year = 2020; year <= 2030; year++) {
      for (let week = 1; week <= weeksInIsoYear(year); week++) {
        const monday = isoWeekMonday({ year, week });
        expect(isoWeekday(monday)).toBe(1);
        expect(isoWeekOf(monday)).toEqual({ year, week });
        expect(isoWeekOf(addDays(monday, 6))).toEqual({ year, week });
        expect(parseIsoWeek(formatIsoWeek({ year, week }))).toEqual({
          year,
          week,
        });
      }
    }
  });
});

describe("validation of local dates and times", () => {
  it("accepts only real calendar dates in YYYY-MM-DD form", () => {
    expect(isValidLocalDate("2026-03-29")).toBe(true);
    expect(isValidLocalDate("2028-02-29")).toBe(true);
    expect(isValidLocalDate("2026-02-29")).toBe(false);
    expect(isValidLocalDate("2026-04-31")).toBe(false);
    expect(isValidLocalDate("2026-13-01")).toBe(false);
    expect(isValidLocalDate("2026-00-10")).toBe(false);
    expect(isValidLocalDate("2026-3-29")).toBe(false);
    expect(isValidLocalDate("2026-03-29T00:00")).toBe(false);
    expect(isValidLocalDate("")).toBe(false);
  });

  it("accepts only 24-hour HH:MM times", () => {
    expect(isValidLocalTime("00:00")).toBe(true);
    expect(isValidLocalTime("23:59")).toBe(true);
    expect(isValidLocalTime("24:00")).toBe(false);
    expect(isValidLocalTime("9:00")).toBe(false);
    expect(isValidLocalTime("12:60")).toBe(false);
    expect(isValidLocalTime("12:00:00")).toBe(false);
  });
});

describe("instant strings for storage", () => {
  it("writes UTC with whole seconds and a Z", () => {
    expect(toInstantString(new Date("2026-03-29T12:00:00.999Z"))).toBe("2026-03-29T12:00:00Z");
    expect(toInstantString(zonedToUtc("2026-03-29", "14:00"))).toBe("2026-03-29T12:00:00Z");
  });

  it("sorts lexicographically in time order", () => {
    const instants = [
      new Date("2026-10-25T01:30:00Z"),
      new Date("2026-10-25T00:30:00Z"),
      new Date("2025-12-31T23:59:59Z"),
      new Date("2026-01-01T00:00:00Z"),
    ];
    const byText = instants.map(toInstantString).sort();
    const byTime = [...instants].sort((a, b) => a.getTime() - b.getTime()).map(toInstantString);
    expect(byText).toEqual(byTime);
  });

  it("reads back what it writes", () => {
    const d = new Date("2026-10-25T00:30:00Z");
    expect(fromInstantString(toInstantString(d)).getTime()).toBe(d.getTime());
  });

  it("also reads SQLite's own timestamp form as UTC", () => {
    expect(iso(fromInstantString("2026-03-29 12:00:00"))).toBe("2026-03-29T12:00:00.000Z");
    expect(iso(fromInstantString("2026-03-29T12:00:00.250Z"))).toBe("2026-03-29T12:00:00.250Z");
  });

  it("rejects anything that is not an instant", () => {
    expect(() => fromInstantString("2026-03-29")).toThrow(RangeError);
    expect(() => fromInstantString("2026-02-30T12:00:00Z")).toThrow(RangeError);
    expect(() => fromInstantString("2026-03-29T12:00:00+02:00")).toThrow(RangeError);
    expect(() => fromInstantString("garbage")).toThrow(RangeError);
    expect(() => toInstantString(new Date(Number.NaN))).toThrow(RangeError);
  });
});
