import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toInstantString } from "~/domain/time";
import { getPage } from "../support/html";
import { latestLoginLink, loginAs } from "../support/login";
import { nextSessionPath } from "../support/sessions";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let sessionPath: string;

beforeAll(async () => {
  server = await startTestServer();
  sessionPath = await nextSessionPath(server.db, "familjedag");
});
afterAll(async () => {
  await server?.stop();
});

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

/** The directives of a Content-Security-Policy header, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name.toLowerCase(), values]),
  );
}

function nonceOf(policy: string): string {
  const sources = directives(policy).get("script-src") ?? [];
  const nonces = sources.flatMap((source) => /^'nonce-([^']+)'$/.exec(source)?.[1] ?? []);
  expect(nonces, `script-src ${sources.join(" ")}`).toHaveLength(1);
  return nonces[0];
}

async function count(table: "rsvps" | "proposals" | "login_tokens") {
  const row = await server.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function signUp(base: string, path: string, email: string, headers: Record<string, string>) {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { ...FORM, ...headers },
    body: new URLSearchParams({ name: "Rut Rate", email, adults: "1", children: "0" }),
  });
  const html = await response.text();
  return { status: response.status, location: response.headers.get("location"), html };
}

describe("Content-Security-Policy", () => {
  const publicPages = () =>
    [
      ["the week", "/", 200],
      ["the places", "/places", 200],
      ["a place", "/places/soder", 200],
      ["an activity", "/activities/familjedag", 200],
      ["a session", sessionPath, 200],
      ["the proposals", "/proposals", 200],
      ["the login page", "/login", 200],
      ["an unknown page", "/no-such-page", 404],
      ["a malformed week", "/?week=garbage", 400],
    ] as const;
  const staffPages = [
    ["the staff start page", "/staff", 200],
    ["the approvals", "/staff/approvals", 200],
    ["the staff activities", "/staff/activities", 200],
  ] as const;

  /** Inline handlers would be blocked by either policy: no page may need one. */
  function inlineHandlers(page: Awaited<ReturnType<typeof getPage>>) {
    return page
      .$("*")
      .toArray()
      .flatMap((element) => Object.keys(page.$(element).attr() ?? {}))
      .filter((name) => /^on/i.test(name));
  }

  it("lets public pages, which load no scripts, run none, and no page asks for one", async () => {
    for (const [label, path, expected] of publicPages()) {
      // Twice: the second answer may come from the page cache and must be the same.
      for (const page of [await getPage(server.url + path), await getPage(server.url + path)]) {
        expect(page.status, label).toBe(expected);
        expect(page.response.headers.get("content-type"), label).toMatch(/^text\/html/);
        expect(page.response.headers.get("content-security-policy-report-only"), label).toBeNull();
        const policy = directives(page.response.headers.get("content-security-policy") ?? "");
        expect(policy.get("script-src"), label).toEqual(["'none'"]);
        expect(page.$("script").length, `${label} has no script element`).toBe(0);
        expect(page.$('link[rel="modulepreload"]').length, label).toBe(0);
        expect(inlineHandlers(page), label).toEqual([]);
      }
    }
  });

  it("is enforced on staff pages with a fresh nonce that every script carries", async () => {
    const cookie = await loginAs(server, "staff@example.org");
    for (const [label, path, expected] of staffPages) {
      const get = () => getPage(server.url + path, { headers: { cookie } });
      const [first, second] = [await get(), await get()];
      for (const page of [first, second]) {
        expect(page.status, label).toBe(expected);
        const policy = page.response.headers.get("content-security-policy") ?? "";
        const nonce = nonceOf(policy);
        // 128 random bits, base64: unguessable.
        expect(Buffer.from(nonce, "base64").length, label).toBeGreaterThanOrEqual(16);
        const scripts = page.$("script").toArray();
        expect(scripts.length, `${label} has Remix's scripts`).toBeGreaterThan(0);
        for (const script of scripts) {
          expect(
            page.$(script).attr("nonce"),
            `${label}: ${page.$.html(script).slice(0, 80)}`,
          ).toBe(nonce);
        }
        expect(inlineHandlers(page), label).toEqual([]);
      }
      const nonces = [first, second].map((page) =>
        nonceOf(page.response.headers.get("content-security-policy") ?? ""),
      );
      expect(nonces[0], `${label}: a new nonce per response`).not.toBe(nonces[1]);
    }
  });

  it("lets a staff page of figures only, the reports, run no scripts", async () => {
    const cookie = await loginAs(server, "staff@example.org");
    const page = await getPage(`${server.url}/staff/reports`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const policy = directives(page.response.headers.get("content-security-policy") ?? "");
    expect(policy.get("script-src")).toEqual(["'none'"]);
    expect(page.$("script").length).toBe(0);
  });

  it("forbids framing, plugins, foreign scripts, foreign form targets and <base> hijacking", async () => {
    const cookie = await loginAs(server, "staff@example.org");
    for (const [path, headers] of [
      ["/", {}],
      ["/staff", { cookie }],
    ] as const) {
      const { response } = await getPage(`${server.url}${path}`, { headers });
      const policy = directives(response.headers.get("content-security-policy") ?? "");
      expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
      expect(policy.get("object-src")).toEqual(["'none'"]);
      expect(policy.get("base-uri")).toEqual(["'self'"]);
      expect(policy.get("form-action")).toEqual(["'self'"]);
      const scripts = policy.get("script-src") ?? [];
      expect(scripts.filter((source) => !source.startsWith("'nonce-"))).toEqual(
        "cookie" in headers ? ["'self'"] : ["'none'"],
      );
      // Browsers without frame-ancestors support get the older header.
      expect(response.headers.get("x-frame-options")).toBe("DENY");
    }
  });
});

