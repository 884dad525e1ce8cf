import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addDays,
  addWeeks,
  formatIsoWeek,
  isoWeekMonday,
  isoWeekOf,
  todayIn,
  toInstantString,
  utcToZoned,
} from "~/domain/time";
import { getPage, text } from "../support/html";
import { parseWithIcalJs } from "../support/ical";
import { loginAs } from "../support/login";
import { startTestServer, type TestServer } from "../support/test-server";

/**
 * Partners' own activities over HTTP against the production build: what an untrusted partner
 * posts waits for staff, a trusted one's is published at once, a change to a published activity
 * is held until approved, the partner is mailed either way, and one partner never sees or
 * touches another's activities, sign-up names, bookings or calendar feeds.
 */

const PARTNER_A = "fyrafarger@example.org";
const PARTNER_A2 = "fyrafarger-ordforande@example.test";
const PARTNER_B = "grannforeningen@example.test";

let server: TestServer;
let staff: string;
let partnerA: string;
let partnerB: string;
let partnerAId: number;
let partnerBId: number;
let soderId: number;
let plantanId: number;

// Next week onwards, so every session made here is still to come.
const nextWeek = addWeeks(isoWeekOf(todayIn(new Date())), 1);
const monday = isoWeekMonday(nextWeek);
const wednesday = addDays(monday, 2);

function form(fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  return body;
}

const get = (path: string, cookie: string | null) =>
  getPage(`${server.url}${path}`, { headers: cookie ? { Cookie: cookie } : {} });

