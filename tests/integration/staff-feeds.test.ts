import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPage, text } from "../support/html";
import { loginAs, postForm } from "../support/login";
import { startTestServer, type TestServer } from "../support/test-server";

// The partner's calendar, served on loopback: the app's server process fetches it for real.
const CALENDAR = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//Partner//EN",
  "BEGIN:VEVENT",
  "UID:sagostund-1@bibliotek.example",
  "DTSTAMP:20260101T000000Z",
  "DTSTART;TZID=Europe/Stockholm:20270310T100000",
  "DTEND;TZID=Europe/Stockholm:20270310T110000",
  "SUMMARY:Sagostund",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");

let server: TestServer;
let remote: Server;
let remoteUrl: string;
let cookie: string;

beforeAll(async () => {
  remote = createServer((request, response) => {
    if (request.url === "/broken.ics") {
      response.writeHead(200, { "Content-Type": "text/calendar" }).end("this is not a calendar");
      return;
    }
    response.writeHead(200, { "Content-Type": "text/calendar; charset=utf-8" }).end(CALENDAR);
  });
  await new Promise<void>((resolve) => remote.listen(0, "127.0.0.1", resolve));
  const address = remote.address();
  remoteUrl = typeof address === "object" && address ? `http://127.0.0.1:${address.port}` : "";
  server = await startTestServer();
  cookie = await loginAs(server, "staff@example.org");
});
afterAll(async () => {
  await server?.stop();
  await new Promise((resolve) => remote?.close(resolve));
});

async function ids() {
  const partner = await server.db
    .selectFrom("partners")
    .select("id")
    .where("slug", "=", "helsingborgs-bibliotek")
    .executeTakeFirstOrThrow();
  const place = await server.db
    .selectFrom("places")
    .select("id")
    .where("slug", "=", "plantan")
    .executeTakeFirstOrThrow();
  return { partnerId: String(partner.id), placeId: String(place.id) };
}

describe("/staff/feeds", () => {
  it("registers a partner's calendar, fetches it on demand and reports the run", async () => {
    const added = await postForm(server, "/staff/feeds", cookie, {
      intent: "add",
      ...(await ids()),
      url: `${remoteUrl}/bibliotek.ics`,
    });
    expect(added.status).toBe(302);
    const source = await server.db
      .selectFrom("feed_sources")
      .select("id")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    const ran = await postForm(server, "/staff/feeds", cookie, {
      intent: "run",
      sourceId: String(source.id),
    });
    expect(ran.status).toBe(302);
    const { $ } = await getPage(`${server.url}/staff/feeds`, { headers: { Cookie: cookie } });
    expect(text($, ".feed-runs")).toContain("Klart: 1 nya");
    const activity = await server.db
      .selectFrom("activities")
      .select(["title", "status"])
      .where("source_uid", "=", "sagostund-1@bibliotek.example")
      .executeTakeFirstOrThrow();
    // The library is a trusted partner in the demo: its events publish at once.
    expect(activity).toEqual({ title: "Sagostund", status: "published" });
    const audit = await server.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity", "=", "feed_source")
      .execute();
    expect(audit.map((row) => row.action).sort()).toEqual(["create", "import"]);
  });

  it("reports a broken calendar on the page and imports nothing", async () => {
    await postForm(server, "/staff/feeds", cookie, {
      intent: "add",
      ...(await ids()),
      url: `${remoteUrl}/broken.ics`,
    });
    const source = await server.db
      .selectFrom("feed_sources")
      .select("id")
      .where("url", "like", "%broken.ics")
      .executeTakeFirstOrThrow();
    const before = await server.db.selectFrom("activities").select("id").execute();
    await postForm(server, "/staff/feeds", cookie, { intent: "run", sourceId: String(source.id) });
    const { $ } = await getPage(`${server.url}/staff/feeds`, { headers: { Cookie: cookie } });
    expect(text($, ".feed-runs")).toMatch(/Fel: /);
    expect(await server.db.selectFrom("activities").select("id").execute()).toHaveLength(
      before.length,
    );
  });

  it("refuses an address that is not http(s) with a message beside the field", async () => {
    const answer = await postForm(server, "/staff/feeds", cookie, {
      intent: "add",
      ...(await ids()),
      url: "javascript:alert(1)",
    });
    expect(answer.status).toBe(400);
    const { $ } = await getPage(`${server.url}/staff/feeds`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        intent: "add",
        ...(await ids()),
        url: "ftp://example.org/x.ics",
      }),
    });
    expect(text($, "#feed-url-error")).toContain("https://");
    expect($("#feed-url").attr("value")).toBe("ftp://example.org/x.ics");
  });
});
