import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumeLoginToken, requestLoginLink } from "~/models/auth.server";
import { getPage, text } from "../support/html";
import { latestLoginLink, loginAs, postForm } from "../support/login";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    env: { LOGIN_LIMIT_PER_IP: "1000", LOGIN_LIMIT_PER_EMAIL: "1000" },
  });
});
afterAll(async () => {
  await server?.stop();
});

const askForLink = (
  email: string,
  extra: Record<string, string> = {},
  headers: Record<string, string> = {},
) =>
  getPage(`${server.url}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ email, ...extra }),
  });

describe("asking for a login link", () => {
  it("answers known and unknown addresses alike, and mails only the known one", async () => {
    const known = await askForLink("staff@example.org");
    const unknown = await askForLink("nobody@example.org");
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(text(known.$, "main")).toBe(text(unknown.$, "main"));
    expect(text(known.$, ".notice")).toContain(
      "Om adressen finns hos oss har vi skickat en inloggningslänk",
    );
    expect(await latestLoginLink(server, "staff@example.org")).not.toBeNull();
    expect(await latestLoginLink(server, "nobody@example.org")).toBeNull();
  });

  it("builds the link from PUBLIC_URL, not from a spoofed Host header", async () => {
    await askForLink(
      "admin@example.org",
      {},
      { Host: "evil.example", "X-Forwarded-Host": "evil.example" },
    );
    const mail = await server.db
      .selectFrom("outbox")
      .select("text_body")
      .where("to_address", "=", "admin@example.org")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(mail.text_body).not.toContain("evil.example");
    expect(mail.text_body).toMatch(/http:\/\/localhost:\d+\/login\/[\w-]{43}/);
  });

  it("stores no plain token, only its hash", async () => {
    await askForLink("staff@example.org");
    const link = await latestLoginLink(server, "staff@example.org");
    const token = link?.split("/").pop() ?? "";
    const rows = await server.db.selectFrom("login_tokens").selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash))).toBe(true);
  });

  it("refuses a malformed address with a message beside the field", async () => {
    const { status, $ } = await askForLink("not-an-address");
    expect(status).toBe(400);
    expect(text($, "#login-email-error")).toBe("Skriv en e-postadress som namn@exempel.se.");
    expect($("#login-email").attr("value")).toBe("not-an-address");
  });
});

describe("using a login link", () => {
  it("GET shows a button and consumes nothing; POST logs in once", async () => {
    await askForLink("staff@example.org");
    const link = (await latestLoginLink(server, "staff@example.org")) ?? "";
    for (let n = 0; n < 3; n++) {
      const opened = await getPage(`${server.url}${link}`);
      expect(opened.status).toBe(200);
      expect(opened.response.headers.get("referrer-policy")).toBe("same-origin");
      expect(text(opened.$, "main button")).toBe("Logga in");
    }
    const first = await fetch(`${server.url}${link}`, { method: "POST", redirect: "manual" });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("/staff");
    const cookie = first.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(
      /^traffpunkt_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/,
    );
    const reused = await getPage(`${server.url}${link}`, { method: "POST" });
    expect(reused.status).toBe(410);
    expect(text(reused.$, ".notice")).toContain("Länken går inte att använda");
  });

  it("gives exactly one session to two parallel POSTs of the same link", async () => {
    await askForLink("admin@example.org");
    const link = (await latestLoginLink(server, "admin@example.org")) ?? "";
    const before = await server.db.selectFrom("sessions").select("id").execute();
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() => fetch(`${server.url}${link}`, { method: "POST", redirect: "manual" })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([302, 410, 410, 410]);
    const after = await server.db.selectFrom("sessions").select("id").execute();
    expect(after.length - before.length).toBe(1);
  });

  it("expires after 15 minutes (fake clock)", async () => {
    const t0 = new Date("2030-01-01T10:00:00Z");
    const { link } = await requestLoginLink(server.db, "staff@example.org", null, "sv", t0);
    const token = link?.split("/").pop() ?? "";
    expect(
      await consumeLoginToken(server.db, token, new Date(t0.getTime() + 16 * 60_000)),
    ).toBeNull();
    expect(
      await consumeLoginToken(server.db, token, new Date(t0.getTime() + 14 * 60_000)),
    ).not.toBeNull();
    expect(
      await consumeLoginToken(server.db, token, new Date(t0.getTime() + 14 * 60_000)),
    ).toBeNull();
  });

  it("answers an expired link over HTTP with the 'ask for a new link' page", async () => {
    await askForLink("staff@example.org");
    const link = (await latestLoginLink(server, "staff@example.org")) ?? "";
    await server.db
      .updateTable("login_tokens")
      .set({ expires_at: "2000-01-01T00:00:00Z" })
      .where("used_at", "is", null)
      .execute();
    const opened = await getPage(`${server.url}${link}`);
    expect(opened.status).toBe(410);
    expect(opened.$("main a[href='/login']").text()).toBe("Be om en ny länk");
  });
});

describe("sessions", () => {
  it("lets a staff member in, and logout revokes the session on the server", async () => {
    const cookie = await loginAs(server, "staff@example.org");
    expect(
      (await fetch(`${server.url}/staff`, { headers: { Cookie: cookie }, redirect: "manual" }))
        .status,
    ).toBe(200);
    const out = await postForm(server, "/logout", cookie, {});
    expect(out.status).toBe(302);
    expect(out.headers.get("set-cookie")).toMatch(/^traffpunkt_session=; .*Max-Age=0/);
    // The old cookie no longer works even if a client keeps sending it.
    const again = await fetch(`${server.url}/staff`, {
      headers: { Cookie: cookie },
      redirect: "manual",
    });
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe("/login?redirectTo=%2Fstaff");
  });

  it("expires sessions", async () => {
    const cookie = await loginAs(server, "staff@example.org");
    await server.db.updateTable("sessions").set({ expires_at: "2000-01-01T00:00:00Z" }).execute();
    expect(
      (await fetch(`${server.url}/staff`, { headers: { Cookie: cookie }, redirect: "manual" }))
        .status,
    ).toBe(302);
  });

  it("gives a new session id at every login", async () => {
    const first = await loginAs(server, "staff@example.org");
    const second = await loginAs(server, "staff@example.org");
    expect(first).not.toBe(second);
  });
});

describe("redirects after login stay on our site", () => {
  it.each([
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "https://evil.example",
    "javascript:alert(1)",
  ])("%j", async (target) => {
    await askForLink("staff@example.org", { redirectTo: target });
    const link = (await latestLoginLink(server, "staff@example.org")) ?? "";
    const answer = await fetch(`${server.url}${link}`, { method: "POST", redirect: "manual" });
    const location = answer.headers.get("location") ?? "";
    expect(location.startsWith("/")).toBe(true);
    expect(location.startsWith("//")).toBe(false);
    expect(new URL(location, server.url).origin).toBe(new URL(server.url).origin);
  });

  it("returns to the page that asked for the login", async () => {
    const first = await fetch(`${server.url}/staff/audit`, { redirect: "manual" });
    expect(first.headers.get("location")).toBe("/login?redirectTo=%2Fstaff%2Faudit");
    const page = await getPage(`${server.url}/login?redirectTo=%2Fstaff%2Faudit`);
    expect(page.$("input[name='redirectTo']").attr("value")).toBe("/staff/audit");
    await askForLink("staff@example.org", { redirectTo: "/staff/audit" });
    const link = (await latestLoginLink(server, "staff@example.org")) ?? "";
    const answer = await fetch(`${server.url}${link}`, { method: "POST", redirect: "manual" });
    expect(answer.headers.get("location")).toBe("/staff/audit");
  });
});

describe("rate limits", () => {
  it("answers too many requests for one address with 429", async () => {
    const limited = await startTestServer({ env: { LOGIN_LIMIT_PER_EMAIL: "2" } });
    try {
      const statuses = [];
      for (let n = 0; n < 3; n++) {
        const answer = await fetch(`${limited.url}/login`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ email: "staff@example.org" }),
        });
        statuses.push(answer.status);
      }
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await limited.stop();
    }
  });
});
