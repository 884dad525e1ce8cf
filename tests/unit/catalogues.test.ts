import { describe, expect, it } from "vitest";
import { ar } from "~/i18n/ar";
import { en } from "~/i18n/en";
import { formatDate, formatNumber, formatSession } from "~/i18n/format";
import { direction, LOCALES, messageList, resolveLocale, type Locale } from "~/i18n/i18n";
import { sv } from "~/i18n/sv";

// Typed as plain string maps on purpose: the test must also catch a catalogue that the type
// checker would let through (for example one built with a spread of the wrong part).
const catalogues: Record<Locale, Record<string, string>> = { sv, en, ar };

const placeholders = (text: string) =>
  [...text.matchAll(/\{([\w.-]+)\}/g)].map((match) => match[1]).sort();

describe("every catalogue", () => {
  it("covers every locale the site offers", () => {
    expect(Object.keys(catalogues).sort()).toEqual([...LOCALES].sort());
  });

  for (const name of LOCALES) {
    const messages = catalogues[name];
    for (const otherName of LOCALES) {
      if (name === otherName) continue;
      const other = catalogues[otherName];
      it(`${name} has every key that ${otherName} has`, () => {
        const missing = Object.keys(other).filter((key) => !(key in messages));
        expect(missing, `${name} lacks keys of ${otherName}`).toEqual([]);
      });
    }

    it(`${name} has no empty message`, () => {
      const empty = Object.entries(messages)
        .filter(([, text]) => text.trim() === "")
        .map(([key]) => key);
      expect(empty).toEqual([]);
    });

    it(`${name} uses the same {placeholders} as Swedish`, () => {
      const different = Object.keys(sv).filter(
        (key) =>
          placeholders(messages[key] ?? "").join() !== placeholders(catalogues.sv[key]).join(),
      );
      expect(different).toEqual([]);
    });

    it(`${name} has seven day names and twelve month names`, () => {
      expect(messageList(name, "days.short")).toHaveLength(7);
      for (const key of ["days.short", "days.long"] as const) {
        expect(messages[key].split(","), key).toHaveLength(7);
      }
      for (const key of ["months.short", "months.long"] as const) {
        expect(messages[key].split(","), key).toHaveLength(12);
      }
    });
  }
});

describe("Arabic", () => {
  it("is chosen for a browser that asks for Arabic, and a cookie still wins", () => {
    expect(resolveLocale(null, "ar-SA")).toBe("ar");
    expect(resolveLocale(null, "ar-SA,ar;q=0.9,en;q=0.8")).toBe("ar");
    expect(resolveLocale("lang=ar", "sv-SE")).toBe("ar");
    expect(resolveLocale("lang=sv", "ar-SA")).toBe("sv");
  });

  it("is written right to left, the others left to right", () => {
    expect(direction("ar")).toBe("rtl");
    expect(direction("sv")).toBe("ltr");
    expect(direction("en")).toBe("ltr");
  });

  it("shows dates with Arabic names and Latin digits, in Stockholm time", () => {
    expect(formatSession("ar", "2026-12-09T13:00:00Z", "2026-12-09T15:00:00Z")).toBe(
      "الأربعاء 9 ديسمبر 14:00–16:00",
    );
    expect(formatDate("ar", "2026-12-24", { style: "long", year: true })).toBe(
      "الخميس 24 ديسمبر 2026",
    );
  });

  it("formats numbers with Latin digits", () => {
    expect(formatNumber("ar", 1234.5)).toMatch(/^1[,٬]?234[.٫]5$/);
    expect(formatNumber("ar", 1234.5)).not.toMatch(/[٠-٩]/);
    expect(formatNumber("sv", 1234.5)).toMatch(/^1\s234,5$/);
  });
});
