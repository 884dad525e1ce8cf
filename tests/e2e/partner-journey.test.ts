import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, addWeeks, formatIsoWeek, isoWeekMonday, isoWeekOf, todayIn } from "~/domain/time";
import { launchBrowser } from "../support/browser";
import { parseWithIcalJs } from "../support/ical";
import { latestLoginLink } from "../support/login";
import { TMP } from "../support/paths";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let browser: Browser;
const screenshots = join(TMP, "screenshots");
const PARTNER = "fyrafarger@example.org";
const STAFF = "staff@example.org";
const TITLE = "Kvällsmålning";
// Next week, so the whole series is still to come; its week is where the place page shows it.
const nextWeek = addWeeks(isoWeekOf(todayIn(new Date())), 1);
const monday = isoWeekMonday(nextWeek);

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  // Fyra färger is trusted in the demo; this journey is the one that needs staff.
  await server.db
    .updateTable("partners")
    .set({ trusted: 0 })
    .where("slug", "=", "fyra-farger")
    .execute();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * Waits until React has taken over the page's forms, so a page that fails to hydrate fails the
 * journey instead of passing it as plain HTML forms.
 */
async function hydrated(page: Page) {
  await page.waitForFunction(() => "__remixRouter" in window);
}

/** Logs in the way a person does: asks for a link on /login, opens the mailed link, confirms. */
async function logIn(context: BrowserContext, email: string): Promise<Page> {
  // A step that cannot happen fails with its locator named, well before the test's own timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  // The login pages are plain HTML forms (public pages load no scripts).
  await page.goto(`${server.url}/login`);
  await page.getByLabel("E-post").fill(email);
  await page.getByRole("button", { name: "Skicka inloggningslänk" }).click();
  await page.getByRole("status").filter({ hasText: "inloggningslänk" }).waitFor();
  const link = await latestLoginLink(server, email);
  expect(link, `a login link for ${email} in the outbox`).not.toBeNull();
  await page.goto(`${server.url}${link}`);
  await page.getByRole("button", { name: "Logga in", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await hydrated(page);
  return page;
}

describe("the partner journey in a real browser", () => {
  it("posts a weekly activity that staff approve, and it shows on the place page and in its feed", async () => {
    // The partner, on a phone.
    const phone = await browser.newContext({
      locale: "sv-SE",
      viewport: { width: 375, height: 800 },
      isMobile: true,
      hasTouch: true,
    });
    const partner = await logIn(phone, PARTNER);
    expect(new URL(partner.url()).pathname).toBe("/partner");
    await partner.getByRole("link", { name: "Aktiviteter" }).click();
    await partner.waitForURL(/\/partner\/activities$/);
    await partner.getByRole("link", { name: "Ny aktivitet" }).click();
    await partner.waitForURL(/\/partner\/activities\/new$/);
    const overflow = await partner.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);

    await partner.getByLabel("Titel", { exact: true }).fill(TITLE);
    await partner.getByLabel("Kort beskrivning").fill("Vi målar tillsammans efter jobbet.");
    await partner.getByLabel("Mötesplats", { exact: true }).selectOption({ label: "@Söder" });
    await partner.getByLabel("Varje vecka, eller med några veckors mellanrum").check();
    await partner.getByLabel("Datum, eller första datum").fill(monday);
    await partner.getByLabel("Sista datum").fill(addDays(monday, 7 * 8 - 1));
    await partner.getByLabel("Börjar").fill("18:00");
    await partner.getByLabel("Slutar").fill("20:00");
    await partner.getByLabel("torsdag", { exact: true }).check();
    await partner.screenshot({
      path: join(screenshots, "partner-new-activity-375.png"),
      fullPage: true,
    });
    await partner.getByRole("button", { name: "Skicka för godkännande" }).click();
    await partner.waitForURL(/\/partner\/activities\/\d+\?saved=pending$/);
    await expect(partner.getByRole("status").textContent()).resolves.toContain(
      "väntar nu på att personalen godkänner den",
    );
    const activityId = Number(/activities\/(\d+)/.exec(partner.url())?.[1]);
    await partner.screenshot({
      path: join(screenshots, "partner-activity-pending-375.png"),
      fullPage: true,
    });

    // Not public while it waits.
    const visitor = await browser.newPage({ locale: "sv-SE" });
    await visitor.goto(`${server.url}/places/soder?week=${formatIsoWeek(nextWeek)}`);
    await expect(visitor.getByRole("link", { name: TITLE }).count()).resolves.toBe(0);

    // Staff, in a second browser context, approve it.
    const desk = await browser.newContext({
      locale: "sv-SE",
      viewport: { width: 1280, height: 900 },
    });
    const staff = await logIn(desk, STAFF);
    await staff.goto(`${server.url}/staff/approvals`);
    const card = staff.locator(`#activity-${activityId}`);
    await expect(card.getByRole("heading", { level: 3 }).textContent()).resolves.toBe(TITLE);
    await expect(card.textContent()).resolves.toContain("Från Fyra färger");
    await staff.screenshot({ path: join(screenshots, "staff-approvals-1280.png"), fullPage: true });
    await card.getByRole("button", { name: `Godkänn ${TITLE}`, exact: true }).click();
    await staff.waitForURL(/\/staff\/approvals\?approved=1$/);
    await expect(staff.getByRole("status").textContent()).resolves.toBe(
      "Godkänt. Partnern får ett mejl.",
    );
    await expect(staff.locator(`#activity-${activityId}`).count()).resolves.toBe(0);

    // The place page shows it in its week, and the place's feed carries it.
    await visitor.goto(`${server.url}/places/soder?week=${formatIsoWeek(nextWeek)}`);
    const sessions = visitor.getByRole("link", { name: TITLE });
    await expect(sessions.count()).resolves.toBe(1);
    const day = visitor.locator(".day").filter({ has: sessions });
    await expect(day.locator("h3").textContent()).resolves.toMatch(/^torsdag /);
    await visitor.screenshot({
      path: join(screenshots, "place-soder-partner-activity.png"),
      fullPage: true,
    });
    const feed = await (await fetch(`${server.url}/feeds/places/soder.ics`)).text();
    const titles = parseWithIcalJs(feed).events.map((event) => event.summary);
    expect(titles).toContain(TITLE);

    // The partner was told, and sees it published.
    const mail = await server.db
      .selectFrom("outbox")
      .select(["subject", "text_body"])
      .where("to_address", "=", PARTNER)
      .where("subject", "=", `Godkänd: ${TITLE}`)
      .executeTakeFirst();
    expect(mail?.text_body).toContain(`/partner/activities/${activityId}`);
    await partner.goto(`${server.url}/partner/activities`);
    await expect(partner.locator(`#activity-${activityId}`).textContent()).resolves.toContain(
      "Publicerad",
    );
    await partner.screenshot({
      path: join(screenshots, "partner-activities-375.png"),
      fullPage: true,
    });

    await visitor.close();
    await phone.close();
    await desk.close();
  }, 60_000);
});
