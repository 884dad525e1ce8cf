import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, daysBetween, isoWeekday, todayIn, toInstantString } from "~/domain/time";
import { feedWindow } from "~/models/feeds.server";
import { cancelOccurrence } from "~/models/rsvps.server";
import { saveSchedule } from "~/models/schedules.server";
import { getPage } from "../support/html";
import { icsLines, parseWithIcalJs, parseWithNodeIcal, textOf } from "../support/ical";
import { loginAs, postForm } from "../support/login";
import { rawRequest } from "../support/raw-request";
import { startTestServer, type TestServer } from "../support/test-server";

/** The last Sunday of a month: the day clocks change in the EU (March and October). */
function lastSunday(year: number, month: number): string {
  const last = addDays(`${year}-${String(month + 1).padStart(2, "0")}-01`, -1);
  return addDays(last, -(isoWeekday(last) % 7));
}

/** The two clock changes inside the feed window (30 days back, 12 months ahead). */
function clockChangesInWindow(): { spring: string; autumn: string } {
  const today = todayIn(new Date());
  const year = Number(today.slice(0, 4));
  const inWindow = (date: string) =>
    daysBetween(today, date) > -30 && daysBetween(today, date) < 365;
  const candidates = [year, year + 1];
  const spring = candidates.map((y) => lastSunday(y, 3)).find(inWindow);
  const autumn = candidates.map((y) => lastSunday(y, 10)).find(inWindow);
  if (!spring || !autumn) throw new Error("no clock change in the feed window");
  return { spring, autumn };
}

async function ics(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { response, body: await response.text() };
}

