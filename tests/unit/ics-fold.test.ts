import fc from "fast-check";
import { foldLines as libraryFoldLines } from "ical-generator";
import { describe, expect, it } from "vitest";
import { buildCalendar, foldLines, type IcsSession } from "~/utils/ics.server";
import { hostileText, ODD_TEXT } from "../support/hostile";

/** A line of exactly `octets` octets whose last character is `tail`. */
const lineOf = (octets: number, tail: string) =>
  "DESCRIPTION:".padEnd(octets - Buffer.byteLength(tail), "x") + tail;

// Characters of every UTF-8 length and at the edges of each, a combining mark, an Arabic letter.
const TAILS = [
  ..."a\u007få\u0080\u07ffع\u0800€\u0301ﷺ\uffff",
  ..."😀 𝕏 \u{10000} \u{10ffff}".split(" "),
];

const HOSTILE_LINES = [
  "",
  "\r\n",
  "a\r\n\r\nb",
  ...[72, 73, 74, 75, 76, 77, 148, 149, 150].flatMap((octets) =>
    TAILS.flatMap((tail) => [lineOf(octets, tail), `${lineOf(octets, tail)}yz`]),
  ),
  "👨‍👩‍👧‍👦".repeat(20),
  "مرحبا بكم في تريفبونكت، ملتقى الحي للجميع ".repeat(5),
  "Z̴̡̛͎a̶̧͍l̷g̶o ".repeat(30),
  "e\u0301".repeat(80),
  // Lone surrogates: one at the end of a line, before CRLF, doubled, or followed by ASCII.
  "\uD800".repeat(30),
  "\uDFFF".repeat(30),
  `${"x".repeat(73)}\uD800`,
  `${"x".repeat(72)}\uD800\uD800x`,
  `${"x".repeat(72)}\uD800A${"x".repeat(10)}`,
  `${"x".repeat(73)}\uD800\r\n${"y".repeat(80)}`,
  `${"x".repeat(73)}\uDC00\uD83D\uDE00`,
  // A bare CR or LF is not a line end for the fold.
  "a\rb\nc".repeat(40),
  ...ODD_TEXT.map((text) => text.repeat(40)),
];

// Any UTF-16 code unit, lone surrogates included.
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const contentLines = fc
  .array(
    fc.oneof(
      hostileText,
      fc.string({ unit: codeUnit, maxLength: 200 }),
      fc.string({ unit: "binary", maxLength: 200 }),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((lines) => lines.join("\r\n"));

describe("foldLines", () => {
  it("folds hostile lines exactly as ical-generator does", () => {
    for (const line of HOSTILE_LINES) {
      expect(foldLines(line), JSON.stringify(line)).toBe(libraryFoldLines(line));
    }
  });

  it("folds any text exactly as ical-generator does", () => {
    fc.assert(
      fc.property(contentLines, (text) => {
        expect(foldLines(text)).toBe(libraryFoldLines(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps lines within 75 octets and never splits a character", () => {
    const line = fc
      .string({ unit: "binary", maxLength: 400 })
      .map((text) => text.replace(/[\r\n]/g, ""));
    fc.assert(
      fc.property(line, (text) => {
        const [first, ...continued] = foldLines(text).split("\r\n");
        for (const part of [first, ...continued]) {
          expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
        }
        expect(continued.every((part) => part.startsWith(" "))).toBe(true);
        // Encoded part by part, the bytes are the line's own: no sequence was cut in two.
        const pieces = [first, ...continued.map((part) => part.slice(1))].map((part) =>
          Buffer.from(part),
        );
        expect(Buffer.concat(pieces)).toEqual(Buffer.from(text));
      }),
    );
  });
});

describe("buildCalendar", () => {
  const session = (uid: string, text: string): IcsSession => ({
    uid,
    sequence: 1,
    title: `Språkcafé ${text}`,
    description: `${text}\n\n${"Åäö 😀 ".repeat(20)}`,
    location: `Söderpunkten, ${text}`,
    url: `https://traffpunkt.example/activities/x/${uid}`,
    startsAt: "2026-03-29T12:00:00Z",
    endsAt: "2026-03-29T13:30:00Z",
    cancelled: false,
    categories: ["Språk"],
    updatedAt: "2026-02-20T09:15:00Z",
  });

  it("writes what ical-generator's own fold of the whole calendar gives", () => {
    fc.assert(
      fc.property(fc.array(hostileText, { maxLength: 4 }), hostileText, (texts, name) => {
        const ics = buildCalendar({
          name,
          description: name,
          sessions: texts.map((text, i) => session(`occurrence-${i}@traffpunkt`, text)),
          now: new Date("2026-03-01T10:00:00Z"),
        });
        expect(libraryFoldLines(ics.replaceAll("\r\n ", ""))).toBe(ics);
      }),
      { numRuns: 40 },
    );
  });
});
