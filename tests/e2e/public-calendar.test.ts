import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoWeekOf, todayIn } from "~/domain/time";
import { launchBrowser } from "../support/browser";
import { loginAs } from "../support/login";
import { TMP } from "../support/paths";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let browser: Browser;
const screenshots = join(TMP, "screenshots");
// The browser's own language decides the page's (Accept-Language); these journeys are Swedish.
const swedish = { locale: "sv-SE" };

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the public calendar in a real browser", () => {
  it("opens @Söder and sees this week's Pratcafé with a Swedish date and the week number", async () => {
    const page = await browser.newPage({ ...swedish, viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/places/soder`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("@Söder");
    const week = isoWeekOf(todayIn(new Date())).week;
    await expect(page.locator(".week-number").textContent()).resolves.toBe(`v. ${week}`);
    const pratcafe = page
      .locator(".day")
      .filter({ has: page.getByRole("link", { name: "Pratcafé" }) });
    expect(await pratcafe.count()).toBeGreaterThan(0);
    await expect(pratcafe.first().locator("h3").textContent()).resolves.toMatch(
      /^(tisdag|torsdag) \d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)/,
    );
    await page.screenshot({ path: join(screenshots, "place-soder-1280.png"), fullPage: true });
    await page.close();
  });

  it("works with JavaScript turned off: filter the week with the plain form", async () => {
    const context = await browser.newContext({
      ...swedish,
      javaScriptEnabled: false,
      viewport: { width: 375, height: 800 },
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel("För vem").selectOption("youth");
    await page.getByRole("button", { name: "Visa" }).click();
    await page.waitForURL(/audience=youth/);
    const titles = await page.locator(".session__title").allTextContents();
    expect(new Set(titles)).toEqual(new Set(["Ungdomsgruppen"]));
    await page.getByRole("link", { name: "Ungdomsgruppen" }).first().click();
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toMatch(
      /^Ungdomsgruppen /,
    );
    await context.close();
  });

  it("fits a small phone without sideways scrolling", async () => {
    const page = await browser.newPage({ ...swedish, viewport: { width: 375, height: 800 } });
    for (const path of ["/", "/places", "/places/soder", "/activities/malarkurs"]) {
      await page.goto(`${server.url}${path}`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await page.goto(`${server.url}/places/soder`);
    await page.screenshot({ path: join(screenshots, "place-soder-375.png"), fullPage: true });
    await page.close();
  });

  it("switches to English and stays on the same page, with and without JavaScript", async () => {
    for (const javaScriptEnabled of [true, false]) {
      const context = await browser.newContext({ ...swedish, javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${server.url}/places/soder?week=2026-W49`);
      await page.getByRole("button", { name: /English/ }).click();
      await page.waitForFunction(() => document.documentElement.lang === "en");
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(
        "/places/soder?week=2026-W49",
      );
      await expect(page.locator(".week-heading__dates").textContent()).resolves.toBe(
        "Mon 30 Nov – Sun 6 Dec 2026",
      );
      await context.close();
    }
  });

  it("moves to the next week and back with the week links", async () => {
    const page = await browser.newPage(swedish);
    await page.goto(`${server.url}/places/soder?week=2026-W49`);
    await page.getByRole("link", { name: "Nästa vecka" }).click();
    // With JavaScript the URL can change a moment before React renders the new week.
    await page.waitForURL(/week=2026-W50/);
    await page.locator(".week-number", { hasText: "v. 50" }).waitFor();
    await page.getByRole("link", { name: "Föregående vecka" }).click();
    await page.waitForURL(/week=2026-W49/);
    await page.locator(".week-number", { hasText: "v. 49" }).waitFor();
    await page.close();
  });

  it("loads no script on public pages, and hydrates staff pages under the CSP, without a violation", async () => {
    const context = await browser.newContext(swedish);
    const page = await context.newPage();
    const problems: string[] = [];
    const scripts: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(request.url());
    });
    for (const path of ["/", "/places/soder", "/activities/familjedag"]) {
      const response = await page.goto(`${server.url}${path}`);
      expect(response?.headers()["content-security-policy"]).toContain("script-src 'none'");
      await expect(page.evaluate(() => "__remixRouter" in window)).resolves.toBe(false);
    }
    expect(scripts).toEqual([]);

    const cookie = (await loginAs(server, "staff@example.org")).split("=");
    await context.addCookies([{ name: cookie[0], value: cookie[1], url: server.url }]);
    const response = await page.goto(`${server.url}/staff`);
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self' 'nonce-");
    // Hydration runs Remix's inline scripts, which only the nonce lets through.
    await page.waitForFunction(() => "__remixRouter" in window);
    expect(scripts.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows the 404 page in the site's layout for an unknown place", async () => {
    const page = await browser.newPage(swedish);
    const response = await page.goto(`${server.url}/places/nope`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      "Sidan finns inte",
    );
    await expect(page.getByRole("navigation", { name: "Huvudmeny" }).isVisible()).resolves.toBe(
      true,
    );
    await page.close();
  });
});
