import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../support/browser";
import { freePort, startMailCatcher, type MailCatcher } from "../support/mail-catcher";
import { TMP } from "../support/paths";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let browser: Browser;
let catcher: MailCatcher;
const screenshots = join(TMP, "screenshots");
// A resident on a phone whose browser asks for Swedish.
const PHONE = { locale: "sv-SE", viewport: { width: 375, height: 740 } };

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  catcher = await startMailCatcher();
  // A port chosen up front, so PUBLIC_URL and the links in the mail point at this very server.
  const port = await freePort();
  [server, browser] = await Promise.all([
    startTestServer({
      env: {
        SMTP_URL: catcher.url,
        MAIL_POLL_INTERVAL_MS: "200",
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
      },
    }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await catcher?.close();
});

/** Steps a week ahead with the "Nästa vecka" link until `title` is listed. */
async function stepWeeksUntil(page: Page, title: string, maxWeeks: number) {
  for (let step = 0; step <= maxWeeks; step++) {
    if ((await page.getByRole("link", { name: title }).count()) > 0) return;
    const shown = await page.locator(".week-number").textContent();
    await page.getByRole("link", { name: "Nästa vecka" }).click();
    await page.waitForFunction(
      (previous) => document.querySelector(".week-number")?.textContent !== previous,
      shown,
    );
  }
  throw new Error(`${title} was not listed within ${maxWeeks} weeks`);
}

/** The "has visible focus" a keyboard user relies on: a real outline around the focused element. */
async function focusRing(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
      id: element.id,
      tag: element.tagName.toLowerCase(),
      text: (element.textContent ?? "").trim(),
      outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
      inView: box.bottom > 0 && box.top < window.innerHeight && box.width > 0,
    };
  });
}

/** Waits for the sign-up's status line to read `text`: with JavaScript it renders a moment later. */
async function status(page: Page, text: RegExp) {
  await page.locator(".rsvp-status", { hasText: text }).waitFor();
}

async function residentJourney(javaScriptEnabled: boolean) {
  const email = `familjen-${javaScriptEnabled ? "js" : "nojs"}@example.org`;
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled });
  const page = await context.newPage();

  // Find the block coffee morning: this week everywhere, narrowed to Dalhem.
  await page.goto(`${server.url}/`);
  await page.getByLabel("Område").selectOption({ label: "Dalhem" });
  await page.getByRole("button", { name: "Visa", exact: true }).click();
  await page.waitForURL(/area=dalhem/);
  // With JavaScript the address changes a moment before the list does: wait for the list.
  await page.waitForFunction(() => {
    const where = [...document.querySelectorAll(".session__where")].map((p) => p.textContent);
    return where.length > 0 && where.every((text) => /Dalhem|Brohult/.test(text ?? ""));
  });
  await stepWeeksUntil(page, "Kvartersfika på Dalhem", 6);
  await page.getByRole("link", { name: "Kvartersfika på Dalhem" }).first().click();
  await page.waitForURL(/\/activities\/kvartersfika-dalhem\/\d+$/);
  await page.getByRole("heading", { level: 1, name: /^Kvartersfika på Dalhem/ }).waitFor();
  await page.getByText("Ingen anmälan behövs. Kom när det passar dig.").first().waitFor();

  // The family day asks how many are coming: find it in a later Dalhem week and sign up.
  await page.goBack();
  await page.waitForURL(/area=dalhem/);
  await stepWeeksUntil(page, "Familjedag vid Brohult", 10);
  await page.getByRole("link", { name: "Familjedag vid Brohult" }).first().click();
  await page.waitForURL(/\/activities\/familjedag\/\d+$/);
  await page.getByRole("heading", { name: "Anmälan" }).waitFor();
  await page.getByLabel("Namn", { exact: true }).fill("Layla Haddad");
  await page.getByLabel("E-post").fill(email);
  await page.getByLabel("Vuxna").fill("2");
  await page.getByLabel("Barn", { exact: true }).fill("3");
  await page.getByRole("button", { name: "Anmäl mig" }).click();

  await page.waitForURL(/\/rsvp\/[^/?]+\?welcome=1/);
  await page.getByText("Tack för din anmälan!").waitFor();
  await status(page, /^Du är anmäld\.$/);
  await page.getByText("2 vuxna, 3 barn").waitFor();
  await page.getByText(`Vi har skickat en bekräftelse till ${email}.`).waitFor();
  await page.screenshot({
    path: join(screenshots, `journey-confirmed-${javaScriptEnabled ? "js" : "nojs"}-375.png`),
    fullPage: true,
  });

  // The confirmation mail, through real SMTP, carries the link to change or cancel.
  const mail = await catcher.waitFor(
    (caught) => caught.to.includes(email) && caught.subject.startsWith("Du är anmäld:"),
  );
  expect(mail.subject).toContain("Familjedag vid Brohult");
  expect(mail.text).toContain("Antal: 5");
  expect(mail.ics).toContain("BEGIN:VEVENT");
  const link = /Ändra eller avboka: (\S+)/.exec(mail.text)?.[1];
  expect(link, mail.text).toMatch(new RegExp(`^${server.url}/rsvp/[A-Za-z0-9_-]+$`));

  // Opening the link later, the resident cancels.
  await page.goto(link ?? "");
  await page.getByRole("heading", { level: 1, name: "Din anmälan" }).waitFor();
  await status(page, /^Du är anmäld\.$/);
  const [answer] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === "POST"),
    page.getByRole("button", { name: "Avboka", exact: true }).click(),
  ]);
  // Say what the server answered, not only that the page never came.
  if (answer.status() >= 400) {
    throw new Error(`cancelling answered ${answer.status()}: ${await answer.text()}`);
  }
  await page.waitForURL(/done=cancelled/);
  await page.getByText("Din anmälan är avbokad. Välkommen tillbaka en annan gång!").waitFor();
  await status(page, /^Anmälan är avbokad\.$/);
  await expect(page.getByRole("button", { name: "Avboka", exact: true }).count()).resolves.toBe(0);

  const stored = await server.db
    .selectFrom("rsvps")
    .select(["status", "adults", "children"])
    .where("email", "=", email)
    .executeTakeFirstOrThrow();
  expect(stored).toEqual({ status: "cancelled", adults: 2, children: 3 });
  await context.close();
}

