import { describe, expect, it } from "vitest";
import { en } from "~/i18n/en";
import { formatDate, formatSession, languageName } from "~/i18n/format";
import { describeSchedule } from "~/i18n/format-schedule";
import { resolveLocale, translator } from "~/i18n/i18n";
import { sv } from "~/i18n/sv";

const placeholders = (text: string) => [...text.matchAll(/\{([\w.-]+)\}/g)].map((m) => m[1]).sort();

describe("message catalogues", () => {
  it("have the same keys in every locale", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(sv).sort());
  });

  it("have no empty message and the same placeholders in every locale", () => {
    for (const key of Object.keys(sv)) {
      const swedish = sv[key as keyof typeof sv];
      const english = en[key as keyof typeof en];
      expect(english.trim(), key).not.toBe("");
      expect(placeholders(english), key).toEqual(placeholders(swedish));
    }
  });

  it("fill in parameters", () => {
    expect(translator("sv")("week.short", { week: 49 })).toBe("v. 49");
    expect(translator("en")("places.roomCapacity", { name: "Köket", capacity: 12 })).toBe(
      "Köket, 12 people",
    );
  });
});

describe("resolveLocale", () => {
  it("prefers the visitor's cookie over the browser's languages", () => {
    expect(resolveLocale("a=1; lang=en", "sv-SE,sv;q=0.9")).toBe("en");
  });

  it("takes the first language the browser asks for that the site has, by weight", () => {
    expect(resolveLocale(null, "de-DE,de;q=0.9,en;q=0.8,sv;q=0.7")).toBe("en");
    expect(resolveLocale(null, "en;q=0.5,sv;q=0.9")).toBe("sv");
  });

  it("falls back to Swedish for unknown or malformed input", () => {
    expect(resolveLocale("lang=xx", "fr")).toBe("sv");
    expect(resolveLocale(null, ";;;q=abc,,")).toBe("sv");
    expect(resolveLocale(null, null)).toBe("sv");
  });
});

describe("Swedish dates", () => {
  it("show a session the Swedish way in Stockholm time", () => {
    expect(formatSession("sv", "2026-12-09T13:00:00Z", "2026-12-09T15:00:00Z")).toBe(
      "ons 9 dec 14:00–16:00",
    );
    expect(formatSession("en", "2026-12-09T13:00:00Z", "2026-12-09T15:00:00Z")).toBe(
      "Wed 9 Dec 14:00–16:00",
    );
  });

  it("keep local time across daylight saving", () => {
    expect(formatSession("sv", "2026-03-29T12:00:00Z", "2026-03-29T14:00:00Z")).toBe(
      "sön 29 mar 14:00–16:00",
    );
    expect(formatSession("sv", "2026-10-25T13:00:00Z", "2026-10-25T15:00:00Z")).toBe(
      "sön 25 okt 14:00–16:00",
    );
  });

  it("write long dates with the full weekday and month", () => {
    expect(formatDate("sv", "2026-12-24", { style: "long", year: true })).toBe(
      "torsdag 24 december 2026",
    );
  });

  it("name languages in the page's language", () => {
    expect(languageName("sv", "ar")).toBe("Arabiska");
    expect(languageName("en", "sv")).toBe("Swedish");
  });

  it("describe schedules in words", () => {
    const base = {
      interval_weeks: 1,
      weekdays: "2,4",
      nth: null,
      weekday: null,
      start_date: "2026-09-01",
      end_date: "2026-12-31",
      start_time: "14:00",
      end_time: "16:00",
    };
    expect(describeSchedule("sv", { ...base, kind: "weekly" })).toBe(
      "Varje tisdag och torsdag, 14:00–16:00",
    );
    expect(describeSchedule("sv", { ...base, kind: "weekly", interval_weeks: 2 })).toBe(
      "Var 2:e vecka på tisdag och torsdag, 14:00–16:00",
    );
    expect(describeSchedule("en", { ...base, kind: "monthly", nth: -1, weekday: 5 })).toBe(
      "The last Friday of the month, 14:00–16:00",
    );
  });
});