describe("Referrer-Policy", () => {
  it("sends no referrer from pages whose URL holds a login or manage token", async () => {
    const asked = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({ email: "staff@example.org" }),
    });
    expect(asked.status).toBe(200);
    const loginLink = await latestLoginLink(server, "staff@example.org");
    if (!loginLink) throw new Error("no login link");
    const { location } = await signUp(server.url, sessionPath, "referrer@example.org", {});
    const manageLink = (location ?? "").replace(/\?.*$/, "");
    expect(manageLink).toMatch(/^\/rsvp\/[A-Za-z0-9_-]{43}$/);

    const cases: [string, string, RequestInit, number][] = [
      ["the login link", loginLink, {}, 200],
      [
        "a used-up or wrong login link",
        "/login/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        {},
        410,
      ],
      ["the manage page", manageLink, {}, 200],
      ["the manage page after sign-up", `${manageLink}?welcome=1`, {}, 200],
      ["an unknown manage link", "/rsvp/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", {}, 404],
      [
        "a refused change on the manage page",
        manageLink,
        { method: "POST", headers: FORM, body: "intent=party&adults=x&children=0" },
        400,
      ],
      [
        "a saved change on the manage page",
        manageLink,
        { method: "POST", headers: FORM, body: "intent=party&adults=2&children=0" },
        302,
      ],
    ];
    const answers: string[] = [];
    for (const [label, path, init, status] of cases) {
      const response = await fetch(server.url + path, { redirect: "manual", ...init });
      await response.arrayBuffer();
      const headers = response.headers;
      const cache = status < 400 ? `, ${headers.get("cache-control")}` : "";
      answers.push(`${label}: ${response.status}, ${headers.get("referrer-policy")}${cache}`);
    }
    expect(answers).toEqual(
      cases.map(([label, , , status]) => {
        const cache = status < 400 ? ", private, no-store" : "";
        return `${label}: ${status}, same-origin${cache}`;
      }),
    );
  });

  it("sends only the origin to other sites from ordinary pages", async () => {
    for (const path of ["/", "/places/soder", sessionPath, "/proposals"]) {
      const { response } = await getPage(server.url + path);
      expect(response.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
    }
  });
});

describe("X-Content-Type-Options", () => {
  it("is nosniff on pages, feeds, files, errors and refusals", async () => {
    const { $ } = await getPage(`${server.url}/`);
    const stylesheet = $("link[rel=stylesheet]").attr("href") ?? "";
    expect(stylesheet).toMatch(/^\/build\//);
    const big = "x".repeat(70_000);
    const cases: [string, RequestInit, number][] = [
      ["/", {}, 200],
      ["/no-such-page", {}, 404],
      ["/feeds/all.ics", {}, 200],
      ["/feeds/places/soder.ics", {}, 200],
      ["/feeds/places/no-such-place.ics", {}, 404],
      ["/feeds/me/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics", {}, 404],
      [`${sessionPath}.ics`, {}, 200],
      ["/healthz", {}, 200],
      ["/favicon.svg", {}, 200],
      [stylesheet, {}, 200],
      ["/%E0%A4%A", {}, 400],
      ["/proposals", { method: "POST", headers: FORM, body: `text=${big}` }, 413],
      ["/login", { method: "POST", headers: { ...FORM, Origin: "https://evil.example" } }, 403],
      ["/locale", { method: "POST", headers: FORM, body: "locale=en&returnTo=/" }, 302],
    ];
    for (const [path, init, status] of cases) {
      const response = await fetch(server.url + path, { redirect: "manual", ...init });
      await response.arrayBuffer();
      expect(response.status, path).toBe(status);
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
    }
  });
});

describe("body size", () => {
  it("refuses a form over 64 KiB with 413 on every public form and stores nothing", async () => {
    const big = "x".repeat(65_537);
    const forms: [string, Record<string, string>, "rsvps" | "proposals" | "login_tokens"][] = [
      [sessionPath, { name: big, email: "big@example.org", adults: "1", children: "0" }, "rsvps"],
      ["/activities/malarkurs", { name: "Stor", note: big, adults: "1" }, "rsvps"],
      ["/proposals", { intent: "suggest", kind: "activity", text: big }, "proposals"],
      ["/login", { email: "staff@example.org", redirectTo: big }, "login_tokens"],
    ];
    for (const [path, fields, table] of forms) {
      const before = await count(table);
      const { status, $ } = await getPage(server.url + path, {
        method: "POST",
        headers: FORM,
        body: new URLSearchParams(fields),
      });
      expect(status, path).toBe(413);
      expect($("h1").text(), path).toBe("För mycket text");
      expect(await count(table), path).toBe(before);
    }
  });

  it("refuses a body of unknown length (chunked) instead of reading without end", async () => {
    const before = await count("proposals");
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("intent=suggest&kind=activity&text="));
        controller.enqueue(new TextEncoder().encode("y".repeat(1000)));
        controller.close();
      },
    });
    const response = await fetch(`${server.url}/proposals`, {
      method: "POST",
      headers: FORM,
      body: chunks,
      // Node's fetch sends a stream as chunked only in half-duplex mode.
      duplex: "half",
    });
    await response.arrayBuffer();
    expect(response.status).toBe(411);
    expect(await count("proposals")).toBe(before);
  });
});

