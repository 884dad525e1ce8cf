import { describe, expect, it } from "vitest";
import {
  averagePerSession,
  defaultRange,
  instantBounds,
  parseRange,
  rollUp,
  showedUpFromHeadcount,
  showUpRate,
  totalOf,
  trendSlope,
  weekBuckets,
  weekKeyOf,
  weeklySums,
  type DateRange,
} from "~/domain/reports";
import { toCsv } from "~/utils/csv.server";

const session = (startsAt: string, visitors: number, series = "soder") => ({
  series,
  startsAt,
  visitors,
  sessions: 1,
});

/** The bucket the database's CASE tree picks: the last week starting at or before the instant. */
function bucketByBoundaries(range: DateRange, instant: string): string | undefined {
  const buckets = weekBuckets(range);
  if (instant < buckets[0].start || instant >= instantBounds(range).to) return undefined;
  return buckets.filter((bucket) => bucket.start <= instant).at(-1)?.key;
}

describe("the date range", () => {
  it("defaults to the last 12 full ISO weeks, Monday to Sunday", () => {
    expect(defaultRange("2026-11-27")).toEqual({ from: "2026-08-31", to: "2026-11-22" });
    // On a Monday the week just begun is not full, so it is left out.
    expect(defaultRange("2026-11-23")).toEqual({ from: "2026-08-31", to: "2026-11-22" });
    expect(parseRange({}, "2026-11-27")).toEqual({
      ok: true,
      range: { from: "2026-08-31", to: "2026-11-22" },
    });
  });

  it("takes local dates, both ends included; a lone end gets a sensible other end", () => {
    expect(parseRange({ from: "2026-01-01", to: "2026-01-31" }, "2026-11-27")).toEqual({
      ok: true,
      range: { from: "2026-01-01", to: "2026-01-31" },
    });
    expect(parseRange({ from: "2026-10-01", to: "" }, "2026-11-27")).toEqual({
      ok: true,
      range: { from: "2026-10-01", to: "2026-11-27" },
    });
    expect(parseRange({ to: "2026-03-29" }, "2026-11-27")).toEqual({
      ok: true,
      range: { from: "2026-01-05", to: "2026-03-29" },
    });
    expect(parseRange({ from: "2026-03-29", to: "2026-03-29" }, "2026-11-27").ok).toBe(true);
  });

  it("names the field that is wrong", () => {
    expect(parseRange({ from: "2026-02-30" }, "2026-11-27")).toEqual({
      ok: false,
      errors: { from: "date" },
    });
    expect(parseRange({ from: "29/3/2026", to: "nope" }, "2026-11-27")).toEqual({
      ok: false,
      errors: { from: "date", to: "date" },
    });
    expect(parseRange({ from: "1899-01-01", to: "2026-01-01" }, "2026-11-27")).toEqual({
      ok: false,
      errors: { from: "date" },
    });
    expect(parseRange({ from: "2026-03-02", to: "2026-03-01" }, "2026-11-27")).toEqual({
      ok: false,
      errors: { to: "order" },
    });
  });

  it("allows at most three years", () => {
    expect(parseRange({ from: "2023-12-01", to: "2026-11-30" }, "2026-11-27").ok).toBe(true);
    expect(parseRange({ from: "2023-11-30", to: "2026-11-30" }, "2026-11-27")).toEqual({
      ok: false,
      errors: { from: "tooLong" },
    });
  });
});

describe("weeks in Stockholm time", () => {
  it("cuts weeks at local midnight before Monday, whatever the UTC offset", () => {
    const buckets = weekBuckets({ from: "2026-10-19", to: "2026-11-01" });
    expect(buckets.map((bucket) => [bucket.key, bucket.start, bucket.partial])).toEqual([
      ["2026-W43", "2026-10-18T22:00:00Z", false], // summer time (UTC+2)
      ["2026-W44", "2026-10-25T23:00:00Z", false], // winter time (UTC+1) from 25 October
    ]);
    expect(instantBounds({ from: "2026-10-19", to: "2026-11-01" })).toEqual({
      from: "2026-10-18T22:00:00Z",
      to: "2026-11-01T23:00:00Z",
    });
  });

  it("clips the weeks at the ends of the range and marks them partial", () => {
    const buckets = weekBuckets({ from: "2026-11-25", to: "2026-12-08" });
    expect(buckets.map((b) => [b.key, b.first, b.last, b.partial])).toEqual([
      ["2026-W48", "2026-11-25", "2026-11-29", true],
      ["2026-W49", "2026-11-30", "2026-12-06", false],
      ["2026-W50", "2026-12-07", "2026-12-08", true],
    ]);
    expect(weekBuckets({ from: "2026-11-25", to: "2026-11-25" })).toHaveLength(1);
  });

  it.each([
    ["Sunday 23:30 before the autumn change stays in its week", "2026-10-25T22:30:00Z", "2026-W43"],
    ["Monday 00:30 after the autumn change is the new week", "2026-10-25T23:30:00Z", "2026-W44"],
    ["Sunday 23:30 on the spring change day stays in its week", "2026-03-29T21:30:00Z", "2026-W13"],
    ["Monday 00:30 after the spring change is the new week", "2026-03-29T22:30:00Z", "2026-W14"],
    ["New Year's Eve is in 2026's week 53", "2026-12-31T18:00:00Z", "2026-W53"],
    ["Sunday 3 January 2027, 23:30, is still 2026-W53", "2027-01-03T22:30:00Z", "2026-W53"],
    ["Monday 4 January 2027, 00:30, opens 2027-W01", "2027-01-03T23:30:00Z", "2027-W01"],
  ])("%s", (_, instant, week) => {
    expect(weekKeyOf(instant)).toBe(week);
    // The week boundaries handed to the database agree with the calendar.
    expect(bucketByBoundaries({ from: "2026-03-16", to: "2027-01-17" }, instant)).toBe(week);
  });

  it("sums visitors and sessions per week and series, with empty weeks as 0", () => {
    const range = { from: "2026-12-21", to: "2027-01-17" };
    const sums = weeklySums(range, [
      session("2026-12-22T13:00:00Z", 30),
      session("2027-01-03T22:30:00Z", 5), // Sunday evening: 2026-W53
      session("2027-01-03T23:30:00Z", 3), // Monday just after midnight: 2027-W01
      session("2027-01-05T13:00:00Z", 7, "plantan"),
      { series: "soder", startsAt: "2027-01-06T13:00:00Z", visitors: 40, sessions: 2 },
      session("2027-01-18T13:00:00Z", 99), // after the range
      session("2026-12-20T22:59:59Z", 99), // before it: Sunday 23:59:59 local
    ]);
    expect(sums.weeks.map((week) => week.key)).toEqual([
      "2026-W52",
      "2026-W53",
      "2027-W01",
      "2027-W02",
    ]);
    expect(sums.series).toEqual([
      { series: "soder", visitors: [30, 5, 43, 0], sessions: [1, 1, 3, 0] },
      { series: "plantan", visitors: [0, 0, 7, 0], sessions: [0, 0, 1, 0] },
    ]);
    expect(sums.total).toEqual([
      { visitors: 30, sessions: 1 },
      { visitors: 5, sessions: 1 },
      { visitors: 50, sessions: 4 },
      { visitors: 0, sessions: 0 },
    ]);
  });
});

