import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCALE_COOKIE, LOCALES, type Locale } from "~/i18n/i18n";
import { launchBrowser } from "../support/browser";
import { loginAs, postForm } from "../support/login";
import { TMP } from "../support/paths";
import { startTestServer, type TestServer } from "../support/test-server";

// axe-core's own file, injected into each page; evaluated over the DevTools protocol, which the
// page's Content-Security-Policy (scripts only with the server's nonce) does not govern, so the
// test checks the page exactly as residents get it, CSP included.
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

type Finding = {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; summary: string }[];
};

const BLOCKING = new Set(["serious", "critical"]);
const screenshots = join(TMP, "screenshots");
const report: Record<string, Finding[]> = {};

let server: TestServer;
let browser: Browser;
let staffCookie: string;
let partnerCookie: string;
let familyDay: number;
let rsvpPath: string;

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  [staffCookie, partnerCookie] = await Promise.all([
    loginAs(server, "staff@example.org"),
    loginAs(server, "fyrafarger@example.org"),
  ]);
  const session = await server.db
    .selectFrom("occurrences")
    .innerJoin("activities", "activities.id", "occurrences.activity_id")
    .select("occurrences.id")
    .where("activities.slug", "=", "familjedag")
    .executeTakeFirstOrThrow();
  familyDay = session.id;
  // A sign-up of its own, so the manage page and the staff list have a resident on them.
  const signup = await postForm(server, `/activities/familjedag/${familyDay}`, null, {
    intent: "signup",
    name: "Layla Haddad",
    email: "layla@example.org",
    phone: "",
    adults: "2",
    children: "3",
    note: "",
    website: "",
  });
  const location = signup.headers.get("location") ?? "";
  if (signup.status !== 302 || !location.startsWith("/rsvp/")) {
    throw new Error(`sign-up answered ${signup.status} ${location}`);
  }
  rsvpPath = location.split("?")[0];
});

afterAll(async () => {
  writeFileSync(join(TMP, "axe-report.json"), JSON.stringify(report, null, 2));
  await browser?.close();
  await server?.stop();
});

async function contextFor(
  locale: Locale,
  options: { cookie?: string; width?: number; javaScriptEnabled?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: "sv-SE",
    viewport: { width: options.width ?? 1280, height: 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  const cookies: { name: string; value: string; url: string }[] = [
    { name: LOCALE_COOKIE, value: locale, url: server.url },
  ];
  if (options.cookie) {
    const [name, ...value] = options.cookie.split("=");
    cookies.push({ name, value: value.join("="), url: server.url });
  }
  await context.addCookies(cookies);
  return context;
}

async function audit(page: Page): Promise<Finding[]> {
  await page.evaluate(axeSource);
  return page.evaluate<Finding[]>(`
    axe.run(document, { resultTypes: ["violations"] }).then((result) =>
      result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? null,
        help: violation.help,
        helpUrl: violation.helpUrl,
        nodes: violation.nodes.map((node) => ({
          target: node.target.join(" "),
          html: node.html.slice(0, 200),
          summary: node.failureSummary ?? "",
        })),
      })),
    )
  `);
}

function readable(findings: Finding[]): string {
  return findings
    .map(
      (finding) =>
        `${finding.impact}: ${finding.id} – ${finding.help} (${finding.helpUrl})\n` +
        finding.nodes
          .map((node) => `    at ${node.target}\n      ${node.html}\n      ${node.summary}`)
          .join("\n"),
    )
    .join("\n");
}

/** Production React names errors by number only; say what the common ones mean. */
function explain(message: string): string {
  const code = /Minified React error #(\d+)/.exec(message)?.[1];
  if (code === "418" || code === "425") {
    return `hydration mismatch (React #${code}): the server's HTML differs from the browser's render`;
  }
  if (code === "423")
    return "hydration failed, React rendered the page again in the browser (#423)";
  return `script error: ${message}`;
}

type Audience = "public" | "staff" | "partner";
// Staff and partner pages hydrate unless they say otherwise (app/utils/hydration.ts).
const pages: { name: string; audience: Audience; path: () => string; scripts?: false }[] = [
  { name: "home", audience: "public", path: () => "/" },
  { name: "places", audience: "public", path: () => "/places" },
  { name: "place", audience: "public", path: () => "/places/soder" },
  { name: "activity", audience: "public", path: () => "/activities/familjedag" },
  { name: "session", audience: "public", path: () => `/activities/familjedag/${familyDay}` },
  { name: "rsvp", audience: "public", path: () => rsvpPath },
  { name: "proposals", audience: "public", path: () => "/proposals" },
  { name: "login", audience: "public", path: () => "/login" },
  { name: "staff", audience: "staff", path: () => "/staff" },
  { name: "staff-activities", audience: "staff", path: () => "/staff/activities" },
  { name: "staff-session", audience: "staff", path: () => `/staff/sessions/${familyDay}` },
  { name: "staff-reports", audience: "staff", path: () => "/staff/reports", scripts: false },
  { name: "partner", audience: "partner", path: () => "/partner" },
  { name: "partner-bookings", audience: "partner", path: () => "/partner/bookings" },
];

describe("axe finds no serious or critical violation", () => {
  for (const locale of LOCALES) {
    describe(`in ${locale}`, () => {
      const contexts = new Map<Audience, BrowserContext>();
      beforeAll(async () => {
        contexts.set("public", await contextFor(locale));
        contexts.set("staff", await contextFor(locale, { cookie: staffCookie }));
        contexts.set("partner", await contextFor(locale, { cookie: partnerCookie }));
      });
      afterAll(async () => {
        await Promise.all([...contexts.values()].map((context) => context.close()));
      });

      for (const entry of pages) {
        it(`${entry.name}`, async () => {
          const context = contexts.get(entry.audience);
          if (!context) throw new Error(`no context for ${entry.audience}`);
          const page = await context.newPage();
          const problems: string[] = [];
          page.on("pageerror", (error) => problems.push(explain(error.message)));
          const response = await page.goto(`${server.url}${entry.path()}`);
          expect(response?.status(), entry.path()).toBe(200);
          await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe(locale);
          // Pages that hydrate are audited as they are once hydrated, and one that never hydrates
          // is a failure of its own; the others must load no script at all.
          const hydrating = entry.audience !== "public" && entry.scripts !== false;
          if (hydrating) {
            await page
              .waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 10_000 })
              .catch(() => problems.push("the page did not hydrate within 10 s"));
          } else {
            expect(await page.locator("script").count(), entry.path()).toBe(0);
          }
          // React hydrates in scheduled tasks and reports a mismatch at the end: wait until idle.
          await page.evaluate(
            () => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 })),
          );
          const findings = await audit(page);
          report[`${locale} ${entry.name} ${entry.path()}`] = findings;
          const blocking = findings.filter((finding) => BLOCKING.has(finding.impact ?? ""));
          expect(blocking, `${locale} ${entry.path()}\n${readable(blocking)}`).toEqual([]);
          expect([...new Set(problems)], `${locale} ${entry.path()}`).toEqual([]);
          await page.close();
        }, 30_000);
      }
    });
  }
});

