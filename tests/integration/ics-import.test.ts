import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { delay, http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest } from "#db/migrate";
import {
  CANCELLED_REASON,
  feedUrlProblem,
  importDueFeeds,
  importFeed,
  listFeedRuns,
  REMOVED_REASON,
} from "~/models/ics-import.server";
import { openDatabase, type DB } from "~/utils/db.server";
import { TMP } from "../support/paths";

// ---------------------------------------------------------------------------------------------
// Remote calendars, served by msw.

const BASE = "https://kalender.example";
/** name → ICS text served at `${BASE}/${name}`; tests change it between runs. */
const feeds = new Map<string, string>();
const encoder = new TextEncoder();

const server = setupServer(
  http.get(`${BASE}/:name`, ({ params }) => {
    const body = feeds.get(String(params.name));
    if (body === undefined) return new HttpResponse("Not found", { status: 404 });
    return new HttpResponse(body, { headers: { "content-type": "text/calendar; charset=utf-8" } });
  }),
  http.get("https://slow.example/late.ics", async () => {
    await delay(2_000);
    return new HttpResponse(calendar(), { headers: { "content-type": "text/calendar" } });
  }),
  // Headers at once, then a trickle that never ends: only a deadline for the whole body helps.
  http.get("https://slow.example/trickle.ics", () => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode("BEGIN:VCALENDAR\r\n"));
        let ticks = 0;
        timer = setInterval(() => {
          if (++ticks > 100) clearInterval(timer);
          else controller.enqueue(encoder.encode("X-PAD:x\r\n"));
        }, 50);
      },
      cancel() {
        clearInterval(timer);
      },
    });
    return new HttpResponse(body, { headers: { "content-type": "text/calendar" } });
  }),
  http.get("https://big.example/honest.ics", () => HttpResponse.text(bigCalendar())),
  http.get(
    "https://big.example/lying.ics",
    () =>
      new HttpResponse(bigCalendar(), {
        headers: { "content-type": "text/calendar", "content-length": "100" },
      }),
  ),
  // A body with no end at all.
  http.get("https://big.example/endless.ics", () => {
    const chunk = encoder.encode(`X-PAD:${"x".repeat(1000)}\r\n`);
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode("BEGIN:VCALENDAR\r\n"));
      },
      pull(controller) {
        pulls++;
        controller.enqueue(chunk);
      },
    });
    endlessPulls = () => pulls;
    return new HttpResponse(body, { headers: { "content-type": "text/calendar" } });
  }),
  http.get(
    "https://latin1.example/feed.ics",
    () =>
      new HttpResponse(
        Buffer.from(
          calendar(
            event("latin1@example", "Påskfika för äldre", "20260402T140000", "20260402T160000"),
          ),
          "latin1",
        ),
        { headers: { "content-type": "text/calendar; charset=windows-1252" } },
      ),
  ),
  http.get("https://html.example/feed.ics", () => HttpResponse.html("<html><body>Logga in</body>")),
);
let endlessPulls = () => 0;

function calendar(...events: string[]): string {
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Föreningen//Kalender//SV",
    ...events,
    "END:VCALENDAR",
    "",
  ].join("\r\n");
}

/** A VEVENT at Stockholm wall times ("20260329T140000"), plus any further lines. */
function event(uid: string, summary: string, start: string, end: string, ...extra: string[]) {
  return [
    "BEGIN:VEVENT",
    `UID:${uid}`,
    "DTSTAMP:20260201T000000Z",
    `DTSTART;TZID=Europe/Stockholm:${start}`,
    `DTEND;TZID=Europe/Stockholm:${end}`,
    `SUMMARY:${summary}`,
    ...extra,
    "END:VEVENT",
  ].join("\r\n");
}

function bigCalendar(): string {
  return calendar(
    event("big@example", "Stor", "20260329T140000", "20260329T150000", `X-PAD:${"x".repeat(5000)}`),
  );
}

// ---------------------------------------------------------------------------------------------
// A fresh, migrated database of this file's own.