describe("a resident on a phone", () => {
  it("finds the coffee morning, signs up for the family day, gets the mail and cancels", async () => {
    await residentJourney(true);
  }, 60_000);

  it("does the same with JavaScript turned off", async () => {
    await residentJourney(false);
  }, 60_000);
});

describe("a resident using only the keyboard", () => {
  it("reaches the sign-up form, fills it in and sends it, always seeing where the focus is", async () => {
    const session = await server.db
      .selectFrom("occurrences")
      .innerJoin("activities", "activities.id", "occurrences.activity_id")
      .select("occurrences.id")
      .where("activities.slug", "=", "familjedag")
      .executeTakeFirstOrThrow();
    const context = await browser.newContext({
      locale: "sv-SE",
      viewport: { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/activities/familjedag/${session.id}`);

    // The first Tab shows the skip link; Enter jumps past the header to the content.
    await page.keyboard.press("Tab");
    const skip = await focusRing(page);
    expect(skip).toMatchObject({ text: "Hoppa till innehållet", outline: true, inView: true });
    await page.keyboard.press("Enter");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("main");

    // Tab on to the name field, every stop visibly focused.
    const stops: string[] = [];
    for (let press = 0; press < 40; press++) {
      await page.keyboard.press("Tab");
      const ring = await focusRing(page);
      expect(ring, `stop ${press}`).not.toBeNull();
      expect(ring, `stop ${press}: ${ring?.tag}#${ring?.id} ${ring?.text}`).toMatchObject({
        outline: true,
        inView: true,
      });
      stops.push(ring?.id || ring?.text || "?");
      if (ring?.id === "signup-name") break;
    }
    expect(stops.at(-1), stops.join(" → ")).toBe("signup-name");

    await page.keyboard.type("Omar Keyboard");
    await page.keyboard.press("Tab");
    await page.keyboard.type("omar@example.org");
    // Back with Shift+Tab: the name is still there, and forward again.
    await page.keyboard.press("Shift+Tab");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("signup-name");
    await expect(page.locator("#signup-name").inputValue()).resolves.toBe("Omar Keyboard");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("signup-phone");
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("signup-adults");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("signup-children");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("signup-note");
    // The hidden honeypot field is skipped: the next stop is the submit button.
    await page.keyboard.press("Tab");
    const submit = await focusRing(page);
    expect(submit).toMatchObject({ tag: "button", text: "Anmäl mig", outline: true, inView: true });
    await page.keyboard.press("Space");

    await page.waitForURL(/\/rsvp\/[^/?]+\?welcome=1/);
    await page.getByText("Tack för din anmälan!").waitFor();
    await page.getByText("2 vuxna, 1 barn").waitFor();
    await context.close();
  }, 60_000);
});
