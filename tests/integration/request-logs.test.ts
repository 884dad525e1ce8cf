import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toInstantString } from "~/domain/time";
import { latestLoginLink } from "../support/login";
import { startMailCatcher, type MailCatcher } from "../support/mail-catcher";
import { startTestServer, type TestServer } from "../support/test-server";

/**
 * Logs are shipped to places with wider access than the database (log services, support
 * tickets). A resident's or a staff member's visit must leave one structured line per request
 * and per job there, and nothing that identifies them.
 */

let server: TestServer;
let smtp: MailCatcher;

// The resident and the staff member, as unusual as possible so a leak cannot hide.
const RESIDENT = {
  name: "Zelda Quuxbottom",
  email: "zelda.quux@example.org",
  phone: "070-555 12 34",
  note: "Allergisk mot jordnötter",
};
const STAFF = { name: "Vera Verklig", email: "vera.verklig@example.org" };
const CLIENT_IP = "203.0.113.77";

beforeAll(async () => {
  smtp = await startMailCatcher();
  server = await startTestServer({
    // Behind a proxy the app knows the client's address: the case where it could log it.
    env: { SMTP_URL: smtp.url, MAIL_POLL_INTERVAL_MS: "200", TRUST_PROXY: "1" },
  });
  await server.db
    .insertInto("users")
    .values({ ...STAFF, role: "staff", partner_id: null, created_at: toInstantString(new Date()) })
    .execute();
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

type Sent = { method: string; path: string; status: number };

describe("the server's output", () => {
  it("is one JSON line per request and job, without names, emails, phones, notes, tokens or IPs", async () => {
    const sent: Sent[] = [];
    const cookies: string[] = [];
    const call = async (method: string, path: string, logged: string, form?: object) => {
      const response = await fetch(server.url + path, {
        method,
        redirect: "manual",
        headers: {
          "X-Forwarded-For": CLIENT_IP,
          "User-Agent": `Mozilla/5.0 (${RESIDENT.email})`,
          ...(form ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
          ...(cookies.length ? { Cookie: cookies.join("; ") } : {}),
        },
        body: form ? new URLSearchParams(Object.entries(form)) : undefined,
      });
      const html = await response.text();
      sent.push({ method, path: logged, status: response.status });
      return { response, html };
    };

    const session = await server.db
      .selectFrom("occurrences as o")
      .innerJoin("activities as a", "a.id", "o.activity_id")
      .select("o.id")
      .where("a.slug", "=", "familjedag")
      .where("o.status", "=", "scheduled")
      .where("o.starts_at", ">", toInstantString(new Date()))
      .orderBy("o.starts_at")
      .executeTakeFirstOrThrow();
    const sessionPath = `/activities/familjedag/${session.id}`;

    // A resident signs up, opens the manage page, changes the party and makes a calendar link.
    const signedUp = await call("POST", sessionPath, sessionPath, {
      ...RESIDENT,
      adults: "1",
      children: "0",
    });
    expect(signedUp.response.status).toBe(302);
    const manageToken = /^\/rsvp\/([A-Za-z0-9_-]{43})\?welcome=1$/.exec(
      signedUp.response.headers.get("location") ?? "",
    )?.[1];
    if (!manageToken) throw new Error("no manage link");
    expect(
      (await call("GET", `/rsvp/${manageToken}?welcome=1`, "/rsvp/:token")).response.status,
    ).toBe(200);
    const party = { intent: "party", adults: "2", children: "1" };
    expect(
      (await call("POST", `/rsvp/${manageToken}`, "/rsvp/:token", party)).response.status,
    ).toBe(302);
    const calendar = { intent: "calendar-create" };
    expect(
      (await call("POST", `/rsvp/${manageToken}`, "/rsvp/:token", calendar)).response.status,
    ).toBe(302);
    const manage = await call("GET", `/rsvp/${manageToken}`, "/rsvp/:token");
    const calendarToken = /\/feeds\/me\/([A-Za-z0-9_-]{43})\.ics/.exec(manage.html)?.[1];
    if (!calendarToken) throw new Error("no calendar link");
    const feed = await call("GET", `/feeds/me/${calendarToken}.ics`, "/feeds/me/:token");
    expect(feed.response.status).toBe(200);

    // A staff member asks for a login link, opens it, logs in and looks at the sign-ups.
    const asked = await call("POST", "/login", "/login", { email: STAFF.email });
    expect(asked.response.status).toBe(200);
    const link = await latestLoginLink(server, STAFF.email);
    const loginToken = link?.replace("/login/", "");
    if (!link || !loginToken) throw new Error("no login link");
    expect((await call("GET", link, "/login/:token")).response.status).toBe(200);
    const confirmed = await call("POST", link, "/login/:token", {});
    expect(confirmed.response.status).toBe(302);
    const sessionCookie = confirmed.response.headers.get("set-cookie")?.split(";")[0] ?? "";
    cookies.push(sessionCookie);
    const staffPage = await call(
      "GET",
      `/staff/sessions/${session.id}`,
      `/staff/sessions/${session.id}`,
    );
    expect(staffPage.response.status).toBe(200);
    expect(staffPage.html).toContain(RESIDENT.name);

    await smtp.waitFor((mail) => mail.to === RESIDENT.email);
    await smtp.waitFor((mail) => mail.to === STAFF.email);
    // The line of a request is written when its answer has been handed over: give it a moment.
    const deadline = Date.now() + 5_000;
    const requestLines = () => linesAfterBanner().filter((line) => line.includes('"request"'));
    while (requestLines().length < sent.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const jobDeadline = Date.now() + 5_000;
    while (!linesAfterBanner().some((line) => line.includes('"job":"mail"'))) {
      if (Date.now() > jobDeadline) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    // Every line from the first request on is a JSON object naming its event.
    const entries = linesAfterBanner().map((line) => {
      const entry: unknown = JSON.parse(line);
      expect(entry, line).toMatchObject({ at: expect.any(String), event: expect.any(String) });
      return entry;
    });
    // One line per request, with the secret parts of the path replaced and no query string.
    const requests = entries.filter(isRequestEntry);
    expect(requests.map(({ method, path, status }) => ({ method, path, status }))).toEqual(sent);
    expect(entries.filter((entry) => hasEvent(entry, "job")).length).toBeGreaterThan(0);

    const secrets = {
      ...RESIDENT,
      residentLocalPart: RESIDENT.email.split("@")[0],
      firstName: RESIDENT.name.split(" ")[0],
      lastName: RESIDENT.name.split(" ")[1],
      staffName: STAFF.name,
      staffEmail: STAFF.email,
      manageToken,
      calendarToken,
      loginToken,
      sessionCookie: sessionCookie.split("=")[1] ?? "",
      clientIp: CLIENT_IP,
    };
    const output = server.logs();
    for (const [what, secret] of Object.entries(secrets)) {
      // An empty secret would be "found" in any output; a short one could match by chance.
      expect(secret.length, what).toBeGreaterThanOrEqual(5);
      expect(output.includes(secret), `${what} in the server's output`).toBe(false);
    }
    // Nor the proxy's address, which is the connection's.
    expect(linesAfterBanner().some((line) => line.includes("127.0.0.1"))).toBe(false);
  });
});

describe("without SMTP_URL (mail written to files)", () => {
  let fileMail: TestServer | undefined;
  afterAll(async () => {
    await fileMail?.stop();
  });

  // PRODUCT.md asks for the login link on the console when SMTP_URL is unset (a developer's
  // machine). It may appear there, once, on its own notice line, and nowhere else.
  it("prints a login link only on its documented console notice, never in the request logs", async () => {
    const target = await startTestServer({ env: { SMTP_URL: "" } });
    fileMail = target;
    await target.db
      .insertInto("users")
      .values({
        ...STAFF,
        role: "staff",
        partner_id: null,
        created_at: toInstantString(new Date()),
      })
      .execute();
    const asked = await fetch(`${target.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: STAFF.email }),
    });
    expect(asked.status).toBe(200);
    const link = await latestLoginLink(target, STAFF.email);
    if (!link) throw new Error("no login link");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const token = link.replace("/login/", "");
    const lines = target
      .logs()
      .split("\n")
      .filter((line) => line.includes(token));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Login link \(valid 15 min\): http:\/\/localhost:\d+\/login\/[\w-]{43}$/,
    );
  });
});

/** The start-up banner (URL and demo logins) is for the person running `npm start`. */
function linesAfterBanner(): string[] {
  const lines = server.logs().split("\n");
  const first = lines.findIndex((line) => line.startsWith("{"));
  return first < 0 ? [] : lines.slice(first).filter((line) => line.trim() !== "");
}

type RequestEntry = { event: "request"; method: string; path: string; status: number };

function isRequestEntry(entry: unknown): entry is RequestEntry {
  return hasEvent(entry, "request");
}

function hasEvent(entry: unknown, event: string): boolean {
  return typeof entry === "object" && entry !== null && "event" in entry && entry.event === event;
}