const post = (path: string, cookie: string | null, fields: Record<string, string | string[]>) =>
  getPage(`${server.url}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: form(fields),
  });

/** The details the partner's form sends (organiser, area and status are not the partner's). */
function detailFields(overrides: Record<string, string | string[]> = {}) {
  return {
    title: "Akvarell för vuxna",
    slug: "",
    summary: "Vi målar med vattenfärg.",
    description: "Material finns på plats.",
    category: "creative",
    audience: "adults",
    languages: ["sv"],
    otherLanguages: "",
    placeId: String(soderId),
    roomId: "",
    locationName: "",
    locationAddress: "",
    signupMode: "session",
    capacity: "10",
    requireEmail: "1",
    ...overrides,
  };
}

/** Weekly on Wednesdays for six weeks from next Monday, 18:00–19:30. */
function scheduleFields(overrides: Record<string, string | string[]> = {}) {
  return {
    kind: "weekly",
    startDate: monday,
    endDate: addDays(monday, 7 * 6 - 1),
    startTime: "18:00",
    endTime: "19:30",
    weekdays: ["3"],
    intervalWeeks: "1",
    nth: "1",
    weekday: "1",
    changeReason: "",
    ...overrides,
  };
}

/** The partner's new-activity form. */
function activityForm(overrides: Record<string, string | string[]> = {}) {
  return { ...detailFields(), ...scheduleFields(), ...overrides };
}

/** The details form of an existing activity, as its edit page sends it. */
function detailsForm(
  activity: { title: string; slug: string },
  overrides: Record<string, string | string[]> = {},
) {
  return { intent: "details", ...detailFields(activity), ...overrides };
}

async function createAs(cookie: string, overrides: Record<string, string | string[]> = {}) {
  const { status, response, html } = await post(
    "/partner/activities/new",
    cookie,
    activityForm(overrides),
  );
  expect(status, html).toBe(302);
  const match = /^\/partner\/activities\/(\d+)\?saved=(pending|published)$/.exec(
    response.headers.get("location") ?? "",
  );
  expect(match, response.headers.get("location") ?? "").not.toBeNull();
  return Number(match?.[1]);
}

async function activity(id: number) {
  return server.db
    .selectFrom("activities")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

async function setTrusted(partnerId: number, trusted: boolean) {
  await server.db
    .updateTable("partners")
    .set({ trusted: trusted ? 1 : 0 })
    .where("id", "=", partnerId)
    .execute();
}

async function mailsAbout(subject: string) {
  return server.db
    .selectFrom("outbox")
    .select(["to_address", "subject", "text_body", "locale", "kind"])
    .where("subject", "=", subject)
    .orderBy("id")
    .execute();
}

async function placeWeekTitles(weekParam: string): Promise<string[]> {
  const { $ } = await get(`/places/soder?week=${weekParam}`, null);
  return $(".session__title")
    .toArray()
    .map((element) => $(element).text().trim());
}

async function feedSummaries(): Promise<string[]> {
  const body = await (await fetch(`${server.url}/feeds/places/soder.ics`)).text();
  return parseWithIcalJs(body).events.map((event) => event.summary);
}

async function firstSession(activityId: number) {
  return server.db
    .selectFrom("occurrences")
    .select(["id", "starts_at"])
    .where("activity_id", "=", activityId)
    .orderBy("starts_at")
    .executeTakeFirstOrThrow();
}

const weekOf = (instant: string) => formatIsoWeek(isoWeekOf(utcToZoned(new Date(instant)).date));

beforeAll(async () => {
  server = await startTestServer();
  const db = server.db;
  const stamp = toInstantString(new Date());
  const idOf = async (slug: string) =>
    (await db.selectFrom("places").select("id").where("slug", "=", slug).executeTakeFirstOrThrow())
      .id;
  soderId = await idOf("soder");
  plantanId = await idOf("plantan");
  partnerAId = (
    await db
      .selectFrom("partners")
      .select("id")
      .where("slug", "=", "fyra-farger")
      .executeTakeFirstOrThrow()
  ).id;
  // Fyra färger is trusted in the demo; most of these tests are about an untrusted partner.
  await setTrusted(partnerAId, false);
  await db
    .insertInto("users")
    .values({
      email: PARTNER_A2,
      name: "Frida Ordförande",
      role: "partner",
      partner_id: partnerAId,
      created_at: stamp,
    })
    .execute();

  // A second association, at @Plantan only, with a user of its own.
  partnerBId = (
    await db
      .insertInto("partners")
      .values({ slug: "grannforeningen", name: "Grannföreningen", created_at: stamp })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .insertInto("partner_places")
    .values({ partner_id: partnerBId, place_id: plantanId })
    .execute();
  await db
    .insertInto("users")
    .values({
      email: PARTNER_B,
      name: "Bo Granne",
      role: "partner",
      partner_id: partnerBId,
      created_at: stamp,
    })
    .execute();

  [staff, partnerA, partnerB] = await Promise.all([
    loginAs(server, "staff@example.org"),
    loginAs(server, PARTNER_A),
    loginAs(server, PARTNER_B),
  ]);
});

afterAll(async () => {
  await server?.stop();
});

describe("who may come in", () => {
  it("sends anonymous visitors to /login and back", async () => {
    for (const path of [
      "/partner/activities",
      "/partner/activities/new",
      "/partner/activities/1",
      "/partner/feeds",
      "/staff/approvals",
    ]) {
      const { status, response } = await get(path, null);
      expect(status, path).toBe(302);
      expect(response.headers.get("location"), path).toBe(
        `/login?redirectTo=${encodeURIComponent(path)}`,
      );
    }
    const posted = await post("/partner/activities/new", null, activityForm());
    expect(posted.status).toBe(302);
    expect(posted.response.headers.get("location")).toMatch(/^\/login\?/);
  });

  it("refuses the staff approval queue to partners (403), and the partner pages to staff", async () => {
    expect((await get("/staff/approvals", partnerA)).status).toBe(403);
    const posted = await post("/staff/approvals", partnerA, {
      intent: "approve",
      kind: "activity",
      id: "1",
    });
    expect(posted.status).toBe(403);
    expect((await get("/partner/activities", staff)).status).toBe(403);
  });
});

describe("a new activity from an untrusted partner", () => {
  let pendingId: number;

  it("is stored as pending, organised by the partner, and shown nowhere public", async () => {
    pendingId = await createAs(partnerA, { title: "Akvarell för vuxna" });
    const row = await activity(pendingId);
    expect(row).toMatchObject({
      status: "pending",
      organiser_kind: "partner",
      partner_id: partnerAId,
      place_id: soderId,
      slug: "akvarell-for-vuxna",
    });
    const session = await firstSession(pendingId);
    expect(utcToZoned(new Date(session.starts_at))).toMatchObject({
      date: wednesday,
      time: "18:00",
    });

    expect((await get("/activities/akvarell-for-vuxna", null)).status).toBe(404);
    expect(await placeWeekTitles(formatIsoWeek(nextWeek))).not.toContain("Akvarell för vuxna");
    expect(await feedSummaries()).not.toContain("Akvarell för vuxna");

    const mine = await get(`/partner/activities/${pendingId}?saved=pending`, partnerA);
    expect(text(mine.$, "[role=status]")).toContain("väntar nu på att personalen godkänner den");
    const list = await get("/partner/activities", partnerA);
    expect(text(list.$, `#activity-${pendingId}`)).toContain("Väntar på godkännande");

    const queue = await get("/staff/approvals", staff);
    const card = text(queue.$, `#activity-${pendingId}`);
    expect(card).toContain("Akvarell för vuxna");
    expect(card).toContain("Från Fyra färger");
    expect(card).toContain("6 kommande tillfällen");
  });

  it("is published when staff approve it: on the place page and feed, and each partner user is mailed", async () => {
    const { status, response } = await post("/staff/approvals", staff, {
      intent: "approve",
      kind: "activity",
      id: String(pendingId),
    });
    expect(status).toBe(302);
    expect(response.headers.get("location")).toBe("/staff/approvals?approved=1");
    expect((await activity(pendingId)).status).toBe("published");

    const session = await firstSession(pendingId);
    expect(await placeWeekTitles(weekOf(session.starts_at))).toContain("Akvarell för vuxna");
    expect(await feedSummaries()).toContain("Akvarell för vuxna");
    expect((await get("/activities/akvarell-for-vuxna", null)).status).toBe(200);

    const mails = await mailsAbout("Godkänd: Akvarell för vuxna");
    expect(mails.map((mail) => mail.to_address).sort()).toEqual([PARTNER_A2, PARTNER_A].sort());
    for (const mail of mails) {
      expect(mail.locale).toBe("sv");
      expect(mail.text_body).toContain(`/partner/activities/${pendingId}`);
    }
    const line = await server.db
      .selectFrom("audit_log")
      .select("summary")
      .where("action", "=", "activity.approve")
      .where("entity_id", "=", pendingId)
      .executeTakeFirst();
    expect(line?.summary).toContain("Akvarell för vuxna");

    // Approving again is refused: it is no longer waiting, and nobody is mailed twice.
    const again = await post("/staff/approvals", staff, {
      intent: "approve",
      kind: "activity",
      id: String(pendingId),
    });
    expect(again.status).toBe(409);
    expect(await mailsAbout("Godkänd: Akvarell för vuxna")).toHaveLength(2);
  });

  it("cannot be declined without a reason (message beside the field); with one, the partner is told why", async () => {
    const id = await createAs(partnerA, { title: "Skissklubben" });
    const refused = await post("/staff/approvals", staff, {
      intent: "decline",
      kind: "activity",
      id: String(id),
      reason: "  ",
    });
    expect(refused.status).toBe(400);
    expect(text(refused.$, `#activity-${id}-reason-error`)).toBe(
      "Skriv varför, så att partnern vet vad som behöver ändras.",
    );
    expect(refused.$(`#activity-${id}-reason`).attr("aria-invalid")).toBe("true");
    expect((await activity(id)).status).toBe("pending");
    expect(await mailsAbout("Inte godkänd: Skissklubben")).toHaveLength(0);

    const declined = await post("/staff/approvals", staff, {
      intent: "decline",
      kind: "activity",
      id: String(id),
      reason: "Lokalen är upptagen på onsdagar.",
    });
    expect(declined.status).toBe(302);
    expect(await activity(id)).toMatchObject({
      status: "draft",
      status_reason: "Lokalen är upptagen på onsdagar.",
    });
    const mails = await mailsAbout("Inte godkänd: Skissklubben");
    expect(mails).toHaveLength(2);
    expect(mails[0]?.text_body).toContain("Anledning: Lokalen är upptagen på onsdagar.");
    const list = await get("/partner/activities", partnerA);
    expect(text(list.$, `#activity-${id}`)).toContain(
      "Inte godkänd: Lokalen är upptagen på onsdagar.",
    );
    expect((await get("/activities/skissklubben", null)).status).toBe(404);

    // Changing it sends it for approval again.
    const edited = await post(
      `/partner/activities/${id}`,
      partnerA,
      detailsForm({ title: "Skissklubben", slug: "skissklubben" }, { summary: "Nu på torsdagar." }),
    );
    expect(edited.status).toBe(302);
    expect(edited.response.headers.get("location")).toBe(`/partner/activities/${id}?saved=pending`);
    expect(await activity(id)).toMatchObject({ status: "pending", status_reason: null });
  });
});

