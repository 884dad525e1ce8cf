import { afterEach, describe, expect, it } from "vitest";
import { buildCalendar, type IcsSession } from "~/utils/ics.server";
import { parseWithIcalJs, parseWithNodeIcal, textOf } from "../support/ical";

const NOW = new Date("2026-03-01T10:00:00Z");
const INJECTION = "\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:Gratis\r\nEND:VEVENT";

function session(overrides: Partial<IcsSession> & Pick<IcsSession, "uid">): IcsSession {
  return {
    sequence: 0,
    title: "Stickcafé",
    description: "Ta med garn.\nVi bjuder på kaffe, te och bullar.",
    location: "Dalhems träffpunkt, Helsingborg",
    url: "https://traffpunkt.example/aktiviteter/stickcafe?vecka=2026-W14",
    startsAt: "2026-01-15T13:00:00Z",
    endsAt: "2026-01-15T14:30:00Z",
    cancelled: false,
    categories: ["Hantverk", "Fika"],
    updatedAt: "2026-02-20T09:15:00Z",
    ...overrides,
  };
}

// 14:00 Stockholm time on the spring-forward Sunday, the autumn fall-back Sunday and in winter.
const SPRING = session({
  uid: "occurrence-1@traffpunkt",
  startsAt: "2026-03-29T12:00:00Z",
  endsAt: "2026-03-29T13:30:00Z",
});
const AUTUMN = session({
  uid: "occurrence-2@traffpunkt",
  startsAt: "2026-10-25T13:00:00Z",
  endsAt: "2026-10-25T14:30:00Z",
});
const WINTER = session({ uid: "occurrence-3@traffpunkt" });
const CANCELLED = session({
  uid: "occurrence-4@traffpunkt",
  sequence: 3,
  cancelled: true,
  startsAt: "2026-06-10T08:00:00Z",
  endsAt: "2026-06-10T09:00:00Z",
});
const SESSIONS = [SPRING, AUTUMN, WINTER, CANCELLED];

const build = (sessions: IcsSession[] = SESSIONS) =>
  buildCalendar({ name: "Träffpunkt Dalhem", sessions, now: NOW });

const lines = (ics: string) => ics.split("\r\n").slice(0, -1);