describe("sign-up rate limit and X-Forwarded-For", () => {
  let direct: TestServer | undefined;
  let proxied: TestServer | undefined;
  afterAll(async () => {
    await direct?.stop();
    await proxied?.stop();
  });

  async function futureSessionPath(target: TestServer) {
    const row = await target.db
      .selectFrom("occurrences as o")
      .innerJoin("activities as a", "a.id", "o.activity_id")
      .select("o.id")
      .where("a.slug", "=", "familjedag")
      .where("o.status", "=", "scheduled")
      .where("o.starts_at", ">", toInstantString(new Date()))
      .orderBy("o.starts_at")
      .executeTakeFirstOrThrow();
    return `/activities/familjedag/${row.id}`;
  }

  it("TRUST_PROXY unset: the address is the connection's, so a forged header resets nothing", async () => {
    direct = await startTestServer({ env: { SIGNUP_LIMIT_PER_IP: "3" } });
    const path = await futureSessionPath(direct);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const { status } = await signUp(direct.url, path, `direct-${i}@example.org`, {
        "X-Forwarded-For": `203.0.113.${i + 1}`,
        "X-Real-IP": `203.0.113.${i + 1}`,
        Forwarded: `for=203.0.113.${i + 1}`,
      });
      statuses.push(status);
    }
    expect(statuses).toEqual([302, 302, 302, 429, 429, 429]);
    const stored = await direct.db
      .selectFrom("rsvps")
      .select("email")
      .where("email", "like", "direct-%")
      .execute();
    expect(stored).toHaveLength(3);
  });

  /**
   * TRUST_PROXY=1 means: the server sits behind one reverse proxy of our own, which adds the
   * address it saw to X-Forwarded-For, and the client's address is read from that header.
   * Limits are then per resident's address, not per proxy.
   */
  it("TRUST_PROXY=1: the limit is per forwarded address", async () => {
    const target = await startTestServer({ env: { SIGNUP_LIMIT_PER_IP: "2", TRUST_PROXY: "1" } });
    proxied = target;
    const path = await futureSessionPath(target);
    const from = async (address: string, i: number) =>
      (await signUp(target.url, path, `proxied-${i}@example.org`, { "X-Forwarded-For": address }))
        .status;
    expect([
      await from("198.51.100.1", 0),
      await from("198.51.100.1", 1),
      await from("198.51.100.1", 2),
    ]).toEqual([302, 302, 429]);
    const limited = await signUp(target.url, path, "proxied-3@example.org", {
      "X-Forwarded-For": "198.51.100.1",
    });
    expect(limited.status).toBe(429);
    expect(limited.html).toContain("För många anmälningar på kort tid.");
    // Another resident behind the same proxy is not held up.
    expect(await from("198.51.100.2", 4)).toBe(302);
  });

  it("TRUST_PROXY=1: an X-Forwarded-For the client made up, which the proxy appends to, resets nothing", async () => {
    if (!proxied) throw new Error("the previous test starts the server");
    const path = await futureSessionPath(proxied);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      // The client sends "X-Forwarded-For: 192.0.2.<i>"; the proxy appends the real address.
      const { status } = await signUp(proxied.url, path, `forged-${i}@example.org`, {
        "X-Forwarded-For": `192.0.2.${i + 1}, 198.51.100.9`,
      });
      statuses.push(status);
    }
    expect(statuses).toEqual([302, 302, 429, 429, 429]);
  });
});