describe("a trusted partner", () => {
  it("publishes at once", async () => {
    await setTrusted(partnerAId, true);
    try {
      const { status, response } = await post(
        "/partner/activities/new",
        partnerA,
        activityForm({ title: "Öppen ateljé" }),
      );
      expect(status).toBe(302);
      expect(response.headers.get("location")).toMatch(/\?saved=published$/);
      const id = Number(/activities\/(\d+)/.exec(response.headers.get("location") ?? "")?.[1]);
      expect((await activity(id)).status).toBe("published");
      expect((await get("/activities/oppen-atelje", null)).status).toBe(200);
      expect(await feedSummaries()).toContain("Öppen ateljé");
      const queue = await get("/staff/approvals", staff);
      expect(queue.$(`#activity-${id}`)).toHaveLength(0);

      // Its edits apply at once too.
      const edited = await post(
        `/partner/activities/${id}`,
        partnerA,
        detailsForm({ title: "Öppen ateljé", slug: "oppen-atelje" }, { title: "Öppen ateljé!" }),
      );
      expect(edited.response.headers.get("location")).toBe(
        `/partner/activities/${id}?saved=applied`,
      );
      expect((await activity(id)).title).toBe("Öppen ateljé!");
    } finally {
      await setTrusted(partnerAId, false);
    }
  });
});

