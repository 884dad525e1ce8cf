import { mkdirSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toInstantString } from "~/domain/time";
import { launchBrowser } from "../support/browser";
import { loginAs } from "../support/login";
import { TMP } from "../support/paths";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let browser: Browser;
let cookie: string;
let malarkurs: number;
const screenshots = join(TMP, "screenshots");
const PHONE = { width: 375, height: 740 };
const TOUCH = 44;

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  cookie = await loginAs(server, "staff@example.org");
  const activity = await server.db
    .selectFrom("activities")
    .select("id")
    .where("slug", "=", "malarkurs")
    .executeTakeFirstOrThrow();
  malarkurs = activity.id;
  // A family signed up for the whole painting course: two people, on every session's list.
  const stamp = "2026-01-01T10:00:00Z";
  await server.db
    .insertInto("rsvps")
    .values({
      activity_id: malarkurs,
      occurrence_id: null,
      name: "Amina Familj",
      email: null,
      phone: null,
      adults: 1,
      children: 1,
      party_size: 2,
      note: null,
      locale: "sv",
      status: "confirmed",
      token_nonce: randomUUID(),
      token_hash: randomUUID(),
      created_at: stamp,
      updated_at: stamp,
      promoted_at: null,
      cancelled_at: null,
    })
    .execute();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A past painting class, its demo count removed so staff count it afresh. */
async function uncountedSession(weeksBack: number) {
  const session = await server.db
    .selectFrom("occurrences")
    .select("id")
    .where("activity_id", "=", malarkurs)
    .where("status", "=", "scheduled")
    .where("ends_at", "<", toInstantString(new Date()))
    .orderBy("starts_at", "desc")
    .offset(weeksBack)
    .limit(1)
    .executeTakeFirstOrThrow();
  await server.db.deleteFrom("attendance").where("occurrence_id", "=", session.id).execute();
  return session.id;
}

/** A phone logged in as staff: the session cookie from a real login, handed to the browser. */
async function staffPhone(javaScriptEnabled: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: "sv-SE",
    viewport: PHONE,
    javaScriptEnabled,
    hasTouch: true,
    isMobile: true,
  });
  const [name, value] = cookie.split("=");
  await context.addCookies([{ name, value, url: server.url }]);
  return context;
}

