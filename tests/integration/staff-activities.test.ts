import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addDays,
  addWeeks,
  formatIsoWeek,
  isoWeekMonday,
  isoWeekOf,
  todayIn,
  utcToZoned,
} from "~/domain/time";
import { getPage, text } from "../support/html";
import { loginAs } from "../support/login";
import { startMailCatcher, type MailCatcher } from "../support/mail-catcher";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let smtp: MailCatcher;
let staff: string;
let partner: string;
let staffId: number;

// Next week onwards, so every session of the activities made here is still to come.
const nextWeek = addWeeks(isoWeekOf(todayIn(new Date())), 1);
const monday = isoWeekMonday(nextWeek);

beforeAll(async () => {
  smtp = await startMailCatcher();
  server = await startTestServer({
    env: { SMTP_URL: smtp.url, MAIL_POLL_INTERVAL_MS: "200", SIGNUP_LIMIT_PER_IP: "1000" },
  });
  staff = await loginAs(server, "staff@example.org");
  partner = await loginAs(server, "fyrafarger@example.org");
  staffId = (
    await server.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "staff@example.org")
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

const get = (path: string, cookie: string | null = staff) =>
  getPage(`${server.url}${path}`, { headers: cookie ? { Cookie: cookie } : {} });

function post(
  path: string,
  fields: Record<string, string | string[]>,
  cookie: string | null = staff,
) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  return getPage(`${server.url}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body,
  });
}

async function idOf(table: "places" | "areas", slug: string) {
  return (
    await server.db
      .selectFrom(table)
      .select("id")
      .where("slug", "=", slug)
      .executeTakeFirstOrThrow()
  ).id;
}

/** A complete, valid new-activity form: weekly on Tuesdays and Thursdays at @Söder. */
async function activityForm(overrides: Record<string, string | string[]> = {}) {
  return {
    title: "Sångstund",
    slug: "sangstund",
    summary: "Vi sjunger tillsammans.",
    description: "Sånger från hela världen.",
    category: "creative",
    audience: "everyone",
    languages: ["sv", "ar"],
    otherLanguages: "de",
    organiser: "staff",
    areaId: String(await idOf("areas", "soder")),
    placeId: String(await idOf("places", "soder")),
    roomId: "",
    locationName: "",
    locationAddress: "",
    signupMode: "session",
    capacity: "10",
    requireEmail: "1",
    status: "published",
    statusReason: "",
    kind: "weekly",
    startDate: monday,
    endDate: addDays(monday, 7 * 6 - 1),
    startTime: "10:00",
    endTime: "11:30",
    weekdays: ["2", "4"],
    intervalWeeks: "1",
    nth: "1",
    weekday: "1",
    ...overrides,
  };
}

async function createActivity(overrides: Record<string, string | string[]> = {}) {
  const { status, response, html } = await post("/staff/activities/new", {
    ...(await activityForm(overrides)),
  });
  expect(status, html).toBe(302);
  const match = /^\/staff\/activities\/(\d+)\?saved=created$/.exec(
    response.headers.get("location") ?? "",
  );
  if (!match) throw new Error(`unexpected redirect ${response.headers.get("location")}`);
  return Number(match[1]);
}

const sessionsOf = (activityId: number) =>
  server.db
    .selectFrom("occurrences")
    .selectAll()
    .where("activity_id", "=", activityId)
    .orderBy("starts_at")
    .execute();

const count = async (table: "activities" | "audit_log" | "occurrences" | "rsvps") =>
  Number(
    (
      await server.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

const auditRows = (action: string, entityId: number) =>
  server.db
    .selectFrom("audit_log")
    .selectAll()
    .where("action", "=", action)
    .where("entity_id", "=", entityId)
    .execute();

async function signUp(slug: string, occurrenceId: number, name: string, email: string) {
  const { status } = await post(
    `/activities/${slug}/${occurrenceId}`,
    { intent: "signup", name, email },
    null,
  );
  expect(status).toBe(302);
}

/** One VEVENT of a calendar, unfolded. */
function eventOf(ics: string, occurrenceId: number): string {
  const unfolded = ics.replace(/\r\n[ \t]/g, "");
  const event = unfolded
    .split("BEGIN:VEVENT")
    .find((block) => block.includes(`UID:occurrence-${occurrenceId}@traffpunkt`));
  if (!event) throw new Error(`no event for occurrence ${occurrenceId}`);
  return event;
}

const sequenceOf = (event: string) => Number(/\r\nSEQUENCE:(\d+)/.exec(event)?.[1] ?? 0);

const localTime = (instant: string) => utcToZoned(new Date(instant));

describe("creating an activity", () => {
  it("stores it with its schedule, and the sessions show on the place's week", async () => {
    const auditBefore = await count("audit_log");
    const id = await createActivity({ slug: "sangstund-ny", title: "Sångstund på Söder" });

    const page = await get(`/staff/activities/${id}?saved=created`);
    expect(page.status).toBe(200);
    expect(text(page.$, ".notice")).toBe("Aktiviteten är skapad.");
    expect(page.$("#activity-title").attr("value")).toBe("Sångstund på Söder");
    expect(page.$("#sessions-section a[href^='/staff/sessions/']").length).toBe(12);

    const sessions = await sessionsOf(id);
    expect(sessions).toHaveLength(12);
    expect(sessions.map((s) => localTime(s.starts_at).time)).toEqual(Array(12).fill("10:00"));
    expect(sessions.map((s) => localTime(s.starts_at).weekday)).toEqual(
      Array(6).fill([2, 4]).flat(),
    );
    const languages = await server.db
      .selectFrom("activity_languages")
      .select("language")
      .where("activity_id", "=", id)
      .orderBy("language")
      .execute();
    expect(languages.map((row) => row.language)).toEqual(["ar", "de", "sv"]);

    const week = await get(`/places/soder?week=${formatIsoWeek(nextWeek)}`, null);
    const titles = week
      .$(".session__title")
      .map((_, el) => week.$(el).text())
      .get();
    expect(titles.filter((title) => title === "Sångstund på Söder")).toHaveLength(2);

    const [entry] = await auditRows("activity.create", id);
    expect(entry).toMatchObject({ user_id: staffId, entity: "activity" });
    expect(entry.summary).toContain("Sångstund på Söder");
    expect(await count("audit_log")).toBe(auditBefore + 1);
  });

  it("refuses bad input with a message beside each field, keeps the input and stores nothing", async () => {
    const before = {
      activities: await count("activities"),
      occurrences: await count("occurrences"),
      audit: await count("audit_log"),
    };
    const { status, $ } = await post(
      "/staff/activities/new",
      await activityForm({
        title: "",
        slug: "Fel Adress",
        otherLanguages: "xx",
        capacity: "0",
        endTime: "09:00",
        weekdays: [],
      }),
    );
    expect(status).toBe(400);
    expect(text($, ".error-summary")).toBe("Något behöver rättas. Inget är sparat.");
    expect(text($, "#activity-title-error")).toBe("Fyll i det här fältet.");
    expect(text($, "#activity-slug-error")).toBe(
      "Använd bara små bokstäver a–z, siffror och enkla bindestreck, till exempel pratcafe-soder.",
    );
    expect(text($, "#activity-languages-error")).toBe(
      "Skriv språkkoder med två bokstäver enligt ISO 639-1, till exempel sv, en, ar.",
    );
    expect(text($, "#activity-capacity-error")).toBe(
      "Lämna tomt för obegränsat eller skriv ett heltal 1–5000.",
    );
    expect(text($, "#schedule-endTime-error")).toBe("Sluttiden måste vara efter starttiden.");
    expect(text($, "#schedule-weekdays-error")).toBe("Välj minst en veckodag.");
    expect($("#activity-slug").attr("value")).toBe("Fel Adress");
    expect($("#activity-slug").attr("aria-invalid")).toBe("true");
    expect($("#activity-slug").attr("aria-describedby")).toContain("activity-slug-error");
    expect($("#activity-summary").text()).toBe("Vi sjunger tillsammans.");
    expect($("#activity-otherLanguages").attr("value")).toBe("xx");
    expect($("#activity-language-ar").attr("checked")).toBeDefined();
    expect($("#schedule-endTime").attr("value")).toBe("09:00");

    const taken = await post(
      "/staff/activities/new",
      await activityForm({ slug: "pratcafe", roomId: await plantanRoom() }),
    );
    expect(taken.status).toBe(400);
    expect(text(taken.$, "#activity-slug-error")).toBe(
      "Adressnamnet används redan av en annan aktivitet.",
    );
    expect(text(taken.$, "#activity-roomId-error")).toBe(
      "Lokalen hör inte till den valda mötesplatsen.",
    );

    const past = await post(
      "/staff/activities/new",
      await activityForm({ slug: "forr", kind: "once", startDate: addDays(monday, -30) }),
    );
    expect(past.status).toBe(400);
    expect(text(past.$, "#schedule-startDate-error")).toBe(
      "Schemat ger inga kommande tillfällen. Välj ett datum från idag och framåt.",
    );

    expect(await count("activities")).toBe(before.activities);
    expect(await count("occurrences")).toBe(before.occurrences);
    expect(await count("audit_log")).toBe(before.audit);
  });
});

async function plantanRoom() {
  const room = await server.db
    .selectFrom("rooms")
    .select("id")
    .where("place_id", "=", await idOf("places", "plantan"))
    .executeTakeFirstOrThrow();
  return String(room.id);
}

describe("editing an activity", () => {
  it("saves the details, sets updated_at and writes an audit line", async () => {
    const id = await createActivity({ slug: "redigera" });
    const before = await server.db
      .selectFrom("activities")
      .select("updated_at")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const { status, response } = await post(`/staff/activities/${id}`, {
      intent: "details",
      ...(await activityForm({
        slug: "redigera",
        title: "Sångstund, ny titel",
        status: "ended",
        statusReason: "Ledaren har flyttat.",
      })),
    });
    expect(status).toBe(302);
    expect(response.headers.get("location")).toBe(`/staff/activities/${id}?saved=details`);
    const after = await server.db
      .selectFrom("activities")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({
      title: "Sångstund, ny titel",
      status: "ended",
      status_reason: "Ledaren har flyttat.",
    });
    expect(after.updated_at > before.updated_at).toBe(true);
    const [entry] = await auditRows("activity.update", id);
    expect(entry.user_id).toBe(staffId);
    expect(entry.summary).toContain("status published → ended");
    const publicPage = await get("/activities/redigera", null);
    expect(publicPage.html).toContain("Ledaren har flyttat.");
  });

  it("refuses bad details and a bad schedule beside the fields, changing nothing", async () => {
    const id = await createActivity({ slug: "fel-i-formular" });
    const sessions = await sessionsOf(id);
    const audit = await count("audit_log");

    const details = await post(`/staff/activities/${id}`, {
      intent: "details",
      ...(await activityForm({ slug: "fel-i-formular", status: "cancelled", statusReason: "" })),
    });
    expect(details.status).toBe(400);
    expect(text(details.$, "#activity-statusReason-error")).toBe(
      "Skriv varför aktiviteten ställs in eller avslutas. Besökarna ser anledningen.",
    );
    expect(details.$("#activity-status option[selected]").attr("value")).toBe("cancelled");

    const schedule = await post(`/staff/activities/${id}`, {
      intent: "schedule",
      kind: "weekly",
      startDate: monday,
      endDate: addDays(monday, 20),
      startTime: "25:00",
      endTime: "11:00",
      intervalWeeks: "99",
      nth: "1",
      weekday: "1",
    });
    expect(schedule.status).toBe(400);
    expect(text(schedule.$, "#schedule-startTime-error")).toBe("Skriv en tid som 14:00.");
    expect(text(schedule.$, "#schedule-weekdays-error")).toBe("Välj minst en veckodag.");
    expect(text(schedule.$, "#schedule-intervalWeeks-error")).toBe(
      "Skriv ett heltal från 1 till 52.",
    );
    expect(schedule.$("#schedule-startTime").attr("value")).toBe("25:00");
    expect(schedule.$("#activity-statusReason-error")).toHaveLength(0);

    const activity = await server.db
      .selectFrom("activities")
      .select("status")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(activity.status).toBe("published");
    expect(await sessionsOf(id)).toEqual(sessions);
    expect(await count("audit_log")).toBe(audit);
  });

  it("keeps a cancelled and a moved session when the schedule's time changes, without duplicates", async () => {
    const id = await createActivity({ slug: "schema-andras" });
    const [, toCancel, toMove] = await sessionsOf(id);

    expect(
      (await post(`/staff/sessions/${toCancel.id}`, { intent: "cancel", reason: "Sjuk ledare" }))
        .status,
    ).toBe(302);
    const movedDate = addDays(toMove.scheduled_date, 1);
    expect(
      (
        await post(`/staff/sessions/${toMove.id}`, {
          intent: "move",
          date: movedDate,
          startTime: "12:00",
          endTime: "13:00",
          reason: "Lokalen är bokad",
        })
      ).status,
    ).toBe(302);

    const { status, response } = await post(`/staff/activities/${id}`, {
      intent: "schedule",
      kind: "weekly",
      startDate: monday,
      endDate: addDays(monday, 7 * 6 - 1),
      startTime: "10:30",
      endTime: "12:00",
      weekdays: ["2", "4"],
      intervalWeeks: "1",
      nth: "1",
      weekday: "1",
      changeReason: "",
    });
    expect(status).toBe(302);
    expect(response.headers.get("location")).toBe(`/staff/activities/${id}?saved=schedule`);

    const after = await sessionsOf(id);
    expect(after).toHaveLength(12);
    expect(new Set(after.map((s) => s.scheduled_date)).size).toBe(12);
    const cancelled = after.find((s) => s.id === toCancel.id);
    expect(cancelled).toMatchObject({ status: "cancelled", cancel_reason: "Sjuk ledare" });
    const moved = after.find((s) => s.id === toMove.id);
    expect(moved).toMatchObject({ moved: 1, move_reason: "Lokalen är bokad" });
    expect(localTime(moved?.starts_at ?? "")).toMatchObject({ date: movedDate, time: "12:00" });
    const others = after.filter((s) => s.id !== toMove.id);
    expect(others.map((s) => localTime(s.starts_at).time)).toEqual(Array(11).fill("10:30"));

    const [entry] = await auditRows("schedule.update", id);
    expect(entry.user_id).toBe(staffId);
    expect(entry.summary).toContain("11 med ny tid");
  });

  it("tells the people signed up when a schedule change moves their session", async () => {
    const id = await createActivity({ slug: "ny-tid-for-alla" });
    const [session] = await sessionsOf(id);
    await signUp("ny-tid-for-alla", session.id, "Dana Lind", "dana@example.org");
    const { status } = await post(`/staff/activities/${id}`, {
      intent: "schedule",
      kind: "weekly",
      startDate: monday,
      endDate: addDays(monday, 7 * 6 - 1),
      startTime: "09:00",
      endTime: "10:30",
      weekdays: ["2", "4"],
      intervalWeeks: "1",
      nth: "1",
      weekday: "1",
      changeReason: "Lokalen behövs på förmiddagen",
    });
    expect(status).toBe(302);
    const mail = await smtp.waitFor(
      (m) => m.to === "dana@example.org" && m.subject.startsWith("Ny tid:"),
    );
    expect(mail.subject).toMatch(/09:00–10:30$/);
    expect(mail.text).toMatch(/från \S+ \d{1,2} \S+ 10:00–11:30 till/);
    expect(mail.text).toContain("Anledning: Lokalen behövs på förmiddagen");
    expect(mail.ics).toContain("SEQUENCE:1");
  });
});

describe("one session", () => {
  it("lists its sign-ups for staff, and cancelling mails them, updates the feed and shows the reason", async () => {
    const id = await createActivity({ slug: "installs" });
    const [session] = await sessionsOf(id);
    await signUp("installs", session.id, "Amira Hassan", "amira@example.org");
    await signUp("installs", session.id, "Bertil Ek", "bertil@example.org");

    const staffPage = await get(`/staff/sessions/${session.id}`);
    expect(staffPage.status).toBe(200);
    expect(
      staffPage
        .$(".signup-name")
        .map((_, el) => staffPage.$(el).text())
        .get(),
    ).toEqual(["Amira Hassan", "Bertil Ek"]);
    expect(text(staffPage.$, ".facts-list")).toContain("2 av 10 platser tagna");

    const feedBefore = await (await fetch(`${server.url}/feeds/places/soder.ics`)).text();
    const sequenceBefore = sequenceOf(eventOf(feedBefore, session.id));
    // A feed's version is dated to the second (max updated_at); a change within the second of
    // the session's creation would keep the old version, so let the clock move on first.
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const { status, response } = await post(`/staff/sessions/${session.id}`, {
      intent: "cancel",
      reason: "Ledaren är sjuk",
    });
    expect(status).toBe(302);
    expect(response.headers.get("location")).toBe(`/staff/sessions/${session.id}?done=cancelled`);

    for (const to of ["amira@example.org", "bertil@example.org"]) {
      const mail = await smtp.waitFor((m) => m.to === to && m.subject.startsWith("Inställt:"));
      expect(mail.subject).toContain("Sångstund");
      expect(mail.text).toContain("Anledning: Ledaren är sjuk");
    }

    const event = eventOf(
      await (await fetch(`${server.url}/feeds/places/soder.ics`)).text(),
      session.id,
    );
    expect(event).toContain("STATUS:CANCELLED");
    expect(sequenceOf(event)).toBeGreaterThan(sequenceBefore);

    const publicPage = await get(`/activities/installs/${session.id}`, null);
    expect(text(publicPage.$, ".notice--cancelled")).toBe("Inställt: Ledaren är sjuk");
    expect(publicPage.html).not.toContain("Amira");

    const after = await get(`/staff/sessions/${session.id}?done=cancelled`);
    expect(text(after.$, ".notice")).toBe("Tillfället är inställt. De anmälda får ett mejl.");
    expect(after.$("#cancel-reason")).toHaveLength(0);

    const [entry] = await auditRows("occurrence.cancel", session.id);
    expect(entry.user_id).toBe(staffId);
    expect(entry.summary).toContain("Ledaren är sjuk");
  });

  it("moving mails the new time and the public page shows it", async () => {
    const id = await createActivity({ slug: "flyttas" });
    const [, session] = await sessionsOf(id);
    await signUp("flyttas", session.id, "Cecilia Berg", "cecilia@example.org");
    const newDate = addDays(session.scheduled_date, 1);

    const { status } = await post(`/staff/sessions/${session.id}`, {
      intent: "move",
      date: newDate,
      startTime: "15:00",
      endTime: "16:00",
      reason: "Stora rummet är upptaget",
    });
    expect(status).toBe(302);

    const mail = await smtp.waitFor(
      (m) => m.to === "cecilia@example.org" && m.subject.startsWith("Ny tid:"),
    );
    expect(mail.subject).toMatch(/15:00–16:00$/);
    expect(mail.text).toContain("Anledning: Stora rummet är upptaget");

    const publicPage = await get(`/activities/flyttas/${session.id}`, null);
    expect(text(publicPage.$, "h1 .subtitle")).toMatch(/15:00–16:00$/);
    expect(publicPage.$("h1 time").attr("datetime")).toBe(
      (
        await server.db
          .selectFrom("occurrences")
          .select("starts_at")
          .where("id", "=", session.id)
          .executeTakeFirstOrThrow()
      ).starts_at,
    );
    expect(text(publicPage.$, ".notice")).toBe("Flyttat: Stora rummet är upptaget");

    const [entry] = await auditRows("occurrence.move", session.id);
    expect(entry.user_id).toBe(staffId);
  });

  it("changing the capacity promotes the waiting list and is logged", async () => {
    const id = await createActivity({ slug: "platser", capacity: "1" });
    const [session] = await sessionsOf(id);
    await signUp("platser", session.id, "Först Person", "forst@example.org");
    await signUp("platser", session.id, "Väntande Person", "vantande@example.org");
    const page = await get(`/staff/sessions/${session.id}`);
    expect(text(page.$, "#waitlist-title + .table-scroll")).toContain("Väntande Person");

    expect(
      (await post(`/staff/sessions/${session.id}`, { intent: "capacity", capacity: "2" })).status,
    ).toBe(302);
    await smtp.waitFor(
      (m) => m.to === "vantande@example.org" && m.subject.startsWith("Du har fått en plats"),
    );
    const [entry] = await auditRows("occurrence.capacity", session.id);
    expect(entry.user_id).toBe(staffId);
  });

  it("refuses bad input on each of its forms beside the field and changes nothing", async () => {
    const id = await createActivity({ slug: "fel-tillfalle" });
    const [session] = await sessionsOf(id);
    const audit = await count("audit_log");
    const path = `/staff/sessions/${session.id}`;

    const noReason = await post(path, { intent: "cancel", reason: "  " });
    expect(noReason.status).toBe(400);
    expect(text(noReason.$, "#cancel-reason-error")).toBe(
      "Skriv en anledning. De anmälda får läsa den.",
    );
    expect(noReason.$("#cancel-reason").attr("aria-invalid")).toBe("true");

    const longReason = await post(path, { intent: "cancel", reason: "x".repeat(301) });
    expect(longReason.status).toBe(400);
    expect(text(longReason.$, "#cancel-reason-error")).toBe("Skriv högst 300 tecken.");

    const backwards = await post(path, {
      intent: "move",
      date: session.scheduled_date,
      startTime: "14:00",
      endTime: "13:00",
      reason: "Byte",
    });
    expect(backwards.status).toBe(400);
    expect(text(backwards.$, "#move-endTime-error")).toBe("Sluttiden måste vara efter starttiden.");
    expect(backwards.$("#move-endTime").attr("value")).toBe("13:00");
    expect(backwards.$("#move-reason").text()).toBe("Byte");

    const badDate = await post(path, {
      intent: "move",
      date: "2026-13-45",
      startTime: "14:00",
      endTime: "15:00",
      reason: "Byte",
    });
    expect(badDate.status).toBe(400);
    expect(text(badDate.$, "#move-date-error")).toBe("Skriv ett datum som 2026-12-09.");

    const pastDate = await post(path, {
      intent: "move",
      date: addDays(todayIn(new Date()), -2),
      startTime: "14:00",
      endTime: "15:00",
      reason: "Byte",
    });
    expect(pastDate.status).toBe(400);
    expect(text(pastDate.$, "#move-date-error")).toBe(
      "Den nya tiden har redan varit. Välj en tid framåt.",
    );

    const capacity = await post(path, { intent: "capacity", capacity: "0" });
    expect(capacity.status).toBe(400);
    expect(text(capacity.$, "#capacity-capacity-error")).toBe(
      "Lämna tomt för obegränsat eller skriv ett heltal 1–5000.",
    );
    expect(capacity.$("#capacity-capacity").attr("value")).toBe("0");

    const [unchanged] = await server.db
      .selectFrom("occurrences")
      .selectAll()
      .where("id", "=", session.id)
      .execute();
    expect(unchanged).toEqual(session);
    expect(await count("audit_log")).toBe(audit);
  });
});

describe("access", () => {
  it("sends anonymous visitors to the login page and answers a partner member 403, changing nothing", async () => {
    const id = await createActivity({ slug: "behorighet" });
    const [session] = await sessionsOf(id);
    const pages = [
      "/staff/activities",
      "/staff/activities/new",
      `/staff/activities/${id}`,
      `/staff/sessions/${session.id}`,
    ];
    const posts: [string, Record<string, string | string[]>][] = [
      ["/staff/activities/new", await activityForm({ slug: "obehorig" })],
      [
        `/staff/activities/${id}`,
        { intent: "details", ...(await activityForm({ slug: "behorighet", title: "Kapad" })) },
      ],
      [
        `/staff/activities/${id}`,
        {
          intent: "schedule",
          kind: "once",
          startDate: monday,
          startTime: "10:00",
          endTime: "11:00",
        },
      ],
      [`/staff/sessions/${session.id}`, { intent: "cancel", reason: "Obehörig" }],
      [
        `/staff/sessions/${session.id}`,
        { intent: "move", date: monday, startTime: "08:00", endTime: "09:00", reason: "x" },
      ],
      [`/staff/sessions/${session.id}`, { intent: "capacity", capacity: "3" }],
    ];
    const audit = await count("audit_log");
    const sessionsBefore = await sessionsOf(id);

    for (const path of pages) {
      const anonymous = await get(path, null);
      expect(anonymous.status, path).toBe(302);
      expect(anonymous.response.headers.get("location"), path).toMatch(/^\/login\?redirectTo=/);
      expect((await get(path, partner)).status, path).toBe(403);
    }
    for (const [path, fields] of posts) {
      const anonymous = await post(path, fields, null);
      expect(anonymous.status, path).toBe(302);
      expect(anonymous.response.headers.get("location"), path).toMatch(/^\/login/);
      expect((await post(path, fields, partner)).status, path).toBe(403);
    }

    expect(await sessionsOf(id)).toEqual(sessionsBefore);
    const activity = await server.db
      .selectFrom("activities")
      .select("title")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(activity.title).toBe("Sångstund");
    expect(
      await server.db
        .selectFrom("activities")
        .select("id")
        .where("slug", "=", "obehorig")
        .executeTakeFirst(),
    ).toBeUndefined();
    expect(await count("audit_log")).toBe(audit);
  });
});