describe("an untrusted partner's change to a published activity", () => {
  let id: number;
  let revisionId: number;

  beforeAll(async () => {
    await setTrusted(partnerAId, true);
    id = await createAs(partnerA, { title: "Porträttkväll", slug: "portrattkvall" });
    await setTrusted(partnerAId, false);
  });

  it("is held: the public page keeps the published version until staff approve", async () => {
    const before = await firstSession(id);
    const details = await post(
      `/partner/activities/${id}`,
      partnerA,
      detailsForm({ title: "Porträttkväll", slug: "portrattkvall" }, { title: "Porträttmålning" }),
    );
    expect(details.status).toBe(302);
    expect(details.response.headers.get("location")).toBe(`/partner/activities/${id}?saved=held`);
    const schedule = await post(`/partner/activities/${id}`, partnerA, {
      intent: "schedule",
      ...scheduleFields({ startTime: "18:30", endTime: "20:00" }),
    });
    expect(schedule.response.headers.get("location")).toBe(`/partner/activities/${id}?saved=held`);

    expect(await activity(id)).toMatchObject({ title: "Porträttkväll", status: "published" });
    expect((await firstSession(id)).starts_at).toBe(before.starts_at);
    const revisions = await server.db
      .selectFrom("activity_revisions")
      .selectAll()
      .where("activity_id", "=", id)
      .execute();
    expect(revisions).toHaveLength(1);
    expect(revisions[0]?.status).toBe("pending");
    revisionId = revisions[0]?.id ?? 0;

    const page = await get("/activities/portrattkvall", null);
    expect(text(page.$, "h1")).toContain("Porträttkväll");
    expect(page.html).not.toContain("Porträttmålning");

    const own = await get(`/partner/activities/${id}`, partnerA);
    expect(text(own.$, ".notice")).toContain("Er ändring väntar på att personalen godkänner den");
    expect(own.$("#activity-title").val()).toBe("Porträttmålning");
    expect(own.$("#schedule-startTime").val()).toBe("18:30");

    const queue = await get("/staff/approvals", staff);
    const card = text(queue.$, `#revision-${revisionId}`);
    expect(card).toContain("Titel Nu: Porträttkväll Föreslaget: Porträttmålning");
    expect(card).toContain("18:30–20:00");
    expect(card).toContain("Föreslagen av Fatima (Fyra färger)");
  });

  it("goes live when approved, and the partner is mailed", async () => {
    const { status } = await post("/staff/approvals", staff, {
      intent: "approve",
      kind: "revision",
      id: String(revisionId),
    });
    expect(status).toBe(302);
    expect(await activity(id)).toMatchObject({ title: "Porträttmålning", status: "published" });
    const session = await firstSession(id);
    expect(utcToZoned(new Date(session.starts_at)).time).toBe("18:30");
    const page = await get("/activities/portrattkvall", null);
    expect(text(page.$, "h1")).toContain("Porträttmålning");
    const mails = await mailsAbout("Godkänd: ändringen av Porträttkväll");
    expect(mails.map((mail) => mail.to_address).sort()).toEqual([PARTNER_A2, PARTNER_A].sort());
    const revision = await server.db
      .selectFrom("activity_revisions")
      .selectAll()
      .where("id", "=", revisionId)
      .executeTakeFirstOrThrow();
    expect(revision.status).toBe("approved");
    expect(revision.decided_at).not.toBeNull();

    // Saving what is already published proposes nothing.
    const unchanged = await post(
      `/partner/activities/${id}`,
      partnerA,
      detailsForm({ title: "Porträttmålning", slug: "portrattkvall" }),
    );
    expect(unchanged.response.headers.get("location")).toBe(
      `/partner/activities/${id}?saved=applied`,
    );
    const waiting = await server.db
      .selectFrom("activity_revisions")
      .select("id")
      .where("activity_id", "=", id)
      .where("status", "=", "pending")
      .execute();
    expect(waiting).toHaveLength(0);
  });

  it("is dropped when declined with a reason; the public version stays", async () => {
    await post(
      `/partner/activities/${id}`,
      partnerA,
      detailsForm(
        { title: "Porträttmålning", slug: "portrattkvall" },
        { title: "Gratis målning!!" },
      ),
    );
    const waiting = await server.db
      .selectFrom("activity_revisions")
      .select("id")
      .where("activity_id", "=", id)
      .where("status", "=", "pending")
      .executeTakeFirstOrThrow();
    const declined = await post("/staff/approvals", staff, {
      intent: "decline",
      kind: "revision",
      id: String(waiting.id),
      reason: "Titeln lovar för mycket.",
    });
    expect(declined.status).toBe(302);
    expect((await activity(id)).title).toBe("Porträttmålning");
    const mails = await mailsAbout("Inte godkänd: ändringen av Porträttmålning");
    expect(mails).toHaveLength(2);
    expect(mails[0]?.text_body).toContain("Anledning: Titeln lovar för mycket.");
    const own = await get(`/partner/activities/${id}`, partnerA);
    expect(text(own.$, ".notice--cancelled")).toContain(
      "Ändringen godkändes inte: Titeln lovar för mycket.",
    );
  });
});