async function expectThumbSized(page: Page) {
  const targets = [
    page.getByRole("button", { name: "Öka antalet med 1" }),
    page.getByRole("button", { name: "Minska antalet med 1" }),
    page.getByRole("button", { name: "Spara närvaron" }),
    page.locator(".checkin__person").first(),
  ];
  for (const target of targets) {
    const box = await target.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(TOUCH);
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(TOUCH);
  }
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

/** Visitors and sessions of the painting course in the turnout report's CSV, if there is one. */
async function reportedTurnout(context: BrowserContext) {
  const answer = await context.request.get(`${server.url}/staff/reports/activities.csv`);
  if (answer.status() === 404) return null;
  expect(answer.status()).toBe(200);
  const lines = (await answer.text()).replace(/^\uFEFF/, "").split(/\r?\n/);
  const delimiter = lines[0].includes(";") ? ";" : ",";
  const row = lines
    .map((line) => line.split(delimiter).map((cell) => cell.replace(/^"|"$/g, "")))
    .find((cells) => cells[0] === "Målarkurs med Fyra färger");
  return row ? { sessions: Number(row[4]), visitors: Number(row[5]) } : null;
}

/** The session's row on the evaluation page: its visitors and checked-in people. */
async function evaluationRow(page: Page, sessionId: number) {
  const row = page.locator("tr", { has: page.locator(`a[href="/staff/attendance/${sessionId}"]`) });
  // With JavaScript the URL changes a moment before React renders the new page.
  await row.waitFor();
  const cells = await row.locator("td").allTextContents();
  return { visitors: cells[0], checkedIn: cells[2] };
}

describe("recording attendance on a phone", () => {
  it("taps + three times, checks a family in, saves and sees it on the evaluation page", async () => {
    const session = await uncountedSession(1);
    const context = await staffPhone(true);
    const before = await reportedTurnout(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/staff/attendance/${session}`);
    // Hydrated: the + button then counts in place instead of posting.
    await page.waitForLoadState("networkidle");
    await expectThumbSized(page);

    const plus = page.getByRole("button", { name: "Öka antalet med 1" });
    for (let tap = 0; tap < 3; tap += 1) await plus.tap();
    await expect.poll(() => page.locator("#attendance-headcount").inputValue()).toBe("3");
    await page.getByRole("checkbox", { name: /Amina Familj/ }).tap();
    await expect(page.getByText("1 av 1 incheckade").isVisible()).resolves.toBe(true);
    // Checking in two people never lowers what was counted.
    await expect(page.locator("#attendance-headcount").inputValue()).resolves.toBe("3");
    await page.getByLabel("Anteckning").fill("Regn, flyttade inomhus");
    await page.screenshot({ path: join(screenshots, "attendance-375.png"), fullPage: true });

    await page.getByRole("button", { name: "Spara närvaron" }).tap();
    await page.waitForURL(/\?saved=1$/);
    await expect(page.getByRole("status").textContent()).resolves.toBe(
      "Närvaron är sparad: 3 besökare.",
    );

    await page.getByRole("link", { name: "Se utvärderingen av Målarkurs med Fyra färger" }).tap();
    await page.waitForURL(/\/staff\/evaluations\/\d+$/);
    await expect(evaluationRow(page, session)).resolves.toEqual({ visitors: "3", checkedIn: "2" });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(screenshots, "evaluation-375.png"), fullPage: true });

    if (before) {
      await expect(reportedTurnout(context)).resolves.toEqual({
        sessions: before.sessions + 1,
        visitors: before.visitors + 3,
      });
      await page.goto(`${server.url}/staff/reports`);
      await page.screenshot({ path: join(screenshots, "attendance-report-375.png") });
    }
    await context.close();
  });

  it("does the same with JavaScript turned off: each tap posts and comes back", async () => {
    const session = await uncountedSession(2);
    const context = await staffPhone(false);
    const page = await context.newPage();
    await page.goto(`${server.url}/staff/attendance/${session}`);
    await expectThumbSized(page);

    const headcount = page.locator("#attendance-headcount");
    for (const expected of ["1", "2", "3"]) {
      await page.getByRole("button", { name: "Öka antalet med 1" }).tap();
      await expect.poll(() => headcount.inputValue()).toBe(expected);
    }
    await expect(page.getByText("Inte sparat än.").isVisible()).resolves.toBe(true);
    await page.getByRole("checkbox", { name: /Amina Familj/ }).tap();
    await page.screenshot({ path: join(screenshots, "attendance-375-nojs.png"), fullPage: true });
    await page.getByRole("button", { name: "Spara närvaron" }).tap();
    await page.waitForURL(/\?saved=1$/);
    await expect(page.getByRole("status").textContent()).resolves.toBe(
      "Närvaron är sparad: 3 besökare.",
    );

    await page.getByRole("link", { name: /Se utvärderingen/ }).tap();
    await page.waitForURL(/\/staff\/evaluations\/\d+$/);
    await expect(evaluationRow(page, session)).resolves.toEqual({ visitors: "3", checkedIn: "2" });
    await context.close();
  });

  it("saves, rather than counting down, when Enter is pressed in a number", async () => {
    const session = await uncountedSession(3);
    const context = await staffPhone(true);
    const page = await context.newPage();
    await page.goto(`${server.url}/staff/attendance/${session}`);
    await page.waitForLoadState("networkidle");
    await page.locator("#attendance-headcount").fill("7");
    await page.locator("#attendance-headcount").press("Enter");
    await page.waitForURL(/\?saved=1$/);
    await expect(page.locator("#attendance-headcount").inputValue()).resolves.toBe("7");
    await context.close();
  });
});