describe("buildCalendar", () => {
  it("writes the calendar header, a Stockholm VTIMEZONE and one event per session", () => {
    const ics = build();
    const header = lines(ics.slice(0, ics.indexOf("BEGIN:VTIMEZONE")));
    expect(header).toEqual(
      expect.arrayContaining([
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        expect.stringMatching(/^PRODID:-\/\/.+/),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Träffpunkt Dalhem",
        "X-WR-TIMEZONE:Europe/Stockholm",
      ]),
    );
    expect(ics).toContain("\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n");
    expect(ics).toContain("\r\nX-PUBLISHED-TTL:PT6H\r\n");
    expect(ics).toContain("\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\n");
    expect(ics.endsWith("\r\nEND:VCALENDAR\r\n")).toBe(true);

    expect(lines(ics).filter((l) => l === "BEGIN:VEVENT")).toHaveLength(SESSIONS.length);
    expect(parseWithIcalJs(ics).events).toHaveLength(SESSIONS.length);
    expect(parseWithNodeIcal(ics)).toHaveLength(SESSIONS.length);
  });

  it("writes an empty calendar with the given refresh interval", () => {
    const ics = buildCalendar({ name: "x", sessions: [], now: NOW, refreshHours: 12 });
    expect(ics).toContain("\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\nX-PUBLISHED-TTL:PT12H\r\n");
    expect(ics).toContain("\r\nX-WR-TIMEZONE:Europe/Stockholm\r\n");
    expect(parseWithIcalJs(ics).events).toEqual([]);
  });

  it("writes each session's fields, DTSTAMP and LAST-MODIFIED in UTC", () => {
    const ics = build([SPRING]);
    expect(lines(ics)).toEqual(
      expect.arrayContaining([
        "UID:occurrence-1@traffpunkt",
        "SEQUENCE:0",
        "DTSTAMP:20260301T100000Z",
        "DTSTART;TZID=Europe/Stockholm:20260329T140000",
        "DTEND;TZID=Europe/Stockholm:20260329T153000",
        "LAST-MODIFIED:20260220T091500Z",
        "STATUS:CONFIRMED",
      ]),
    );
    const [event] = parseWithIcalJs(ics).events;
    expect(event.summary).toBe(SPRING.title);
    expect(event.description).toBe(SPRING.description);
    expect(event.location).toBe(SPRING.location);
    expect(event.component.getFirstPropertyValue("url")).toBe(SPRING.url);
    expect(event.component.getFirstProperty("categories")?.getValues()).toEqual(SPRING.categories);
  });

  it("keeps commas and semicolons in a URL working", () => {
    const url = "https://traffpunkt.example/s?dagar=mån,tis;x=1";
    const [event] = parseWithIcalJs(build([session({ uid: "u@traffpunkt", url })])).events;
    expect(event.component.getFirstPropertyValue("url")).toBe(
      "https://traffpunkt.example/s?dagar=mån%2Ctis%3Bx=1",
    );
  });

  it.each([
    ["spring-forward Sunday", SPRING, "20260329T140000"],
    ["autumn fall-back Sunday", AUTUMN, "20261025T140000"],
    ["winter", WINTER, "20260115T140000"],
  ])("resolves a 14:00 session on the %s to the stored instant", (_, s, wall) => {
    const ics = build([s]);
    expect(lines(ics)).toContain(`DTSTART;TZID=Europe/Stockholm:${wall}`);

    const [viaIcalJs] = parseWithIcalJs(ics).events;
    expect(viaIcalJs.startDate.zone?.tzid).toBe("Europe/Stockholm");
    expect(viaIcalJs.startDate.toJSDate().toISOString()).toBe(new Date(s.startsAt).toISOString());
    expect(viaIcalJs.endDate.toJSDate().toISOString()).toBe(new Date(s.endsAt).toISOString());

    const [viaNodeIcal] = parseWithNodeIcal(ics);
    expect(viaNodeIcal.start.toISOString()).toBe(new Date(s.startsAt).toISOString());
    expect(viaNodeIcal.end?.toISOString()).toBe(new Date(s.endsAt).toISOString());
  });

  it("gives byte-identical output and the same UIDs for the same input", () => {
    const first = build();
    const second = build();
    expect(second).toBe(first);
    const uids = (ics: string) => parseWithIcalJs(ics).events.map((e) => e.uid);
    expect(uids(first)).toEqual(SESSIONS.map((s) => s.uid));
    expect(uids(second)).toEqual(uids(first));
  });

  it("keeps a cancelled session in the file with STATUS:CANCELLED", () => {
    const events = parseWithIcalJs(build()).events;
    const status = (uid: string) =>
      events.find((e) => e.uid === uid)?.component.getFirstPropertyValue("status");
    expect(status(CANCELLED.uid)).toBe("CANCELLED");
    expect(status(WINTER.uid)).toBe("CONFIRMED");
    expect(parseWithNodeIcal(build()).find((e) => e.uid === CANCELLED.uid)?.status).toBe(
      "CANCELLED",
    );
  });

  it("ends lines with CRLF only and folds them at 75 octets, counting å/ä/ö as two", () => {
    const long = session({
      uid: "occurrence-5@traffpunkt",
      title: "Språkcafé på svenska för nybörjare och för dig som vill öva mer, välkommen åter",
      description: "Åäö ".repeat(80),
      location: "Söderpunkten, Södergatan 64, Helsingborg – ingång från gården bakom caféet",
    });
    const ics = build([...SESSIONS, long]);
    expect(ics.replaceAll("\r\n", "")).not.toMatch(/[\r\n]/);
    const all = lines(ics);
    expect(all.filter((l) => l.startsWith(" ")).length).toBeGreaterThan(3);
    for (const line of all) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);

    const event = parseWithIcalJs(ics).events.find((e) => e.uid === long.uid);
    expect(event?.summary).toBe(long.title);
    expect(event?.description).toBe(long.description);
    expect(event?.location).toBe(long.location);
  });

  it("keeps injected line breaks as harmless text, one event per session", () => {
    const evil = session({
      uid: "occurrence-6@traffpunkt\r\nBEGIN:VEVENT",
      title: `Bingo${INJECTION}`,
      description: `Rad ett\nRad två${INJECTION}\u0000\u001b`,
      location: `Ramlösa${INJECTION}`,
      categories: [`Spel${INJECTION}`],
    });
    const ics = buildCalendar({
      name: `Träffpunkt${INJECTION}`,
      description: `Alla aktiviteter${INJECTION}`,
      sessions: [WINTER, evil],
      now: NOW,
    });

    expect(lines(ics).filter((l) => l === "BEGIN:VEVENT")).toHaveLength(2);
    expect(lines(ics).filter((l) => /^(UID:evil|SUMMARY:Gratis)/.test(l))).toEqual([]);
    expect(ics.replaceAll("\r\n", "")).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f]/);

    const viaNodeIcal = parseWithNodeIcal(ics);
    expect(viaNodeIcal.map((e) => e.uid)).toEqual([
      WINTER.uid,
      "occurrence-6@traffpunktBEGIN:VEVENT",
    ]);
    const { calendar, events } = parseWithIcalJs(ics);
    expect(events).toHaveLength(2);
    const injected = INJECTION.replaceAll("\r\n", "\n");
    expect(events[1].summary).toBe(`Bingo${injected}`);
    expect(events[1].description).toBe(`Rad ett\nRad två${injected}`);
    expect(events[1].location).toBe(`Ramlösa${injected}`);
    expect(textOf(viaNodeIcal[1].summary)).toBe(`Bingo${injected}`);
    const description = lines(ics).find((l) => l.startsWith("DESCRIPTION:Rad ett"));
    expect(description).toMatch(/^DESCRIPTION:Rad ett\\nRad två\\nBEGIN:VEVENT\\nUID:evil\\n/);
    const flat = INJECTION.replaceAll("\r\n", " ");
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe(`Träffpunkt${flat}`);
    expect(calendar.getFirstPropertyValue("x-wr-caldesc")).toBe(`Alla aktiviteter${flat}`);
  });

  describe("under other process time zones", () => {
    const original = process.env.TZ;
    afterEach(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });

    it("gives the same bytes whatever TZ the server runs in", () => {
      const zones = ["UTC", "America/New_York", "Pacific/Chatham", "Asia/Kolkata"];
      const outputs = zones.map((zone) => {
        process.env.TZ = zone;
        // Node rereads TZ on assignment; the differing offsets prove the switch took effect.
        return { offset: new Date("2026-01-15T12:00:00Z").getTimezoneOffset(), ics: build() };
      });
      expect(new Set(outputs.map((o) => o.offset)).size).toBe(zones.length);
      for (const { ics } of outputs) expect(ics).toBe(outputs[0].ics);
    });
  });
});