describe("what a partner's form cannot do", () => {
  it("ignores a posted status: an untrusted partner's activity stays pending", async () => {
    const id = await createAs(partnerA, { title: "Statusförsök", status: "published" });
    expect((await activity(id)).status).toBe("pending");
    const edited = await post(
      `/partner/activities/${id}`,
      partnerA,
      detailsForm({ title: "Statusförsök", slug: "statusforsok" }, { status: "published" }),
    );
    expect(edited.status).toBe(302);
    expect((await activity(id)).status).toBe("pending");
    expect((await get("/activities/statusforsok", null)).status).toBe(404);
  });

  it("refuses another partner's id with 403 and stores nothing", async () => {
    const forged: Record<string, string>[] = [
      { organiser: `partner:${partnerBId}` },
      { partnerId: String(partnerBId) },
    ];
    for (const overrides of forged) {
      const { status } = await post(
        "/partner/activities/new",
        partnerA,
        activityForm({ title: "Kapat namn", ...overrides }),
      );
      expect(status).toBe(403);
    }
    const stored = await server.db
      .selectFrom("activities")
      .select("id")
      .where("title", "=", "Kapat namn")
      .execute();
    expect(stored).toHaveLength(0);

    const own = await createAs(partnerA, { title: "Min aktivitet" });
    const before = await activity(own);
    const { status } = await post(
      `/partner/activities/${own}`,
      partnerA,
      detailsForm(
        { title: "Min aktivitet", slug: before.slug },
        { organiser: `partner:${partnerBId}`, title: "Nu deras" },
      ),
    );
    expect(status).toBe(403);
    expect(await activity(own)).toEqual(before);
  });

  it("refuses a place the partner does not work with, beside the place field", async () => {
    const created = await post(
      "/partner/activities/new",
      partnerA,
      activityForm({ title: "På fel plats", placeId: String(plantanId) }),
    );
    expect(created.status).toBe(400);
    expect(text(created.$, "#activity-placeId-error")).toBe(
      "Välj en av de mötesplatser er förening samarbetar med.",
    );
    // What was typed comes back.
    expect(created.$("#activity-title").val()).toBe("På fel plats");
    expect(
      await server.db
        .selectFrom("activities")
        .select("id")
        .where("title", "=", "På fel plats")
        .execute(),
    ).toHaveLength(0);

    const own = await createAs(partnerA, { title: "Stannar på Söder" });
    const before = await activity(own);
    const moved = await post(
      `/partner/activities/${own}`,
      partnerA,
      detailsForm({ title: "Stannar på Söder", slug: before.slug }, { placeId: String(plantanId) }),
    );
    expect(moved.status).toBe(400);
    expect(await activity(own)).toEqual(before);
  });
});