describe("the axe run itself", () => {
  it("reports a serious violation when there is one", async () => {
    const context = await contextFor("sv");
    const page = await context.newPage();
    await page.goto(`${server.url}/places`);
    await page.evaluate(() => {
      const image = document.createElement("img");
      image.src = "/favicon.svg";
      document.querySelector("main")?.append(image);
    });
    const findings = await audit(page);
    expect(findings.map((finding) => [finding.id, finding.impact])).toContainEqual([
      "image-alt",
      "critical",
    ]);
    await context.close();
  });
});

describe("right to left in Arabic", () => {
  it("sets dir=rtl and puts the header's first item on the right", async () => {
    for (const width of [375, 1280]) {
      const context = await contextFor("ar", { width });
      const page = await context.newPage();
      await page.goto(`${server.url}/places/soder`);
      await expect(page.evaluate(() => document.documentElement.dir)).resolves.toBe("rtl");
      const header = await page.locator(".site-header__inner").boundingBox();
      const name = await page.locator(".site-name").boundingBox();
      const firstLink = await page.locator(".site-nav li").first().boundingBox();
      const lastLink = await page.locator(".site-nav li").last().boundingBox();
      if (!header || !name || !firstLink || !lastLink) throw new Error("header not laid out");
      // The site name starts the header, so in Arabic it hugs the right edge.
      expect(header.x + header.width - (name.x + name.width), `width ${width}`).toBeLessThan(40);
      expect(name.x, `width ${width}`).toBeGreaterThan(header.x + header.width / 2);
      // And the menu reads from the right: its first entry right of its last.
      expect(firstLink.x, `width ${width}`).toBeGreaterThan(lastLink.x);
      await context.close();
    }
  });

  it("keeps the page when switching from Arabic to Swedish, and back to right to left", async () => {
    const context = await contextFor("sv");
    const page = await context.newPage();
    await page.goto(`${server.url}/places/soder?week=2026-W49`);
    await page.getByRole("button", { name: /العربية/ }).click();
    await page.waitForFunction(() => document.documentElement.dir === "rtl");
    expect(new URL(page.url()).search).toBe("?week=2026-W49");
    await expect(page.locator(".week-heading__dates").textContent()).resolves.toBe(
      "الاثنين 30 نوفمبر – الأحد 6 ديسمبر 2026",
    );
    await page.getByRole("button", { name: /Svenska/ }).click();
    await page.waitForFunction(() => document.documentElement.dir === "ltr");
    expect(new URL(page.url()).pathname).toBe("/places/soder");
    await context.close();
  });
});

describe("screenshots for a person to look at", () => {
  const shots: { name: string; path: () => string }[] = [
    { name: "home", path: () => "/" },
    { name: "place-soder", path: () => "/places/soder" },
    { name: "activity-familjedag", path: () => "/activities/familjedag" },
    { name: "session-signup", path: () => `/activities/familjedag/${familyDay}` },
    { name: "rsvp", path: () => rsvpPath },
  ];

  for (const locale of LOCALES) {
    it(`of the main pages in ${locale} at 375 and 1280 px`, async () => {
      for (const width of [375, 1280]) {
        const context = await contextFor(locale, { width });
        const page = await context.newPage();
        for (const shot of shots) {
          await page.goto(`${server.url}${shot.path()}`);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          expect(overflow, `${locale} ${shot.name} ${width}`).toBeLessThanOrEqual(0);
          await page.screenshot({
            path: join(screenshots, `${locale}-${shot.name}-${width}.png`),
            fullPage: true,
          });
        }
        await context.close();
      }
    }, 60_000);
  }
});
