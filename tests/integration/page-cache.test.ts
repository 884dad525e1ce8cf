import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPage, text } from "../support/html";
import { loginAs } from "../support/login";
import { nextSessionPath } from "../support/sessions";
import { rawRequest } from "../support/raw-request";
import { startTestServer, type TestServer } from "../support/test-server";

// Public pages are kept as rendered HTML until the data changes (app/utils/page-cache.server.ts).
// What a visitor sees must never be older than the data, nor someone else's page.

let server: TestServer;
let sessionPath: string;

beforeAll(async () => {
  server = await startTestServer();
  sessionPath = await nextSessionPath(server.db, "familjedag");
});
afterAll(async () => {
  await server?.stop();
});

const SWEDISH = { "accept-language": "sv-SE" };

describe("the public page cache", () => {
  it("answers a repeated page with the same bytes, gzipped when asked, and 304 to its ETag", async () => {
    const first = await rawRequest(`${server.url}/places/soder`, {
      ...SWEDISH,
      "accept-encoding": "identity",
    });
    const plain = await rawRequest(`${server.url}/places/soder`, {
      ...SWEDISH,
      "accept-encoding": "identity",
    });
    const gzipped = await rawRequest(`${server.url}/places/soder`, {
      ...SWEDISH,
      "accept-encoding": "gzip",
    });
    expect([first.status, plain.status, gzipped.status]).toEqual([200, 200, 200]);
    expect(plain.body.toString()).toBe(first.body.toString());
    expect(plain.body.toString()).toContain("<h1>@Söder</h1>");
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzipped.body).toString()).toBe(first.body.toString());
    expect(plain.headers["content-security-policy"]).toContain("script-src 'none'");
    const etag = String(plain.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await rawRequest(`${server.url}/places/soder`, {
      ...SWEDISH,
      "if-none-match": etag,
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it("shows a change made by another process on the very next request", async () => {
    await getPage(`${server.url}/places/soder`, { headers: SWEDISH });
    await server.db
      .updateTable("places")
      .set({ description: "Nu med nymålat café." })
      .where("slug", "=", "soder")
      .execute();
    const page = await getPage(`${server.url}/places/soder`, { headers: SWEDISH });
    expect(text(page.$, ".lead")).toBe("Nu med nymålat café.");
  });

  it("shows a sign-up made through the site in the places left at once", async () => {
    const placesLeft = async () => {
      const page = await getPage(`${server.url}${sessionPath}`, { headers: SWEDISH });
      const match = /(\d+) av (\d+) platser kvar/.exec(page.$("main").text());
      if (!match) throw new Error("no places left shown");
      return Number(match[1]);
    };
    const before = await placesLeft();
    expect(await placesLeft()).toBe(before);
    const signedUp = await fetch(`${server.url}${sessionPath}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
      body: new URLSearchParams({
        intent: "signup",
        name: "Cache Cecilia",
        email: "cache@example.org",
        adults: "2",
        children: "0",
      }),
    });
    expect(signedUp.status).toBe(302);
    expect(await placesLeft()).toBe(before - 2);
  });

  it("never gives a visitor another's language or login", async () => {
    const swedish = await getPage(`${server.url}/places/soder`, { headers: SWEDISH });
    const english = await getPage(`${server.url}/places/soder`, {
      headers: { ...SWEDISH, cookie: "lang=en" },
    });
    const arabic = await getPage(`${server.url}/places/soder`, {
      headers: { "accept-language": "ar" },
    });
    expect(swedish.$("html").attr("lang")).toBe("sv");
    expect(english.$("html").attr("lang")).toBe("en");
    expect(arabic.$("html").attr("lang")).toBe("ar");

    const cookie = await loginAs(server, "staff@example.org");
    const staff = await getPage(`${server.url}/places/soder`, { headers: { ...SWEDISH, cookie } });
    expect(staff.$('nav a[href="/staff"]').length).toBe(1);
    expect(staff.response.headers.get("etag")).toBeNull();
    const anonymous = await getPage(`${server.url}/places/soder`, { headers: SWEDISH });
    expect(anonymous.$('nav a[href="/staff"]').length).toBe(0);
  });

  it("keeps no error page", async () => {
    for (let round = 0; round < 2; round++) {
      const missing = await getPage(`${server.url}/places/nowhere`, { headers: SWEDISH });
      expect(missing.status).toBe(404);
      expect(missing.response.headers.get("etag")).toBeNull();
    }
  });
});