describe("one partner and another", () => {
  let aActivity: number;
  let aSession: number;

  beforeAll(async () => {
    await setTrusted(partnerAId, true);
    aActivity = await createAs(partnerA, { title: "Fyra färgers kurs", slug: "fyra-kurs" });
    await setTrusted(partnerAId, false);
    aSession = (await firstSession(aActivity)).id;
    const stamp = toInstantString(new Date());
    await server.db
      .insertInto("rsvps")
      .values({
        activity_id: aActivity,
        occurrence_id: aSession,
        name: "Sara Exempelsson",
        email: "sara@example.test",
        phone: "0701234567",
        adults: 2,
        children: 0,
        party_size: 2,
        note: null,
        locale: "sv",
        status: "confirmed",
        token_nonce: "nonce-sara",
        token_hash: "hash-sara",
        created_at: stamp,
        updated_at: stamp,
        promoted_at: null,
        cancelled_at: null,
      })
      .execute();
    const room = await server.db
      .selectFrom("rooms")
      .select("id")
      .where("place_id", "=", soderId)
      .executeTakeFirstOrThrow();
    await server.db
      .insertInto("bookings")
      .values({
        room_id: room.id,
        partner_id: partnerAId,
        requested_by: null,
        purpose: "Hemligt styrelsemöte",
        starts_at: toInstantString(new Date(Date.now() + 9 * 86_400_000)),
        ends_at: toInstantString(new Date(Date.now() + 9 * 86_400_000 + 3_600_000)),
        status: "pending",
        decline_reason: null,
        series_id: null,
        created_at: stamp,
        updated_at: stamp,
        decided_by: null,
        decided_at: null,
      })
      .execute();
  });

  it("shows the partner that runs it the names signed up, never their contact details", async () => {
    const { status, $, html } = await get(`/partner/activities/${aActivity}`, partnerA);
    expect(status).toBe(200);
    expect(text($, "#signups")).toContain("Sara Exempelsson, 2 personer");
    expect(html).not.toContain("sara@example.test");
    expect(html).not.toContain("0701234567");
    const list = await get("/partner/activities", partnerA);
    expect(text(list.$, `#activity-${aActivity}`)).toContain("2 anmälda, 0 på väntelistan");
  });

  it("shows counts and average turnout for the partner's activities", async () => {
    const malarkurs = await server.db
      .selectFrom("activities")
      .select("id")
      .where("slug", "=", "malarkurs")
      .executeTakeFirstOrThrow();
    const list = await get("/partner/activities", partnerA);
    expect(text(list.$, `#activity-${malarkurs.id}`)).toMatch(
      /I snitt \d+ besökare per tillfälle \(\d+ räknade\)/,
    );
  });

  it("answers 404 to partner B for A's activity pages, and changes nothing", async () => {
    const before = await activity(aActivity);
    const page = await get(`/partner/activities/${aActivity}`, partnerB);
    expect(page.status).toBe(404);
    expect(page.html).not.toContain("Sara Exempelsson");
    for (const fields of [
      detailsForm({ title: "Kapad", slug: before.slug }, { placeId: String(plantanId) }),
      {
        intent: "schedule",
        kind: "once",
        startDate: wednesday,
        startTime: "10:00",
        endTime: "11:00",
      },
    ]) {
      expect((await post(`/partner/activities/${aActivity}`, partnerB, fields)).status).toBe(404);
    }
    expect(await activity(aActivity)).toEqual(before);
    expect(
      (
        await post("/staff/approvals", partnerB, {
          intent: "approve",
          kind: "activity",
          id: String(aActivity),
        })
      ).status,
    ).toBe(403);

    const list = await get("/partner/activities", partnerB);
    expect(list.html).not.toContain("Fyra färgers kurs");
    expect(list.html).not.toContain("Målarkurs");
    const bookings = await get("/partner/bookings", partnerB);
    expect(bookings.html).not.toContain("Hemligt styrelsemöte");
    expect((await get("/partner/bookings", partnerA)).html).toContain("Hemligt styrelsemöte");
    // The existing attendance page for a session of A's is not B's either.
    expect((await get(`/partner/attendance/${aSession}`, partnerB)).status).toBe(403);
  });
});

