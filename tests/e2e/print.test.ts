import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addWeeks, formatIsoWeek, isoWeekOf, todayIn } from "~/domain/time";
import { launchBrowser } from "../support/browser";
import { TMP } from "../support/paths";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let browser: Browser;
const screenshots = join(TMP, "screenshots");
const PUBLIC_URL = "https://traffpunkt.example";
// A4 less the stylesheet's 14 mm margins, in CSS pixels (96 per inch): the paper's text area.
const a4 = { width: 688, height: 1017 };

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  [server, browser] = await Promise.all([
    startTestServer({ env: { PUBLIC_URL } }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Pages in a PDF that Chromium wrote: one "/Type /Page" object each (the tree is "/Pages"). */
function pageCount(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

async function openPrinted(path: string): Promise<Page> {
  const page = await browser.newPage({ locale: "sv-SE", viewport: a4 });
  const response = await page.goto(`${server.url}${path}`);
  expect(response?.status()).toBe(200);
  await page.emulateMedia({ media: "print" });
  return page;
}

describe("the printable weekly programme", () => {
  it("prints @Söder's week on one A4 page with a QR code and without the site's menus", async () => {
    const page = await openPrinted("/places/soder/print");
    const week = isoWeekOf(todayIn(new Date())).week;

    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("@Söder");
    await expect(page.locator(".print-head__week").textContent()).resolves.toContain(
      `Vecka ${week}`,
    );
    const qr = page.getByRole("img", { name: `QR-kod till ${PUBLIC_URL}/places/soder` });
    await expect(qr.isVisible()).resolves.toBe(true);
    await expect(qr.locator("svg").isVisible()).resolves.toBe(true);
    // Large enough to scan from arm's length: about 4 cm on paper.
    const box = await qr.boundingBox();
    expect(box?.width).toBeGreaterThan(120);
    await expect(page.locator(".print-qr__url").textContent()).resolves.toBe(
      `${PUBLIC_URL}/places/soder`,
    );

    await expect(page.getByRole("navigation", { name: "Huvudmeny" }).isVisible()).resolves.toBe(
      false,
    );
    await expect(page.locator(".site-header").isVisible()).resolves.toBe(false);
    await expect(page.locator(".site-footer").isVisible()).resolves.toBe(false);
    await expect(page.locator(".print-tools").isVisible()).resolves.toBe(false);

    const titles = await page.locator(".print-session__title").allTextContents();
    expect(titles).toContain("Pratcafé");
    const days = await page.locator(".print-day h2").allTextContents();
    expect(days.length).toBeGreaterThan(0);
    for (const day of days)
      expect(day).toMatch(/^(måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag) \d{1,2} /);

    await page.screenshot({ path: join(screenshots, "print-soder-a4.png"), fullPage: true });
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pageCount(pdf)).toBe(1);
    await page.close();
  });

  it("fits the busiest demo week, with homework help still on, on one page too", async () => {
    const busy = formatIsoWeek(addWeeks(isoWeekOf(todayIn(new Date())), -5));
    const page = await openPrinted(`/places/soder/print?week=${busy}`);
    const titles = await page.locator(".print-session__title").allTextContents();
    expect(titles).toEqual(expect.arrayContaining(["Läxhjälp", "Pratcafé"]));
    expect(titles.length).toBeGreaterThanOrEqual(5);
    await page.screenshot({ path: join(screenshots, "print-soder-busy-a4.png"), fullPage: true });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThanOrEqual(a4.height);
    expect(pageCount(await page.pdf({ format: "A4", preferCSSPageSize: true }))).toBe(1);
    await page.close();
  });

  it("shows the site's frame and week links on screen, and works without JavaScript", async () => {
    const context = await browser.newContext({
      locale: "sv-SE",
      javaScriptEnabled: false,
      viewport: { width: 375, height: 800 },
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/places/soder/print?week=2026-W49`);
    await expect(page.getByRole("navigation", { name: "Huvudmeny" }).isVisible()).resolves.toBe(
      true,
    );
    await page.getByRole("link", { name: "Nästa vecka" }).click();
    await page.waitForURL(/week=2026-W50/);
    await expect(page.locator(".print-head__week").textContent()).resolves.toContain("Vecka 50");
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(screenshots, "print-soder-375.png"), fullPage: true });
    await context.close();
  });
});