describe("averages", () => {
  it("divides the visitors by the sessions that have attendance", () => {
    expect(averagePerSession({ visitors: 90, sessions: 3 })).toBe(30);
    expect(averagePerSession({ visitors: 0, sessions: 0 })).toBeNull();
    expect(
      totalOf([
        { visitors: 10, sessions: 1 },
        { visitors: 20, sessions: 3 },
      ]),
    ).toEqual({
      visitors: 30,
      sessions: 4,
      average: 7.5,
    });
  });

  it("rolls activities up by a key, weighting by sessions rather than averaging averages", () => {
    const activities = [
      { audience: "everyone", visitors: 100, sessions: 2 },
      { audience: "youth", visitors: 12, sessions: 1 },
      { audience: "everyone", visitors: 26, sessions: 1 },
    ];
    expect(rollUp(activities, (row) => row.audience)).toEqual([
      { key: "everyone", visitors: 126, sessions: 3, average: 42 },
      { key: "youth", visitors: 12, sessions: 1, average: 12 },
    ]);
  });
});

describe("show-up rate", () => {
  it("counts no more people as having come than were signed up, and not the walk-ins", () => {
    expect(showedUpFromHeadcount(4, 6)).toBe(4);
    expect(showedUpFromHeadcount(10, 2)).toBe(2);
    expect(showedUpFromHeadcount(0, 3)).toBe(0);
  });

  it("is the people who came over the people signed up, across sessions", () => {
    const sessions = [
      { headcount: 4, signedUp: 6 },
      { headcount: 10, signedUp: 2 },
    ].map((row) => ({
      sessions: 1,
      signedUp: row.signedUp,
      showedUp: showedUpFromHeadcount(row.headcount, row.signedUp),
    }));
    expect(showUpRate(sessions)).toEqual({ sessions: 2, signedUp: 8, showedUp: 6, rate: 0.75 });
    expect(showUpRate([])).toEqual({ sessions: 0, signedUp: 0, showedUp: 0, rate: null });
  });
});

describe("trend", () => {
  it("is the least-squares change per week", () => {
    expect(trendSlope([100, 110, 120, 130])).toBeCloseTo(10);
    expect(trendSlope([120, 100, 120, 100])).toBeCloseTo(-4);
    expect(trendSlope([30, 30, 30])).toBe(0);
    expect(trendSlope([30])).toBeNull();
  });
});

describe("CSV for Excel", () => {
  it("starts with a byte-order mark, separates with semicolons and ends lines with CRLF", () => {
    const csv = toCsv([
      ["Vecka", "@Söder", "Kvartersfika på Dalhem"],
      ["2026-W49", 118, 29.5],
    ]);
    expect(csv).toBe("\uFEFFVecka;'@Söder;Kvartersfika på Dalhem\r\n2026-W49;118;29,5\r\n");
    expect(Buffer.from(csv, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(toCsv([[29.5, -2]], { decimal: "." })).toBe("\uFEFF29.5;-2\r\n");
  });

  it("quotes cells with separators, quotes or line breaks", () => {
    expect(toCsv([["a;b", 'say "hi"', "two\nlines", null, undefined, ""]])).toBe(
      '\uFEFF"a;b";"say ""hi""";"two\nlines";;;\r\n',
    );
  });

  it("keeps text that looks like a formula as text", () => {
    const cells = ['=HYPERLINK("http://evil.example","klicka")', "+46 70", "-1+1", "@SUM(A1)"];
    expect(toCsv([cells])).toBe(
      '\uFEFF"\'=HYPERLINK(""http://evil.example"",""klicka"")";\'+46 70;\'-1+1;\'@SUM(A1)\r\n',
    );
    expect(toCsv([["\tcmd", "\rcmd", "ok = fine"]])).toBe("\uFEFF'\tcmd;\"'\rcmd\";ok = fine\r\n");
  });
});