describe("a partner's own calendar feed", () => {
  let sourceId: number;

  it("is added for one of the partner's places; a bad address or another place is refused beside its field", async () => {
    const bad = await post("/partner/feeds", partnerA, {
      intent: "add",
      placeId: String(soderId),
      url: "ftp://kalender.example.test/fyra.ics",
    });
    expect(bad.status).toBe(400);
    expect(text(bad.$, "#feed-url-error")).toBe("Adressen måste börja med https:// eller http://");

    const elsewhere = await post("/partner/feeds", partnerA, {
      intent: "add",
      placeId: String(plantanId),
      url: "http://127.0.0.1:9/fyra.ics",
    });
    expect(elsewhere.status).toBe(400);
    expect(text(elsewhere.$, "#feed-place-error")).toBe(
      "Välj en av de mötesplatser er förening samarbetar med.",
    );
    const forged = await post("/partner/feeds", partnerA, {
      intent: "add",
      partnerId: String(partnerBId),
      placeId: String(soderId),
      url: "http://127.0.0.1:9/fyra.ics",
    });
    expect(forged.status).toBe(403);

    const added = await post("/partner/feeds", partnerA, {
      intent: "add",
      placeId: String(soderId),
      url: "http://127.0.0.1:9/fyra.ics",
    });
    expect(added.status).toBe(302);
    const source = await server.db
      .selectFrom("feed_sources")
      .selectAll()
      .where("url", "=", "http://127.0.0.1:9/fyra.ics")
      .execute();
    expect(source).toHaveLength(1);
    expect(source[0]).toMatchObject({ partner_id: partnerAId, place_id: soderId });
    sourceId = source[0]?.id ?? 0;
  });

  it("can be fetched now by its partner, who sees the run; another partner sees nothing of it", async () => {
    const ran = await post("/partner/feeds", partnerA, {
      intent: "run",
      sourceId: String(sourceId),
    });
    expect(ran.status).toBe(302);
    const page = await get("/partner/feeds", partnerA);
    expect(text(page.$, `#source-${sourceId}`)).toContain("Fel:");

    const other = await get("/partner/feeds", partnerB);
    expect(other.html).not.toContain("127.0.0.1:9");
    const runs = await server.db
      .selectFrom("feed_runs")
      .select("id")
      .where("feed_source_id", "=", sourceId)
      .execute();
    const stolen = await post("/partner/feeds", partnerB, {
      intent: "run",
      sourceId: String(sourceId),
    });
    expect(stolen.status).toBe(404);
    expect(
      await server.db
        .selectFrom("feed_runs")
        .select("id")
        .where("feed_source_id", "=", sourceId)
        .execute(),
    ).toHaveLength(runs.length);
  });
});