describe.each(["UTC", "America/New_York"])("calendar feeds (server and parsers in %s)", (zone) => {
  let server: TestServer;
  let previousTz: string | undefined;
  const { spring, autumn } = clockChangesInWindow();

  beforeAll(async () => {
    previousTz = process.env.TZ;
    process.env.TZ = zone;
    server = await startTestServer({ env: { TZ: zone } });
    const stamp = toInstantString(new Date());
    const place = await server.db
      .selectFrom("places")
      .select(["id", "area_id"])
      .where("slug", "=", "soder")
      .executeTakeFirstOrThrow();
    const partner = await server.db
      .selectFrom("partners")
      .select("id")
      .where("slug", "=", "inva-sam")
      .executeTakeFirstOrThrow();
    const evil = "\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:Injected\r\nEND:VEVENT";
    await server.db
      .updateTable("partners")
      .set({ name: `Inva-Sam${evil}` })
      .where("id", "=", partner.id)
      .execute();
    await server.db
      .updateTable("places")
      .set({ name: `@Söder${evil}` })
      .where("id", "=", place.id)
      .execute();
    const { id } = await server.db
      .insertInto("activities")
      .values({
        slug: "sondagsfika",
        title: `Söndagsfika${evil}`,
        summary: `Fika, kaka;kaffe, och prat\\${evil}`,
        description: "",
        category: "social",
        audience: "everyone",
        organiser_kind: "partner",
        partner_id: partner.id,
        area_id: place.area_id,
        place_id: place.id,
        room_id: null,
        location_name: null,
        location_address: null,
        signup_mode: "none",
        capacity: null,
        status: "published",
        status_reason: null,
        created_at: stamp,
        updated_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const today = todayIn(new Date());
    await saveSchedule(
      server.db,
      id,
      {
        kind: "weekly",
        intervalWeeks: 1,
        weekdays: [7],
        startDate: addDays(today, -20),
        endDate: addDays(today, 360),
        startTime: "14:00",
        endTime: "16:00",
      },
      new Date(),
      new Date(0),
    );
  });
  afterAll(async () => {
    await server?.stop();
    process.env.TZ = previousTz;
  });

  async function countInDb(where: "all" | "soder" | "dalhem" | "pratcafe") {
    const window = feedWindow(new Date());
    let query = server.db
      .selectFrom("occurrences as o")
      .innerJoin("activities as a", "a.id", "o.activity_id")
      .innerJoin("areas as ar", "ar.id", "a.area_id")
      .leftJoin("places as p", "p.id", "a.place_id")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("a.status", "in", ["published", "ended", "cancelled"])
      .where("o.starts_at", ">=", window.from)
      .where("o.starts_at", "<", window.to);
    if (where === "soder") query = query.where("p.slug", "=", "soder");
    if (where === "dalhem") query = query.where("ar.slug", "=", "dalhem");
    if (where === "pratcafe") query = query.where("a.slug", "=", "pratcafe");
    return Number((await query.executeTakeFirstOrThrow()).n);
  }

  it.each([
    ["/feeds/all.ics", "all"],
    ["/feeds/places/soder.ics", "soder"],
    ["/feeds/areas/dalhem.ics", "dalhem"],
    ["/feeds/activities/pratcafe.ics", "pratcafe"],
  ] as const)(
    "%s holds exactly the database's sessions, well-formed, without cookies",
    async (path, scope) => {
      const { response, body } = await ics(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(response.headers.get("etag")).toMatch(/^"[\w-]+"$/);
      expect(response.headers.get("last-modified")).toMatch(/GMT$/);
      expect(response.headers.get("cache-control")).toBe("public, max-age=300");
      expect(body.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
      for (const line of icsLines(body)) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      const expected = await countInDb(scope);
      expect(expected).toBeGreaterThan(0);
      expect(body.match(/^BEGIN:VEVENT$/gm)).toHaveLength(expected);
      expect(parseWithIcalJs(body).events).toHaveLength(expected);
      expect(parseWithNodeIcal(body)).toHaveLength(expected);
      expect(body).toContain("X-WR-TIMEZONE:Europe/Stockholm");
      expect(body).toMatch(/REFRESH-INTERVAL;VALUE=DURATION:PT\d+H/);
      expect(body).toMatch(/X-PUBLISHED-TTL:PT\d+H/);
    },
  );

  it("puts 14:00 Stockholm time at 14:00 on both clock-change Sundays, in both parsers", async () => {
    const { body } = await ics(`${server.url}/feeds/activities/sondagsfika.ics`);
    const expectations = [
      [spring, "12:00:00.000Z"],
      [autumn, "13:00:00.000Z"],
    ] as const;
    const icalJs = parseWithIcalJs(body).events;
    const nodeIcal = parseWithNodeIcal(body);
    for (const [date, utc] of expectations) {
      expect(body).toContain(`DTSTART;TZID=Europe/Stockholm:${date.replace(/-/g, "")}T140000`);
      const fromIcalJs = icalJs.find((event) =>
        event.startDate.toJSDate().toISOString().startsWith(date),
      );
      expect(fromIcalJs?.startDate.toJSDate().toISOString()).toBe(`${date}T${utc}`);
      const fromNodeIcal = nodeIcal.find((event) =>
        new Date(event.start).toISOString().startsWith(date),
      );
      expect(fromNodeIcal && new Date(fromNodeIcal.start).toISOString()).toBe(`${date}T${utc}`);
    }
  });

  it("keeps injected calendar text harmless: one event per session, the text intact", async () => {
    const { body } = await ics(`${server.url}/feeds/activities/sondagsfika.ics`);
    const sessions = await server.db
      .selectFrom("occurrences as o")
      .innerJoin("activities as a", "a.id", "o.activity_id")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("a.slug", "=", "sondagsfika")
      .where("o.starts_at", ">=", feedWindow(new Date()).from)
      .executeTakeFirstOrThrow();
    const events = parseWithNodeIcal(body);
    expect(events).toHaveLength(Number(sessions.n));
    expect(body).not.toMatch(/^UID:evil/m);
    expect(body).not.toMatch(/^SUMMARY:Injected/m);
    expect(textOf(events[0].summary)).toContain("Söndagsfika");
    expect(textOf(events[0].summary)).toContain("BEGIN:VEVENT");
    expect(textOf(events[0].location)).toContain("@Söder");
    expect(textOf(events[0].description)).toContain("Fika, kaka;kaffe, och prat\\");
    expect(textOf(events[0].description)).toContain("Inva-Sam");
  });

  it("keeps UIDs across generations, and a cancelled session with a higher SEQUENCE", async () => {
    const first = await ics(`${server.url}/feeds/places/soder.ics`);
    const second = await ics(`${server.url}/feeds/places/soder.ics`);
    expect(second.body).toBe(first.body);
    const uids = (body: string) => parseWithNodeIcal(body).map((event) => event.uid);
    expect(uids(second.body)).toEqual(uids(first.body));

    const session = await server.db
      .selectFrom("occurrences as o")
      .innerJoin("activities as a", "a.id", "o.activity_id")
      .select(["o.id", "o.sequence"])
      .where("a.slug", "=", "pratcafe")
      .where("o.status", "=", "scheduled")
      .where("o.starts_at", ">", toInstantString(new Date()))
      .orderBy("o.starts_at")
      .executeTakeFirstOrThrow();
    await cancelOccurrence(
      server.db,
      session.id,
      "Personalen på utbildning",
      new Date(Date.now() + 1000),
    );
    const after = await ics(`${server.url}/feeds/places/soder.ics`);
    expect(after.response.headers.get("etag")).not.toBe(first.response.headers.get("etag"));
    const event = parseWithNodeIcal(after.body).find(
      (e) => e.uid === `occurrence-${session.id}@traffpunkt`,
    );
    expect(event?.status).toBe("CANCELLED");
    expect(Number(event?.sequence)).toBeGreaterThan(session.sequence);
    expect(uids(after.body)).toEqual(uids(first.body));
  });

  it("answers 304 to If-None-Match and to If-Modified-Since", async () => {
    const { response } = await ics(`${server.url}/feeds/places/soder.ics`);
    const etag = response.headers.get("etag") ?? "";
    const lastModified = response.headers.get("last-modified") ?? "";
    const byTag = await fetch(`${server.url}/feeds/places/soder.ics`, {
      headers: { "If-None-Match": etag },
    });
    expect(byTag.status).toBe(304);
    expect(await byTag.text()).toBe("");
    const byDate = await fetch(`${server.url}/feeds/places/soder.ics`, {
      headers: { "If-Modified-Since": lastModified },
    });
    expect(byDate.status).toBe(304);
    const stale = await fetch(`${server.url}/feeds/places/soder.ics`, {
      headers: { "If-None-Match": '"old"' },
    });
    expect(stale.status).toBe(200);
  });

  it("sends the feed gzipped to a client that takes gzip, the same calendar as to one that does not", async () => {
    const url = `${server.url}/feeds/places/soder.ics`;
    const plain = await rawRequest(url, { "Accept-Encoding": "identity" });
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers["content-length"]).toBe(String(plain.body.length));
    expect(parseWithNodeIcal(plain.body.toString()).length).toBeGreaterThan(0);

    const gzipped = await rawRequest(url, { "Accept-Encoding": "gzip, deflate, br" });
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gzipped.headers.vary).toMatch(/accept-encoding/i);
    expect(gzipped.headers["content-type"]).toBe("text/calendar; charset=utf-8");
    expect(gzipped.headers["content-length"]).toBe(String(gzipped.body.length));
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 4);
    expect(gunzipSync(gzipped.body).equals(plain.body)).toBe(true);
    expect(gzipped.headers.etag).toBe(plain.headers.etag);

    for (const refused of ["gzip;q=0", "gzip; q=0.000, identity", "*;q=0, identity"]) {
      const answer = await rawRequest(url, { "Accept-Encoding": refused });
      expect(answer.headers["content-encoding"], refused).toBeUndefined();
      expect(answer.body.equals(plain.body), refused).toBe(true);
    }
    const anything = await rawRequest(url, { "Accept-Encoding": "*" });
    expect(anything.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(anything.body).equals(plain.body)).toBe(true);

    for (const [encoding, body] of [
      ["gzip", gzipped.body],
      ["identity", plain.body],
    ] as const) {
      const head = await rawRequest(url, { "Accept-Encoding": encoding }, "HEAD");
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
      expect(head.headers["content-length"]).toBe(String(body.length));
      expect(head.headers["content-encoding"]).toBe(encoding === "gzip" ? "gzip" : undefined);
      expect(head.headers.etag).toBe(plain.headers.etag);
    }
  });

  it("keeps the ETag through a sign-up, and changes it on the very next request after a session moves", async () => {
    const url = `${server.url}/feeds/places/soder.ics`;
    const { response } = await ics(url);
    const etag = response.headers.get("etag") ?? "";
    expect((await fetch(url, { headers: { "If-None-Match": etag } })).status).toBe(304);

    // A sign-up is a write, but not to anything a feed shows.
    const familyDay = await server.db
      .selectFrom("occurrences as o")
      .innerJoin("activities as a", "a.id", "o.activity_id")
      .select("o.id")
      .where("a.slug", "=", "familjedag")
      .where("o.starts_at", ">", toInstantString(new Date()))
      .executeTakeFirstOrThrow();
    const signup = await postForm(server, `/activities/familjedag/${familyDay.id}`, null, {
      intent: "signup",
      name: "Olle",
      email: `olle-${zone.replace(/\W/g, "")}@example.org`,
      adults: "1",
      children: "0",
    });
    expect(signup.status).toBe(302);
    expect((await fetch(url, { headers: { "If-None-Match": etag } })).status).toBe(304);

    // Staff move a session of the place: the server's own connection writes.
    const session = await server.db
      .selectFrom("occurrences as o")
      .innerJoin("activities as a", "a.id", "o.activity_id")
      .select(["o.id", "o.scheduled_date"])
      .where("a.slug", "=", "pratcafe")
      .where("o.status", "=", "scheduled")
      .where("o.starts_at", ">", toInstantString(new Date()))
      .orderBy("o.starts_at", "desc")
      .executeTakeFirstOrThrow();
    const staff = await loginAs(server, "staff@example.org");
    const moved = await postForm(server, `/staff/sessions/${session.id}`, staff, {
      intent: "move",
      date: addDays(session.scheduled_date, 1),
      startTime: "09:05",
      endTime: "10:05",
      reason: "Lokalen är bokad",
    });
    expect(moved.status).toBe(302);

    const after = await ics(url, { "If-None-Match": etag });
    expect(after.response.status).toBe(200);
    const newEtag = after.response.headers.get("etag") ?? "";
    expect(newEtag).not.toBe(etag);
    const event = parseWithIcalJs(after.body).events.find(
      (e) => e.uid === `occurrence-${session.id}@traffpunkt`,
    );
    expect(event?.startDate.toString()).toBe(`${addDays(session.scheduled_date, 1)}T09:05:00`);
    expect((await fetch(url, { headers: { "If-None-Match": newEtag } })).status).toBe(304);
  });

  it("serves one session as a file, and 404 for unknown feeds", async () => {
    const session = await server.db
      .selectFrom("occurrences as o")
      .innerJoin("activities as a", "a.id", "o.activity_id")
      .select("o.id")
      .where("a.slug", "=", "malarkurs")
      .executeTakeFirstOrThrow();
    const { response, body } = await ics(`${server.url}/activities/malarkurs/${session.id}.ics`);
    expect(response.status).toBe(200);
    expect(parseWithNodeIcal(body).map((event) => event.uid)).toEqual([
      `occurrence-${session.id}@traffpunkt`,
    ]);
    for (const path of [
      "/feeds/places/nope.ics",
      "/feeds/areas/nope.ics",
      "/feeds/activities/nope.ics",
      "/feeds/me/x.ics",
      `/activities/pratcafe/${session.id}.ics`,
    ]) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
  });

  it("gives a resident a feed of their own sign-ups, revocable from the manage page", async () => {
    const session = await server.db
      .selectFrom("occurrences as o")
      .innerJoin("activities as a", "a.id", "o.activity_id")
      .select("o.id")
      .where("a.slug", "=", "familjedag")
      .executeTakeFirstOrThrow();
    const signup = await fetch(`${server.url}/activities/familjedag/${session.id}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        intent: "signup",
        name: "Ida",
        email: `ida-${zone.replace(/\W/g, "")}@example.org`,
        adults: "1",
        children: "0",
      }),
    });
    const manage = signup.headers.get("location")?.replace(/\?.*$/, "") ?? "";
    expect(manage).toMatch(/^\/rsvp\//);
    const created = await fetch(`${server.url}${manage}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "calendar-create" }),
    });
    expect(created.status).toBe(302);
    const { $ } = await getPage(`${server.url}${manage}`);
    const feedUrl = String($("#my-calendar").val());
    expect(feedUrl).toMatch(/\/feeds\/me\/[\w-]{43}\.ics$/);
    const path = new URL(feedUrl).pathname;
    const mine = await ics(`${server.url}${path}`);
    expect(mine.response.status).toBe(200);
    expect(mine.response.headers.get("cache-control")).toBe("private, max-age=300");
    expect(parseWithNodeIcal(mine.body).map((event) => event.uid)).toEqual([
      `occurrence-${session.id}@traffpunkt`,
    ]);
    expect(mine.body).not.toContain("Ida");
    expect(mine.body).not.toContain("@example.org");

    await fetch(`${server.url}${manage}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "calendar-revoke" }),
    });
    expect((await fetch(`${server.url}${path}`)).status).toBe(404);
  });

  it("links to the feeds from the pages", async () => {
    const place = await getPage(`${server.url}/places/plantan`);
    expect(place.$("a[href^='webcal://']").attr("href")).toMatch(
      /^webcal:\/\/[^/]+\/feeds\/places\/plantan\.ics$/,
    );
    expect(String(place.$(".copy-field").val())).toMatch(
      /^http:\/\/[^/]+\/feeds\/places\/plantan\.ics$/,
    );
    const area = await getPage(`${server.url}/?area=dalhem`);
    expect(area.$("a[href^='webcal://']").attr("href")).toMatch(/\/feeds\/areas\/dalhem\.ics$/);
    const activity = await getPage(`${server.url}/activities/pratcafe`);
    expect(activity.$("a[href^='webcal://']").attr("href")).toMatch(
      /\/feeds\/activities\/pratcafe\.ics$/,
    );
    const sessionId = await server.db
      .selectFrom("occurrences as o")
      .innerJoin("activities as a", "a.id", "o.activity_id")
      .select("o.id")
      .where("a.slug", "=", "pratcafe")
      .where("o.status", "=", "scheduled")
      .where("o.starts_at", ">", toInstantString(new Date()))
      .executeTakeFirstOrThrow();
    const session = await getPage(`${server.url}/activities/pratcafe/${sessionId.id}`);
    expect(session.$(`a[href='/activities/pratcafe/${sessionId.id}.ics']`)).toHaveLength(1);
    expect(session.$("a[href^='https://calendar.google.com/']").attr("href")).toContain(
      "ctz=Europe%2FStockholm",
    );
  });
});
