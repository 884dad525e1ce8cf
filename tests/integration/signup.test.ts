import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, todayIn, toInstantString, zonedToUtc } from "~/domain/time";
import {
  cancelOccurrence,
  enqueueReminders,
  moveOccurrence,
  setCapacity,
} from "~/models/rsvps.server";
import { getPage, text } from "../support/html";
import { freePort, startMailCatcher, type MailCatcher } from "../support/mail-catcher";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let smtp: MailCatcher;
// Beyond the demo's 26 weeks, so new sessions never share a date with a scheduled one.
let dayOffset = 200;

beforeAll(async () => {
  smtp = await startMailCatcher();
  server = await startTestServer({
    env: { SMTP_URL: smtp.url, MAIL_POLL_INTERVAL_MS: "200", SIGNUP_LIMIT_PER_IP: "1000" },
  });
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

const form = (fields: Record<string, string>) =>
  new URLSearchParams({ intent: "signup", ...fields });

async function post(
  path: string,
  body: URLSearchParams | string,
  headers: Record<string, string> = {},
) {
  return getPage(`${server.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body,
  });
}

function tokenOf(location: string | null): string {
  const match = /^\/rsvp\/([A-Za-z0-9_-]{43})\?welcome=1$/.exec(location ?? "");
  if (!match) throw new Error(`not a manage link: ${location}`);
  return match[1];
}

/** A new future session of an activity, with its own capacity, on a day no other test uses. */
async function newSession(slug: string, capacity: number | null) {
  const activity = await server.db
    .selectFrom("activities")
    .select("id")
    .where("slug", "=", slug)
    .executeTakeFirstOrThrow();
  const date = addDays(todayIn(new Date()), dayOffset++);
  const stamp = toInstantString(new Date());
  const { id } = await server.db
    .insertInto("occurrences")
    .values({
      activity_id: activity.id,
      schedule_id: null,
      scheduled_date: date,
      starts_at: toInstantString(zonedToUtc(date, "12:00")),
      ends_at: toInstantString(zonedToUtc(date, "16:00")),
      room_id: null,
      location_name: null,
      capacity,
      cancel_reason: null,
      move_reason: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { activityId: activity.id, occurrenceId: id, path: `/activities/${slug}/${id}` };
}

const rsvpCount = async () =>
  Number(
    (
      await server.db
        .selectFrom("rsvps")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function signUp(path: string, fields: Record<string, string>) {
  const { status, response } = await post(path, form(fields));
  expect(status, await response.text().catch(() => "")).toBe(302);
  return tokenOf(response.headers.get("location"));
}

describe("signing up for a session", () => {
  it("confirms, shows the manage link's page and mails a confirmation with the session as .ics", async () => {
    const session = await newSession("familjedag", null);
    const { status, response } = await post(
      session.path,
      form({ name: "Anna Andersson", email: "anna@example.org", adults: "2", children: "1" }),
    );
    expect(status).toBe(302);
    const token = tokenOf(response.headers.get("location"));

    const page = await getPage(`${server.url}/rsvp/${token}?welcome=1`);
    expect(page.status).toBe(200);
    expect(page.response.headers.get("referrer-policy")).toBe("same-origin");
    expect(text(page.$, ".notice")).toContain("Tack för din anmälan! Du är anmäld.");
    expect(text(page.$, ".facts-list")).toContain("Antal 2 vuxna, 1 barn");

    const mail = await smtp.waitFor((m) => m.to === "anna@example.org");
    expect(mail.subject).toMatch(
      /^Du är anmäld: Familjedag vid Brohult, \S+ \d{1,2} \S+ 12:00–16:00$/,
    );
    expect(mail.text).toContain("Hej Anna Andersson!");
    expect(mail.text).toContain(
      `${server.url.replace("127.0.0.1", "localhost")}/rsvp/${token}`.replace(
        /^http:\/\/localhost:\d+/,
        "",
      ),
    );
    expect(mail.text).toContain("Antal: 3");
    expect(mail.ics).toContain(`UID:occurrence-${session.occurrenceId}@traffpunkt`);
    expect(mail.ics).toContain("DTSTART;TZID=Europe/Stockholm:");
    expect(mail.ics?.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    const row = await server.db
      .selectFrom("rsvps")
      .selectAll()
      .where("email", "=", "anna@example.org")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: "confirmed",
      party_size: 3,
      adults: 2,
      children: 1,
      locale: "sv",
    });
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it("says so when the same email signs up twice for a session, and stores nothing new", async () => {
    const session = await newSession("familjedag", null);
    await signUp(session.path, { name: "Bo", email: "bo@example.org", adults: "1", children: "0" });
    const before = await rsvpCount();
    const { status, $ } = await post(
      session.path,
      form({ name: "Bo igen", email: "BO@example.org", adults: "1", children: "0" }),
    );
    expect(status).toBe(409);
    expect(text($, "#email-error")).toBe(
      "Den här e-postadressen är redan anmäld. Använd länken i bekräftelsemejlet för att ändra eller avboka.",
    );
    expect($("#signup-name").attr("value")).toBe("Bo igen");
    expect(await rsvpCount()).toBe(before);
  });

  it.each([
    [
      "no name",
      { name: "", email: "x@example.org", adults: "1", children: "0" },
      "#name-error",
      "Fyll i det här fältet.",
    ],
    [
      "a malformed email",
      { name: "X", email: "x@@example", adults: "1", children: "0" },
      "#email-error",
      "Skriv en e-postadress som namn@exempel.se.",
    ],
    [
      "party size 0",
      { name: "X", email: "x0@example.org", adults: "0", children: "0" },
      "#adults-error",
      "Minst en person måste komma.",
    ],
    [
      "party size 500",
      { name: "X", email: "x500@example.org", adults: "500", children: "0" },
      "#adults-error",
      "Skriv ett heltal från 0 till 15.",
    ],
    [
      "a party over the limit",
      { name: "X", email: "x16@example.org", adults: "10", children: "6" },
      "#adults-error",
      "Högst 15 personer per anmälan.",
    ],
  ])(
    "refuses %s with a message beside the field and stores nothing",
    async (_, fields, selector, message) => {
      const session = await newSession("familjedag", null);
      const before = await rsvpCount();
      const { status, $ } = await post(session.path, form(fields));
      expect(status).toBe(400);
      expect(text($, selector)).toBe(message);
      expect($(".error-summary").length).toBe(1);
      expect(await rsvpCount()).toBe(before);
    },
  );

  it("refuses a past, a cancelled and an ended session with a message", async () => {
    const past = await server.db
      .selectFrom("occurrences as o")
      .innerJoin("activities as a", "a.id", "o.activity_id")
      .select("o.id")
      .where("a.slug", "=", "ungdomsgruppen")
      .where("o.starts_at", "<", toInstantString(new Date()))
      .executeTakeFirstOrThrow();
    const pastResult = await post(`/activities/ungdomsgruppen/${past.id}`, form({ name: "Sam" }));
    expect(pastResult.status).toBe(400);
    expect(text(pastResult.$, ".error-summary")).toBe("Tillfället har redan varit.");

    const cancelled = await newSession("familjedag", null);
    await server.db
      .updateTable("occurrences")
      .set({ status: "cancelled" })
      .where("id", "=", cancelled.occurrenceId)
      .execute();
    const cancelledResult = await post(
      cancelled.path,
      form({ name: "Sam", email: "sam@example.org", adults: "1", children: "0" }),
    );
    expect(cancelledResult.status).toBe(400);
    expect(text(cancelledResult.$, ".error-summary")).toBe("Tillfället är inställt.");

    const ended = await newSession("pizzatavling", null);
    await server.db
      .updateTable("activities")
      .set({ status: "ended" })
      .where("id", "=", ended.activityId)
      .execute();
    const endedResult = await post(ended.path, form({ name: "Lag Sam", phone: "070-123 45 67" }));
    await server.db
      .updateTable("activities")
      .set({ status: "published" })
      .where("id", "=", ended.activityId)
      .execute();
    expect(endedResult.status).toBe(400);
    expect(text(endedResult.$, ".error-summary")).toBe("Aktiviteten är avslutad.");
  });

  it("answers a body of several MB with 413 and stores nothing", async () => {
    const session = await newSession("familjedag", null);
    const before = await rsvpCount();
    const body = form({
      name: "X",
      email: "big@example.org",
      adults: "1",
      children: "0",
      note: "x".repeat(5_000_000),
    }).toString();
    // The server answers 413 before the upload ends and closes the connection; the client may
    // see that answer, or only the reset. Either way the server's request log shows the status.
    const status = await new Promise<number | "reset">((resolve) => {
      const request = httpRequest(`${server.url}${session.path}`, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
        },
      });
      request.on("response", (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on("error", () => resolve("reset"));
      request.end(body);
    });
    if (status === "reset") {
      await expect.poll(() => server.logs()).toContain(`"path":"${session.path}","status":413`);
    } else {
      expect(status).toBe(413);
    }
    expect(await rsvpCount()).toBe(before);
  });

  it("stores nothing when the honeypot is filled, yet looks like success to the bot", async () => {
    const session = await newSession("familjedag", null);
    const before = await rsvpCount();
    const { status } = await post(
      session.path,
      form({
        name: "Bot",
        email: "bot@example.org",
        adults: "1",
        children: "0",
        website: "http://spam.example",
      }),
    );
    expect(status).toBe(302);
    expect(await rsvpCount()).toBe(before);
  });

  it("refuses a cross-site POST", async () => {
    const session = await newSession("familjedag", null);
    const { status } = await post(
      session.path,
      form({ name: "X", email: "csrf@example.org", adults: "1", children: "0" }),
      {
        Origin: "https://evil.example",
      },
    );
    expect(status).toBe(403);
  });

  it("keeps the manage link on screen when there is no email, and sends no mail", async () => {
    const session = await newSession("ungdomsgruppen", null);
    const outboxBefore = Number(
      (
        await server.db
          .selectFrom("outbox")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const { $ } = await getPage(`${server.url}${session.path}`);
    expect($("label[for='signup-name']").text()).toBe("Förnamn");
    expect(text($, "label[for='signup-email']")).toBe("E-post (frivilligt)");
    expect($("#signup-adults")).toHaveLength(0);
    const token = await signUp(session.path, { name: "Ali" });
    const page = await getPage(`${server.url}/rsvp/${token}?welcome=1`);
    expect(text(page.$, ".keep-link")).toContain("Spara den här länken");
    expect(page.$(".manage-link").attr("href")).toMatch(new RegExp(`/rsvp/${token}$`));
    const outboxAfter = Number(
      (
        await server.db
          .selectFrom("outbox")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(outboxAfter).toBe(outboxBefore);
  });

  it("never shows who signed up on public pages", async () => {
    const session = await newSession("familjedag", 10);
    await signUp(session.path, {
      name: "Hemlig Person",
      email: "hemlig@example.org",
      phone: "0701234567",
      adults: "2",
      children: "0",
    });
    for (const path of [session.path, "/activities/familjedag", "/", "/places"]) {
      const { html } = await getPage(`${server.url}${path}`);
      expect(html).not.toContain("Hemlig");
      expect(html).not.toContain("hemlig@example.org");
      expect(html).not.toContain("0701234567");
    }
    const { $ } = await getPage(`${server.url}${session.path}`);
    expect(text($, ".signup")).toContain("8 av 10 platser kvar.");
  });
});

describe("the waiting list", () => {
  it("offers the waitlist when full, keeps order, and promotes and mails when someone cancels", async () => {
    const session = await newSession("familjedag", 3);
    const first = await signUp(session.path, {
      name: "Först",
      email: "forst@example.org",
      adults: "2",
      children: "0",
    });
    const second = await signUp(session.path, {
      name: "Andra",
      email: "andra@example.org",
      adults: "2",
      children: "0",
    });
    const third = await signUp(session.path, {
      name: "Tredje",
      email: "tredje@example.org",
      adults: "1",
      children: "0",
    });

    const full = await getPage(`${server.url}${session.path}`);
    expect(text(full.$, ".signup button")).toBe("Ställ mig på väntelistan");
    expect(text((await getPage(`${server.url}/rsvp/${second}`)).$, ".rsvp-status")).toBe(
      "Du står på väntelistan, plats 1.",
    );
    // One place is free, but the waiting list is first come, first served.
    expect(text((await getPage(`${server.url}/rsvp/${third}`)).$, ".rsvp-status")).toBe(
      "Du står på väntelistan, plats 2.",
    );
    const waitMail = await smtp.waitFor((m) => m.to === "andra@example.org");
    expect(waitMail.subject).toMatch(/^Väntelista: Familjedag/);
    expect(waitMail.text).toContain("på plats 1");

    const cancel = await post(`/rsvp/${first}`, new URLSearchParams({ intent: "cancel" }));
    expect(cancel.status).toBe(302);
    expect(text((await getPage(`${server.url}/rsvp/${first}`)).$, ".rsvp-status")).toBe(
      "Anmälan är avbokad.",
    );
    expect(text((await getPage(`${server.url}/rsvp/${second}`)).$, ".rsvp-status")).toBe(
      "Du är anmäld.",
    );
    expect(text((await getPage(`${server.url}/rsvp/${third}`)).$, ".rsvp-status")).toBe(
      "Du är anmäld.",
    );
    const promoted = await smtp.waitFor(
      (m) => m.to === "andra@example.org" && m.subject.startsWith("Du har fått en plats"),
    );
    expect(promoted.ics).toContain("BEGIN:VEVENT");
    await smtp.waitFor(
      (m) => m.to === "tredje@example.org" && m.subject.startsWith("Du har fått en plats"),
    );
  });

  it("refuses a bigger party than the free places with a message, and promotes when a party shrinks", async () => {
    const session = await newSession("familjedag", 4);
    const big = await signUp(session.path, {
      name: "Stor",
      email: "stor@example.org",
      adults: "2",
      children: "1",
    });
    const waiting = await signUp(session.path, {
      name: "Väntar",
      email: "vantar@example.org",
      adults: "2",
      children: "0",
    });

    const tooMany = await post(
      `/rsvp/${big}`,
      new URLSearchParams({ intent: "party", adults: "3", children: "2" }),
    );
    expect(tooMany.status).toBe(409);
    expect(text(tooMany.$, "#party-error")).toBe(
      "Det finns inte så många lediga platser. Antalet är oförändrat.",
    );
    const unchanged = await server.db
      .selectFrom("rsvps")
      .select("party_size")
      .where("email", "=", "stor@example.org")
      .executeTakeFirstOrThrow();
    expect(unchanged.party_size).toBe(3);

    const shrink = await post(
      `/rsvp/${big}`,
      new URLSearchParams({ intent: "party", adults: "1", children: "1" }),
    );
    expect(shrink.status).toBe(302);
    expect(text((await getPage(`${server.url}/rsvp/${big}?done=saved`)).$, ".notice")).toBe(
      "Ändringen är sparad.",
    );
    expect(text((await getPage(`${server.url}/rsvp/${waiting}`)).$, ".rsvp-status")).toBe(
      "Du är anmäld.",
    );
    await smtp.waitFor(
      (m) => m.to === "vantar@example.org" && m.subject.startsWith("Du har fått en plats"),
    );
  });

  it("promotes when staff raise the capacity", async () => {
    const session = await newSession("familjedag", 1);
    await signUp(session.path, {
      name: "Ett",
      email: "ett@example.org",
      adults: "1",
      children: "0",
    });
    await signUp(session.path, {
      name: "Två",
      email: "tva@example.org",
      adults: "1",
      children: "0",
    });
    const promoted = await setCapacity(
      server.db,
      { activityId: session.activityId, occurrenceId: session.occurrenceId },
      2,
      new Date(),
    );
    expect(promoted).toHaveLength(1);
    await smtp.waitFor(
      (m) => m.to === "tva@example.org" && m.subject.startsWith("Du har fått en plats"),
    );
  });
});

describe("a whole course", () => {
  it("signs up for every session at once and mails them all as one calendar", async () => {
    const token = await signUp("/activities/malarkurs", {
      name: "Mira",
      email: "mira@example.org",
    });
    const page = await getPage(`${server.url}/rsvp/${token}`);
    expect(text(page.$, ".facts-list")).toContain("Hela kursen");
    const future = await server.db
      .selectFrom("occurrences as o")
      .innerJoin("activities as a", "a.id", "o.activity_id")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("a.slug", "=", "malarkurs")
      .where("o.ends_at", ">", toInstantString(new Date()))
      .executeTakeFirstOrThrow();
    const mail = await smtp.waitFor((m) => m.to === "mira@example.org");
    expect(mail.text).toContain("Du är anmäld till hela kursen Målarkurs med Fyra färger.");
    expect(mail.ics?.match(/BEGIN:VEVENT/g)?.length).toBe(Number(future.n));
  });
});

describe("staff changes to a session", () => {
  it("cancelling mails everyone signed up, with the reason", async () => {
    const session = await newSession("familjedag", null);
    await signUp(session.path, {
      name: "Cilla",
      email: "cilla@example.org",
      adults: "1",
      children: "0",
    });
    expect(
      await cancelOccurrence(server.db, session.occurrenceId, "Storm väntas", new Date()),
    ).toBe(true);
    const mail = await smtp.waitFor(
      (m) => m.to === "cilla@example.org" && m.subject.startsWith("Inställt:"),
    );
    expect(mail.text).toContain("Anledning: Storm väntas");
    expect(mail.ics).toContain("STATUS:CANCELLED");
    const { $ } = await getPage(`${server.url}${session.path}`);
    expect(text($, ".notice--cancelled")).toBe("Inställt: Storm väntas");
  });

  it("moving mails the new time and bumps the calendar SEQUENCE", async () => {
    const session = await newSession("familjedag", null);
    await signUp(session.path, {
      name: "Dan",
      email: "dan@example.org",
      adults: "1",
      children: "0",
    });
    const row = await server.db
      .selectFrom("occurrences")
      .select(["starts_at", "scheduled_date"])
      .where("id", "=", session.occurrenceId)
      .executeTakeFirstOrThrow();
    const to = {
      startsAt: zonedToUtc(row.scheduled_date, "13:00"),
      endsAt: zonedToUtc(row.scheduled_date, "17:00"),
    };
    expect(
      await moveOccurrence(server.db, session.occurrenceId, to, "Senare start", new Date()),
    ).toBe(true);
    const mail = await smtp.waitFor(
      (m) => m.to === "dan@example.org" && m.subject.startsWith("Ny tid:"),
    );
    expect(mail.subject).toMatch(/13:00–17:00$/);
    expect(mail.text).toMatch(
      /har flyttats från \S+ \d{1,2} \S+ 12:00–16:00 till \S+ \d{1,2} \S+ 13:00–17:00/,
    );
    expect(mail.ics).toContain("SEQUENCE:1");
  });

  it("reminds confirmed people the day before, once", async () => {
    const activity = await server.db
      .selectFrom("activities")
      .select("id")
      .where("slug", "=", "familjedag")
      .executeTakeFirstOrThrow();
    const tomorrow = addDays(todayIn(new Date()), 1);
    const stamp = toInstantString(new Date());
    const { id } = await server.db
      .insertInto("occurrences")
      .values({
        activity_id: activity.id,
        schedule_id: null,
        scheduled_date: `${tomorrow}`,
        starts_at: toInstantString(new Date(Date.now() + 24 * 3_600_000)),
        ends_at: toInstantString(new Date(Date.now() + 25 * 3_600_000)),
        room_id: null,
        location_name: null,
        capacity: null,
        cancel_reason: null,
        move_reason: null,
        created_at: stamp,
        updated_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
      .catch(async () =>
        server.db
          .selectFrom("occurrences")
          .select("id")
          .where("activity_id", "=", activity.id)
          .where("scheduled_date", "=", tomorrow)
          .executeTakeFirstOrThrow(),
      );
    await signUp(`/activities/familjedag/${id}`, {
      name: "Eva",
      email: "eva@example.org",
      adults: "1",
      children: "0",
    });
    expect(await enqueueReminders(server.db, new Date())).toBeGreaterThanOrEqual(1);
    expect(await enqueueReminders(server.db, new Date())).toBe(0);
    const mail = await smtp.waitFor(
      (m) => m.to === "eva@example.org" && m.subject.startsWith("Påminnelse:"),
    );
    expect(mail.subject).toContain("i morgon");
  });
});

describe("abuse limits", () => {
  it("answers too many sign-ups from one address with 429 and a message", async () => {
    const limited = await startTestServer({ env: { SIGNUP_LIMIT_PER_IP: "2" } });
    try {
      const session = await limited.db
        .selectFrom("occurrences as o")
        .innerJoin("activities as a", "a.id", "o.activity_id")
        .select("o.id")
        .where("a.slug", "=", "familjedag")
        .executeTakeFirstOrThrow();
      const statuses = [];
      let last = "";
      for (let n = 0; n < 3; n++) {
        const page = await getPage(`${limited.url}/activities/familjedag/${session.id}`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: form({ name: `P${n}`, email: `p${n}@example.org`, adults: "1", children: "0" }),
        });
        statuses.push(page.status);
        last = text(page.$, ".error-summary");
      }
      expect(statuses).toEqual([302, 302, 429]);
      expect(last).toBe("För många anmälningar på kort tid. Vänta en stund och försök igen.");
    } finally {
      await limited.stop();
    }
  });
});

describe("an SMTP outage", () => {
  it("delays the confirmation without losing it, and delivers it exactly once when SMTP is back", async () => {
    const port = await freePort();
    const down = await startTestServer({
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_POLL_INTERVAL_MS: "200" },
    });
    let back: MailCatcher | undefined;
    try {
      const session = await down.db
        .selectFrom("occurrences as o")
        .innerJoin("activities as a", "a.id", "o.activity_id")
        .select("o.id")
        .where("a.slug", "=", "familjedag")
        .executeTakeFirstOrThrow();
      const { status } = await getPage(`${down.url}/activities/familjedag/${session.id}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: form({ name: "Greta", email: "greta@example.org", adults: "1", children: "0" }),
      });
      expect(status).toBe(302);
      const waiting = async () =>
        down.db
          .selectFrom("outbox")
          .selectAll()
          .where("to_address", "=", "greta@example.org")
          .executeTakeFirstOrThrow();
      await expect
        .poll(
          async () => {
            const row = await waiting();
            return row.status === "pending" && row.attempts >= 1 && row.last_error !== null;
          },
          { timeout: 10_000 },
        )
        .toBe(true);
      const row = await waiting();
      expect(row.status).toBe("pending");
      expect(row.next_attempt_at > toInstantString(new Date())).toBe(true);

      back = await startMailCatcher(port);
      // Stand in for the minute of back-off passing.
      await down.db
        .updateTable("outbox")
        .set({ next_attempt_at: toInstantString(new Date()) })
        .where("id", "=", row.id)
        .execute();
      const mail = await back.waitFor((m) => m.to === "greta@example.org");
      expect(mail.parsed.messageId).toBe(row.message_id);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(back.mails.filter((m) => m.to === "greta@example.org")).toHaveLength(1);
      expect((await waiting()).status).toBe("sent");
    } finally {
      await down.stop();
      await back?.close();
    }
  });
});