let db: DB;
let file: string;
let areaId: number;
let placeId: number;
let roomId: number;
let untrustedId: number;
let trustedId: number;
const now = new Date("2026-03-01T10:00:00Z");

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  mkdirSync(TMP, { recursive: true });
  file = join(TMP, `ics-import-${randomUUID()}.db`);
  db = openDatabase(file);
  await migrateToLatest(db);

  const stamp = "2026-01-01T00:00:00Z";
  areaId = (
    await db
      .insertInto("areas")
      .values({ slug: "drottninghog", name: "Drottninghög", created_at: stamp })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  placeId = (
    await db
      .insertInto("places")
      .values({
        slug: "drottninghogs-traffpunkt",
        name: "Drottninghögs träffpunkt",
        area_id: areaId,
        street_address: "Drottninghögsvägen 1",
        phone: null,
        email: null,
        created_at: stamp,
        updated_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  roomId = (
    await db
      .insertInto("rooms")
      .values({ place_id: placeId, name: "Samlingssalen", capacity: 40, created_at: stamp })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const partner = (slug: string, trusted: 0 | 1) =>
    db
      .insertInto("partners")
      .values({ slug, name: slug, website: null, email: null, trusted, created_at: stamp })
      .returning("id")
      .executeTakeFirstOrThrow();
  untrustedId = (await partner("nya-foreningen", 0)).id;
  trustedId = (await partner("studieforbundet", 1)).id;
});

afterEach(() => {
  server.resetHandlers();
});

afterAll(async () => {
  server.close();
  await db.destroy();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
});

async function addSource(url: string, options: { trusted?: boolean; room?: boolean } = {}) {
  const { id } = await db
    .insertInto("feed_sources")
    .values({
      partner_id: options.trusted ? trustedId : untrustedId,
      place_id: placeId,
      room_id: options.room ? roomId : null,
      url,
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
      last_run_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** A source whose calendar the test controls through the returned setter. */
async function feedSource(options: { trusted?: boolean; room?: boolean } = {}) {
  const name = `${randomUUID()}.ics`;
  const id = await addSource(`${BASE}/${name}`, options);
  return { id, serve: (text: string) => feeds.set(name, text) };
}

function activitiesOf(sourceId: number) {
  return db
    .selectFrom("activities")
    .selectAll()
    .where("source_id", "=", sourceId)
    .orderBy("source_uid")
    .execute();
}

function sessionsOf(sourceId: number) {
  return db
    .selectFrom("occurrences as o")
    .innerJoin("activities as a", "a.id", "o.activity_id")
    .select([
      "o.id",
      "a.source_uid",
      "o.scheduled_date",
      "o.starts_at",
      "o.ends_at",
      "o.status",
      "o.cancel_reason",
      "o.sequence",
    ])
    .where("a.source_id", "=", sourceId)
    .orderBy("o.starts_at")
    .execute();
}

async function snapshot(sourceId: number) {
  return { activities: await activitiesOf(sourceId), sessions: await sessionsOf(sourceId) };
}

// ---------------------------------------------------------------------------------------------

const normalFeed = calendar(
  // 29 March 2026 is the day summer time begins: 14:00 in Stockholm is 12:00 UTC.
  event("sprakcafe@example", "Språkcafé", "20260329T140000", "20260329T160000"),
  event(
    "stickcafe@example",
    "Stickcafé",
    "20260310T180000",
    "20260310T200000",
    "DESCRIPTION:Ta med garn.\\nVi bjuder på kaffe.",
  ),
  // Weekly from before to after the clock change, one week left out.
  event(
    "laxhjalp@example",
    "Läxhjälp",
    "20260317T160000",
    "20260317T170000",
    "RRULE:FREQ=WEEKLY;COUNT=4",
    "EXDATE;TZID=Europe/Stockholm:20260324T160000",
  ),
  [
    "BEGIN:VEVENT",
    "UID:utc@example",
    "DTSTART:20260320T100000Z",
    "DTEND:20260320T113000Z",
    "SUMMARY:Frukostmöte",
    "END:VEVENT",
  ].join("\r\n"),
  // No zone at all: read as Stockholm time.
  [
    "BEGIN:VEVENT",
    "UID:floating@example",
    "DTSTART:20260401T100000",
    "DTEND:20260401T113000",
    "SUMMARY:Påskpyssel",
    "END:VEVENT",
  ].join("\r\n"),
  // Skipped and counted: all-day, no UID.
  [
    "BEGIN:VEVENT",
    "UID:allday@example",
    "DTSTART;VALUE=DATE:20260406",
    "SUMMARY:Stängt annandag påsk",
    "END:VEVENT",
  ].join("\r\n"),
  [
    "BEGIN:VEVENT",
    "DTSTART:20260321T100000Z",
    "DTEND:20260321T110000Z",
    "SUMMARY:Utan UID",
    "END:VEVENT",
  ].join("\r\n"),
  // Long past: outside the window, neither imported nor counted.
  event("gammal@example", "Julfest 2024", "20241220T180000", "20241220T210000"),
);

describe("importing a partner's calendar", () => {
  it("creates activities awaiting approval, at the right Stockholm times across the clock change", async () => {
    const source = await feedSource({ room: true });
    source.serve(normalFeed);

    const run = await importFeed(db, source.id, now);

    expect(run).toMatchObject({
      outcome: "ok",
      error: null,
      created_count: 7,
      updated_count: 0,
      cancelled_count: 0,
      skipped_count: 2,
      started_at: "2026-03-01T10:00:00Z",
    });
    const activities = await activitiesOf(source.id);
    expect(activities.map((a) => [a.source_uid, a.title, a.status])).toEqual([
      ["floating@example", "Påskpyssel", "pending"],
      ["laxhjalp@example", "Läxhjälp", "pending"],
      ["sprakcafe@example", "Språkcafé", "pending"],
      ["stickcafe@example", "Stickcafé", "pending"],
      ["utc@example", "Frukostmöte", "pending"],
    ]);
    for (const activity of activities) {
      expect(activity).toMatchObject({
        organiser_kind: "partner",
        partner_id: untrustedId,
        area_id: areaId,
        place_id: placeId,
        room_id: roomId,
        signup_mode: "none",
        category: "social",
        audience: "everyone",
      });
      expect(activity.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*-[0-9a-f]{6}$/);
    }
    const stick = activities.find((a) => a.source_uid === "stickcafe@example");
    expect(stick?.description).toBe("Ta med garn.\nVi bjuder på kaffe.");
    expect(activities.find((a) => a.source_uid === "sprakcafe@example")?.slug).toMatch(
      /^sprakcafe-[0-9a-f]{6}$/,
    );

    const sessions = await sessionsOf(source.id);
    expect(sessions.map((s) => [s.source_uid, s.scheduled_date, s.starts_at, s.ends_at])).toEqual([
      ["stickcafe@example", "2026-03-10", "2026-03-10T17:00:00Z", "2026-03-10T19:00:00Z"],
      ["laxhjalp@example", "2026-03-17", "2026-03-17T15:00:00Z", "2026-03-17T16:00:00Z"],
      ["utc@example", "2026-03-20", "2026-03-20T10:00:00Z", "2026-03-20T11:30:00Z"],
      ["sprakcafe@example", "2026-03-29", "2026-03-29T12:00:00Z", "2026-03-29T14:00:00Z"],
      ["laxhjalp@example", "2026-03-31", "2026-03-31T14:00:00Z", "2026-03-31T15:00:00Z"],
      ["floating@example", "2026-04-01", "2026-04-01T08:00:00Z", "2026-04-01T09:30:00Z"],
      ["laxhjalp@example", "2026-04-07", "2026-04-07T14:00:00Z", "2026-04-07T15:00:00Z"],
    ]);
    expect(sessions.every((s) => s.status === "scheduled" && s.sequence === 0)).toBe(true);

    const [stored] = await listFeedRuns(db, source.id, 5);
    expect(stored).toEqual(run);
    const { last_run_at } = await db
      .selectFrom("feed_sources")
      .select("last_run_at")
      .where("id", "=", source.id)
      .executeTakeFirstOrThrow();
    expect(last_run_at).toBe("2026-03-01T10:00:00Z");
  });

  it("publishes a trusted partner's activities at once", async () => {
    const source = await feedSource({ trusted: true });
    source.serve(normalFeed);

    await importFeed(db, source.id, now);

    const activities = await activitiesOf(source.id);
    expect(activities).toHaveLength(5);
    expect(activities.every((a) => a.status === "published" && a.partner_id === trustedId)).toBe(
      true,
    );
  });

  it("changes nothing when the same calendar is imported again", async () => {
    const source = await feedSource();
    source.serve(normalFeed);
    await importFeed(db, source.id, now);
    const before = await snapshot(source.id);

    const run = await importFeed(db, source.id, new Date("2026-03-01T16:00:00Z"));

    expect(run).toMatchObject({
      outcome: "ok",
      created_count: 0,
      updated_count: 0,
      cancelled_count: 0,
      skipped_count: 2,
    });
    expect(await snapshot(source.id)).toEqual(before);
  });

  it("reads floating times as Stockholm time whatever the server's zone", async () => {
    const previous = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const source = await feedSource();
      source.serve(normalFeed);
      await importFeed(db, source.id, now);
      const sessions = await sessionsOf(source.id);
      expect(sessions.find((s) => s.source_uid === "floating@example")).toMatchObject({
        scheduled_date: "2026-04-01",
        starts_at: "2026-04-01T08:00:00Z",
      });
      expect(sessions.find((s) => s.source_uid === "sprakcafe@example")?.starts_at).toBe(
        "2026-03-29T12:00:00Z",
      );
    } finally {
      process.env.TZ = previous;
    }
  });
  it("reads a calendar in the character set its server names", async () => {
    const id = await addSource("https://latin1.example/feed.ics");

    await importFeed(db, id, now);

    expect((await activitiesOf(id)).map((a) => a.title)).toEqual(["Påskfika för äldre"]);
  });
});

describe("a changed calendar", () => {
  it("updates a changed time and title in place and raises the sequence", async () => {
    const source = await feedSource();
    source.serve(normalFeed);
    await importFeed(db, source.id, now);
    const [before] = await activitiesOf(source.id).then((all) =>
      all.filter((a) => a.source_uid === "sprakcafe@example"),
    );
    const sessionBefore = (await sessionsOf(source.id)).find(
      (s) => s.source_uid === "sprakcafe@example",
    );

    source.serve(
      normalFeed.replace(
        event("sprakcafe@example", "Språkcafé", "20260329T140000", "20260329T160000"),
        event("sprakcafe@example", "Språkcafé för nybörjare", "20260329T150000", "20260329T170000"),
      ),
    );
    const run = await importFeed(db, source.id, now);

    expect(run).toMatchObject({ outcome: "ok", created_count: 0, updated_count: 1 });
    const [after] = (await activitiesOf(source.id)).filter(
      (a) => a.source_uid === "sprakcafe@example",
    );
    expect(after).toMatchObject({
      id: before.id,
      slug: before.slug,
      title: "Språkcafé för nybörjare",
      status: "pending",
    });
    const session = (await sessionsOf(source.id)).find((s) => s.source_uid === "sprakcafe@example");
    expect(session).toMatchObject({
      id: sessionBefore?.id,
      starts_at: "2026-03-29T13:00:00Z",
      ends_at: "2026-03-29T15:00:00Z",
      status: "scheduled",
      sequence: 1,
    });
  });

  it("moves a single event to another day as the same session", async () => {
    const source = await feedSource();
    source.serve(
      calendar(event("flytt@example", "Brädspel", "20260312T180000", "20260312T200000")),
    );
    await importFeed(db, source.id, now);
    const [before] = await sessionsOf(source.id);

    source.serve(
      calendar(event("flytt@example", "Brädspel", "20260313T180000", "20260313T200000")),
    );
    const run = await importFeed(db, source.id, now);

    expect(run).toMatchObject({ created_count: 0, updated_count: 1, cancelled_count: 0 });
    expect(await sessionsOf(source.id)).toEqual([
      {
        ...before,
        scheduled_date: "2026-03-13",
        starts_at: "2026-03-13T17:00:00Z",
        ends_at: "2026-03-13T19:00:00Z",
        sequence: 1,
      },
    ]);
  });

  it("moves every future session of a series when its time changes", async () => {
    const source = await feedSource();
    const series = (start: string, end: string) =>
      calendar(event("serie@example", "Läxhjälp", start, end, "RRULE:FREQ=WEEKLY;COUNT=3"));
    source.serve(series("20260303T160000", "20260303T170000"));
    await importFeed(db, source.id, now);

    source.serve(series("20260303T163000", "20260303T173000"));
    const run = await importFeed(db, source.id, now);

    expect(run).toMatchObject({ created_count: 0, updated_count: 3 });
    expect((await sessionsOf(source.id)).map((s) => [s.starts_at, s.sequence])).toEqual([
      ["2026-03-03T15:30:00Z", 1],
      ["2026-03-10T15:30:00Z", 1],
      ["2026-03-17T15:30:00Z", 1],
    ]);
  });

  it("cancels the future sessions of a removed event and keeps the past ones", async () => {
    const source = await feedSource();
    source.serve(normalFeed);
    await importFeed(db, source.id, now);
    const later = new Date("2026-03-15T10:00:00Z");

    // Stickcafé (10 March, now past) and Språkcafé (29 March) are gone from the calendar.
    source.serve(
      normalFeed
        .replace(event("sprakcafe@example", "Språkcafé", "20260329T140000", "20260329T160000"), "")
        .replace(/BEGIN:VEVENT\r\nUID:stickcafe@example[\s\S]*?END:VEVENT\r\n/, ""),
    );
    const run = await importFeed(db, source.id, later);

    expect(run).toMatchObject({ outcome: "ok", created_count: 0, cancelled_count: 1 });
    const sessions = await sessionsOf(source.id);
    expect(sessions.find((s) => s.source_uid === "sprakcafe@example")).toMatchObject({
      status: "cancelled",
      cancel_reason: REMOVED_REASON,
      sequence: 1,
    });
    expect(sessions.find((s) => s.source_uid === "stickcafe@example")).toMatchObject({
      status: "scheduled",
      sequence: 0,
    });
    // The activities themselves stay, with their history.
    expect(await activitiesOf(source.id)).toHaveLength(5);

    // Back in the calendar: the session is on again.
    source.serve(normalFeed);
    const again = await importFeed(db, source.id, later);
    expect(again).toMatchObject({ created_count: 0, updated_count: 1, cancelled_count: 0 });
    expect(
      (await sessionsOf(source.id)).find((s) => s.source_uid === "sprakcafe@example"),
    ).toMatchObject({ status: "scheduled", cancel_reason: null, sequence: 2 });
  });

  it("cancels one session of a series that the partner cancelled", async () => {
    const source = await feedSource();
    const series = event(
      "serie@example",
      "Läxhjälp",
      "20260303T160000",
      "20260303T170000",
      "RRULE:FREQ=WEEKLY;COUNT=3",
    );
    source.serve(calendar(series));
    await importFeed(db, source.id, now);

    source.serve(
      calendar(
        series,
        [
          "BEGIN:VEVENT",
          "UID:serie@example",
          "RECURRENCE-ID;TZID=Europe/Stockholm:20260310T160000",
          "DTSTART;TZID=Europe/Stockholm:20260310T160000",
          "DTEND;TZID=Europe/Stockholm:20260310T170000",
          "SUMMARY:Läxhjälp",
          "STATUS:CANCELLED",
          "END:VEVENT",
        ].join("\r\n"),
      ),
    );
    const run = await importFeed(db, source.id, now);

    expect(run).toMatchObject({ created_count: 0, updated_count: 0, cancelled_count: 1 });
    expect((await sessionsOf(source.id)).map((s) => [s.scheduled_date, s.status])).toEqual([
      ["2026-03-03", "scheduled"],
      ["2026-03-10", "cancelled"],
      ["2026-03-17", "scheduled"],
    ]);
    expect((await sessionsOf(source.id))[1].cancel_reason).toBe(CANCELLED_REASON);
  });
});

describe("a calendar that cannot be imported", () => {
  async function importedSource() {
    const source = await feedSource();
    source.serve(normalFeed);
    await importFeed(db, source.id, now);
    return source;
  }

  it.each([
    ["cut off in the middle", normalFeed.slice(0, normalFeed.length / 2), /ofullständig/],
    ["not a calendar at all", "Hej! Här finns ingen kalender.", /ingen iCalendar-fil/],
    ["broken lines", normalFeed.replace("SUMMARY:Läxhjälp", "Läxhjälp"), /rad \d+/],
    ["mismatched components", normalFeed.replace("END:VEVENT", "END:VTODO"), /rad \d+/],
  ])("reports a calendar %s and changes nothing", async (_, body, message) => {
    const source = await importedSource();
    const before = await snapshot(source.id);
    source.serve(body);

    const run = await importFeed(db, source.id, new Date("2026-03-02T10:00:00Z"));

    expect(run).toMatchObject({ outcome: "error", created_count: 0, cancelled_count: 0 });
    expect(run.error).toMatch(message);
    expect(await snapshot(source.id)).toEqual(before);
    const [latest] = await listFeedRuns(db, source.id, 1);
    expect(latest).toEqual(run);
  });

  it("reports a missing calendar and a web page instead of one", async () => {
    const missing = await addSource(`${BASE}/finns-inte.ics`);
    expect((await importFeed(db, missing, now)).error).toBe(
      "Kalendern kunde inte hämtas: servern svarade 404",
    );
    const page = await addSource("https://html.example/feed.ics");
    expect((await importFeed(db, page, now)).error).toBe(
      "Adressen gav text/html, inte en kalender",
    );
  });

  it.each([
    ["says how large it is", "https://big.example/honest.ics"],
    ["claims to be small", "https://big.example/lying.ics"],
    ["never ends", "https://big.example/endless.ics"],
  ])("refuses a calendar larger than the cap that %s", async (_, url) => {
    const id = await addSource(url);

    const run = await importFeed(db, id, now, { maxBytes: 2_000 });

    expect(run).toMatchObject({ outcome: "error", error: "Kalendern är större än 2 kB" });
    expect(await activitiesOf(id)).toEqual([]);
  });

  it("stops reading an endless body soon after the cap", async () => {
    const id = await addSource("https://big.example/endless.ics?again");
    await importFeed(db, id, now, { maxBytes: 20_000 });
    expect(endlessPulls()).toBeLessThan(40);
  });

  it.each([
    ["answers too late", "https://slow.example/late.ics"],
    ["trickles forever", "https://slow.example/trickle.ics"],
  ])("gives up on a server that %s", async (_, url) => {
    const id = await addSource(url);
    const began = performance.now();

    const run = await importFeed(db, id, now, { timeoutMs: 200 });

    expect(performance.now() - began).toBeLessThan(1_500);
    expect(run).toMatchObject({ outcome: "error", error: "Servern svarade inte inom 0,2 s" });
  });
});

describe("a hostile calendar", () => {
  it("cleans titles and descriptions and never lets them add events", async () => {
    const source = await feedSource();
    source.serve(
      calendar(
        event(
          "elak@example",
          "Fika\\r\\nBEGIN:VEVENT\\nUID:injected\u0007\u202e",
          "20260329T140000",
          "20260329T160000",
          `DESCRIPTION:${"Lång text. ".repeat(20_000)}`,
        ),
        event("x".repeat(300), "För lång UID", "20260329T140000", "20260329T160000"),
      ),
    );

    const run = await importFeed(db, source.id, now);

    expect(run).toMatchObject({ outcome: "ok", created_count: 1, skipped_count: 1 });
    const [activity] = await activitiesOf(source.id);
    expect(activity.title).not.toMatch(/[\u0000-\u001f\u007f\u202e]/);
    expect(activity.title).toMatch(/^Fika.*BEGIN:VEVENT.*UID:injected$/);
    expect(activity.description.length).toBeLessThanOrEqual(5_000);
    expect(activity.slug).toMatch(/^fika-.*-[0-9a-f]{6}$/);
  });

  it("skips impossible events and rules and imports the rest", async () => {
    const source = await feedSource();
    source.serve(
      calendar(
        event("ok@example", "Vanlig", "20260329T140000", "20260329T160000"),
        event("baklanges@example", "Slutar före start", "20260329T160000", "20260329T140000"),
        event(
          "minut@example",
          "Varje minut",
          "20260329T140000",
          "20260329T140100",
          "RRULE:FREQ=MINUTELY",
        ),
        event("vecka@example", "En vecka lång", "20260301T140000", "20260320T140000"),
        [
          "BEGIN:VEVENT",
          "UID:trasigt-datum@example",
          "DTSTART:2026-03-29 kl 14",
          "SUMMARY:Trasigt datum",
          "END:VEVENT",
        ].join("\r\n"),
      ),
    );

    const run = await importFeed(db, source.id, now);

    expect(run).toMatchObject({ outcome: "ok", created_count: 1, skipped_count: 4 });
    expect((await activitiesOf(source.id)).map((a) => a.source_uid)).toEqual(["ok@example"]);
  });

  it("refuses a calendar with 10 000 events as a whole", async () => {
    const source = await feedSource();
    const events = Array.from({ length: 10_000 }, (_, i) =>
      event(`massa-${i}@example`, `Händelse ${i}`, "20260329T140000", "20260329T150000"),
    );
    source.serve(calendar(...events));
    const began = performance.now();

    const run = await importFeed(db, source.id, now, { maxBytes: 5 * 1024 * 1024 });

    expect(performance.now() - began).toBeLessThan(5_000);
    expect(run).toMatchObject({
      outcome: "error",
      error: "Kalendern har fler än 1000 händelser",
    });
    expect(await activitiesOf(source.id)).toEqual([]);
  });

  it.each([
    "javascript:alert(1)",
    "file:///etc/passwd",
    "data:text/calendar,BEGIN:VCALENDAR",
    "https://anna:hemligt@kalender.example/privat.ics",
    "inte en adress",
  ])("never fetches %s", async (url) => {
    const id = await addSource(url);

    const run = await importFeed(db, id, now);

    expect(run.outcome).toBe("error");
    expect(run.error).toBe(feedUrlProblem(url));
  });

  it("accepts webcal:// links as HTTPS", async () => {
    const source = await feedSource();
    source.serve(normalFeed);
    const { url } = await db
      .selectFrom("feed_sources")
      .select("url")
      .where("id", "=", source.id)
      .executeTakeFirstOrThrow();
    await db
      .updateTable("feed_sources")
      .set({ url: url.replace("https:", "webcal:") })
      .where("id", "=", source.id)
      .execute();

    expect((await importFeed(db, source.id, now)).outcome).toBe("ok");
  });
});

describe("the scheduled job", () => {
  it("runs the active sources not run lately, and lists runs newest first", async () => {
    const fresh = await feedSource();
    const stale = await feedSource();
    const inactive = await feedSource();
    for (const source of [fresh, stale, inactive]) source.serve(normalFeed);
    await db
      .updateTable("feed_sources")
      .set({ last_run_at: "2026-03-01T08:00:00Z" })
      .where("id", "=", fresh.id)
      .execute();
    await db
      .updateTable("feed_sources")
      .set({ last_run_at: "2026-03-01T03:00:00Z" })
      .where("id", "=", stale.id)
      .execute();
    await db.updateTable("feed_sources").set({ active: 0 }).where("id", "=", inactive.id).execute();
    // Every other source of this file has run at `now`, so none of them is due.

    const runs = await importDueFeeds(db, now);

    expect(runs.map((run) => run.feed_source_id)).toEqual([stale.id]);
    expect(await importDueFeeds(db, now)).toEqual([]);

    const later = new Date("2026-03-01T17:00:00Z");
    await importFeed(db, stale.id, later);
    expect((await listFeedRuns(db, stale.id)).map((run) => run.started_at)).toEqual([
      "2026-03-01T17:00:00Z",
      "2026-03-01T10:00:00Z",
    ]);
  });
});
