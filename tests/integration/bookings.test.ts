import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addDays,
  formatIsoWeek,
  isoWeekMonday,
  isoWeekOf,
  todayIn,
  toInstantString,
  zonedToUtc,
} from "~/domain/time";
import { formatDate } from "~/i18n/format";
import { publicRoomUse, roomWeek } from "~/models/bookings.server";
import { getPage, text } from "../support/html";
import { loginAs, postForm } from "../support/login";
import { startTestServer, type TestServer } from "../support/test-server";

/**
 * Room booking over HTTP against the production build: partners ask for rooms, the room is
 * refused when it is taken (bookings, sessions, buffer, opening hours), staff decide and the
 * partner is mailed, partners never see each other's bookings, and racing requests leave one.
 */

const PARTNER_A = "fyrafarger@example.org";
const PARTNER_B = "partner-b@example.test";

let server: TestServer;
let staff: string;
let partnerA: string;
let partnerB: string;
let partnerAId: number;
const rooms = new Map<string, number>();

/** The local date of an ISO weekday (Monday = 1) `weeks` weeks from this one. */
function day(weeks: number, weekday: number): string {
  const monday = isoWeekMonday(isoWeekOf(todayIn(new Date())));
  return addDays(monday, weeks * 7 + weekday - 1);
}

function room(name: string): string {
  const id = rooms.get(name);
  if (id === undefined) throw new Error(`no room ${name}`);
  return String(id);
}

function bookingForm(fields: {
  room: string;
  date: string;
  from: string;
  to: string;
  purpose: string;
  weekdays?: string[];
  until?: string;
}): Record<string, string | string[]> {
  return {
    roomId: room(fields.room),
    date: fields.date,
    startTime: fields.from,
    endTime: fields.to,
    purpose: fields.purpose,
    ...(fields.until ? { repeat: "on", weekdays: fields.weekdays ?? [], until: fields.until } : {}),
  };
}

/** Posts the partner's booking form and reads the page that comes back. */
async function requestAs(cookie: string, fields: Parameters<typeof bookingForm>[0]) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(bookingForm(fields))) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  return getPage(`${server.url}/partner/bookings/new`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
}

async function bookingsWithPurpose(purpose: string) {
  return server.db
    .selectFrom("bookings")
    .selectAll()
    .where("purpose", "=", purpose)
    .orderBy("starts_at")
    .execute();
}

async function setTrusted(partnerId: number, trusted: boolean) {
  await server.db
    .updateTable("partners")
    .set({ trusted: trusted ? 1 : 0 })
    .where("id", "=", partnerId)
    .execute();
}

const longDate = (date: string) => formatDate("sv", date, { year: true });

beforeAll(async () => {
  server = await startTestServer();
  const db = server.db;
  for (const row of await db
    .selectFrom("rooms as r")
    .innerJoin("places as p", "p.id", "r.place_id")
    .select(["r.id", "r.name", "p.slug"])
    .execute()) {
    rooms.set(`${row.slug}/${row.name}`, row.id);
    if (row.slug === "soder") rooms.set(row.name, row.id);
  }
  const fyra = await db
    .selectFrom("partners")
    .select("id")
    .where("slug", "=", "fyra-farger")
    .executeTakeFirstOrThrow();
  partnerAId = fyra.id;

  // A second association at @Söder with a user of its own.
  const stamp = toInstantString(new Date());
  const soder = await db
    .selectFrom("places")
    .select("id")
    .where("slug", "=", "soder")
    .executeTakeFirstOrThrow();
  const other = await db
    .insertInto("partners")
    .values({ slug: "grannforeningen", name: "Grannföreningen", created_at: stamp })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("partner_places")
    .values({ partner_id: other.id, place_id: soder.id })
    .execute();
  await db
    .insertInto("users")
    .values({
      email: PARTNER_B,
      name: "Bo Granne",
      role: "partner",
      partner_id: other.id,
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

describe("asking for a room", () => {
  it("an untrusted partner's request for a free slot waits for approval; a trusted one's is approved", async () => {
    await setTrusted(partnerAId, false);
    const date = day(5, 1);
    const asked = await postForm(
      server,
      "/partner/bookings/new",
      partnerA,
      bookingForm({ room: "Köket", date, from: "10:00", to: "12:00", purpose: "Planeringsmöte" }),
    );
    expect(asked.status).toBe(302);
    expect(asked.headers.get("location")).toBe("/partner/bookings?requested=pending");
    const [pending] = await bookingsWithPurpose("Planeringsmöte");
    expect(pending).toMatchObject({
      status: "pending",
      partner_id: partnerAId,
      starts_at: toInstantString(zonedToUtc(date, "10:00")),
      ends_at: toInstantString(zonedToUtc(date, "12:00")),
      decided_at: null,
    });

    const { $ } = await getPage(`${server.url}/partner/bookings?requested=pending`, {
      headers: { Cookie: partnerA },
    });
    expect(text($, "[role=status]")).toContain("väntar nu på att personalen godkänner");
    expect(text($, `#booking-${pending.id}`)).toContain("Planeringsmöte");
    expect(text($, `#booking-${pending.id}`)).toContain("Väntar på godkännande");

    await setTrusted(partnerAId, true);
    const trusted = await postForm(
      server,
      "/partner/bookings/new",
      partnerA,
      bookingForm({ room: "Köket", date, from: "13:00", to: "15:00", purpose: "Styrelsemöte" }),
    );
    expect(trusted.headers.get("location")).toBe("/partner/bookings?requested=approved");
    const [approved] = await bookingsWithPurpose("Styrelsemöte");
    expect(approved.status).toBe("approved");
    expect(approved.decided_at).not.toBeNull();
  });

  it("refuses a slot that overlaps an approved booking and names it to its own partner only", async () => {
    const date = day(5, 1);
    const own = await requestAs(partnerA, {
      room: "Köket",
      date,
      from: "14:00",
      to: "16:00",
      purpose: "Krockar",
    });
    expect(own.status).toBe(409);
    expect(text(own.$, "#booking-conflicts")).toContain(
      `${longDate(date)}: Krockar med Styrelsemöte, 13:00–15:00.`,
    );
    // What was typed comes back.
    expect(own.$("#booking-purpose").text()).toBe("Krockar");

    const other = await requestAs(partnerB, {
      room: "Köket",
      date,
      from: "14:00",
      to: "16:00",
      purpose: "Krockar",
    });
    expect(other.status).toBe(409);
    const seen = text(other.$, "#booking-conflicts");
    expect(seen).toContain("Lokalen är redan upptagen 13:00–15:00.");
    expect(seen).not.toContain("Styrelsemöte");
    expect(await bookingsWithPurpose("Krockar")).toHaveLength(0);
  });

  it("refuses a slot that overlaps a session held in the room, naming the activity", async () => {
    const tuesday = day(6, 2);
    const { status, $ } = await requestAs(partnerA, {
      room: "Stora rummet",
      date: tuesday,
      from: "15:00",
      to: "17:00",
      purpose: "Över pratcaféet",
    });
    expect(status).toBe(409);
    expect(text($, "#booking-conflicts")).toContain(
      `${longDate(tuesday)}: Krockar med Pratcafé, 14:00–16:00.`,
    );
  });

  it("keeps the room's buffer: ending 13:50 before a 14:00 session is refused, 13:45 is fine", async () => {
    const tuesday = day(6, 2);
    const tooClose = await requestAs(partnerA, {
      room: "Stora rummet",
      date: tuesday,
      from: "12:00",
      to: "13:50",
      purpose: "Före pratcaféet",
    });
    expect(tooClose.status).toBe(409);
    expect(text(tooClose.$, "#booking-conflicts")).toContain(
      "För nära Pratcafé, 14:00–16:00: lokalen behöver 15 minuter mellan två användningar.",
    );
    const justRight = await postForm(
      server,
      "/partner/bookings/new",
      partnerA,
      bookingForm({
        room: "Stora rummet",
        date: tuesday,
        from: "12:00",
        to: "13:45",
        purpose: "Före pratcaféet",
      }),
    );
    expect(justRight.status).toBe(302);
  });

  it("a session placed in another room takes that room and frees its activity's room", async () => {
    const wednesday = day(7, 3);
    // This week the painting course moves from Stora rummet to Köket.
    await server.db
      .updateTable("occurrences")
      .set({ room_id: Number(room("Köket")) })
      .where("scheduled_date", "=", wednesday)
      .where("activity_id", "=", (eb) =>
        eb.selectFrom("activities").select("id").where("slug", "=", "malarkurs"),
      )
      .execute();
    const kitchen = await requestAs(partnerB, {
      room: "Köket",
      date: wednesday,
      from: "17:30",
      to: "18:30",
      purpose: "I köket",
    });
    expect(kitchen.status).toBe(409);
    expect(text(kitchen.$, "#booking-conflicts")).toContain(
      "Målarkurs med Fyra färger, 17:00–19:00",
    );
    const big = await postForm(
      server,
      "/partner/bookings/new",
      partnerB,
      bookingForm({
        room: "Stora rummet",
        date: wednesday,
        from: "17:30",
        to: "18:30",
        purpose: "I stora rummet",
      }),
    );
    expect(big.status).toBe(302);
  });

  it("refuses times outside opening hours: a closed Sunday, and past Friday's closing", async () => {
    const sunday = day(5, 7);
    const closed = await requestAs(partnerA, {
      room: "Studierummet",
      date: sunday,
      from: "12:00",
      to: "14:00",
      purpose: "Söndag",
    });
    expect(closed.status).toBe(409);
    expect(text(closed.$, "#booking-conflicts")).toContain(
      `${longDate(sunday)}: Mötesplatsen är stängd den dagen.`,
    );
    const friday = day(5, 5);
    const late = await requestAs(partnerA, {
      room: "Studierummet",
      date: friday,
      from: "14:00",
      to: "16:00",
      purpose: "Fredag",
    });
    expect(late.status).toBe(409);
    expect(text(late.$, "#booking-conflicts")).toContain("Utanför öppettiderna (10:00–15:00).");
  });

  it("refuses a weekly repeat where one date conflicts, names that date and stores nothing", async () => {
    const clash = day(9, 1);
    const staffBooked = await postForm(server, "/staff/bookings", staff, {
      intent: "book",
      ...bookingForm({
        room: "Studierummet",
        date: clash,
        from: "10:30",
        to: "11:30",
        purpose: "Personalmöte",
      }),
      partnerId: "",
    });
    expect(staffBooked.status).toBe(302);
    expect((await bookingsWithPurpose("Personalmöte"))[0]).toMatchObject({
      status: "approved",
      partner_id: null,
    });

    const { status, $ } = await requestAs(partnerA, {
      room: "Studierummet",
      date: day(7, 1),
      from: "10:00",
      to: "12:00",
      purpose: "Läsecirkel",
      weekdays: ["1"],
      until: day(11, 1),
    });
    expect(status).toBe(409);
    expect(text($, "#booking-conflicts")).toContain("så ingenting har sparats");
    const dates = $("#booking-conflicts li");
    expect(dates).toHaveLength(1);
    expect(text($, "#booking-conflicts li")).toBe(
      `${longDate(clash)}: Lokalen är redan upptagen 10:30–11:30.`,
    );
    expect(await bookingsWithPurpose("Läsecirkel")).toHaveLength(0);

    // The same series without the clashing week is stored whole, as one series.
    const stored = await postForm(
      server,
      "/partner/bookings/new",
      partnerA,
      bookingForm({
        room: "Studierummet",
        date: day(10, 1),
        from: "10:00",
        to: "12:00",
        purpose: "Läsecirkel",
        weekdays: ["1", "3"],
        until: day(11, 3),
      }),
    );
    expect(stored.status).toBe(302);
    const series = await bookingsWithPurpose("Läsecirkel");
    expect(series.map((row) => row.starts_at)).toEqual(
      [day(10, 1), day(10, 3), day(11, 1), day(11, 3)].map((date) =>
        toInstantString(zonedToUtc(date, "10:00")),
      ),
    );
    expect(new Set(series.map((row) => row.series_id)).size).toBe(1);
    expect(series[0].series_id).not.toBeNull();
  });

  it("answers bad input with messages beside the fields", async () => {
    const { status, $ } = await requestAs(partnerA, {
      room: "Köket",
      date: "2020-01-07",
      from: "12:00",
      to: "11:00",
      purpose: "",
    });
    expect(status).toBe(400);
    expect(text($, "#booking-purpose-error")).toBe("Fyll i det här fältet.");
    const past = await requestAs(partnerA, {
      room: "Köket",
      date: "2020-01-07",
      from: "11:00",
      to: "12:00",
      purpose: "Förr",
    });
    expect(past.status).toBe(400);
    expect(text(past.$, "#booking-date-error")).toBe("Den tiden har redan varit.");
    const backwards = await requestAs(partnerA, {
      room: "Köket",
      date: day(5, 2),
      from: "12:00",
      to: "11:00",
      purpose: "Baklänges",
    });
    expect(text(backwards.$, "#booking-end-error")).toBe("Sluttiden måste vara efter starttiden.");
  });
});

describe("staff decide", () => {
  it("approves a waiting request and mails the partner", async () => {
    await setTrusted(partnerAId, false);
    const date = day(8, 2);
    await postForm(
      server,
      "/partner/bookings/new",
      partnerA,
      bookingForm({ room: "Köket", date, from: "10:00", to: "11:00", purpose: "Att godkänna" }),
    );
    const [pending] = await bookingsWithPurpose("Att godkänna");
    expect(pending.status).toBe("pending");

    const queue = await getPage(`${server.url}/staff/bookings`, { headers: { Cookie: staff } });
    expect(text(queue.$, `#request-${pending.id}`)).toContain("Fyra färger");
    expect(text(queue.$, `#request-${pending.id}`)).toContain("Att godkänna");

    const approved = await postForm(server, "/staff/bookings", staff, {
      intent: "approve",
      bookingId: String(pending.id),
    });
    expect(approved.status).toBe(302);
    const [row] = await bookingsWithPurpose("Att godkänna");
    expect(row.status).toBe("approved");
    expect(row.decided_by).not.toBeNull();

    const mail = await server.db
      .selectFrom("outbox")
      .select(["kind", "to_address", "subject", "text_body"])
      .where("kind", "=", "booking-approved")
      .executeTakeFirstOrThrow();
    expect(mail.to_address).toBe(PARTNER_A);
    expect(mail.subject).toBe(`Bokningen är godkänd: Köket, ${formatDate("sv", date)} 10:00–11:00`);
    expect(mail.text_body).toContain("Att godkänna");

    // Already decided: a second click changes nothing and says so.
    const again = await getPage(`${server.url}/staff/bookings`, {
      method: "POST",
      headers: { Cookie: staff, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "approve", bookingId: String(pending.id) }),
    });
    expect(again.status).toBe(409);
    expect(text(again.$, "[role=alert]")).toContain("redan behandlad");
  });

  it("declines only with a reason, which the partner gets by mail", async () => {
    const date = day(8, 4);
    await postForm(
      server,
      "/partner/bookings/new",
      partnerA,
      bookingForm({ room: "Köket", date, from: "10:00", to: "11:00", purpose: "Att neka" }),
    );
    const [pending] = await bookingsWithPurpose("Att neka");
    const noReason = await getPage(`${server.url}/staff/bookings`, {
      method: "POST",
      headers: { Cookie: staff, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "decline", bookingId: String(pending.id), reason: " " }),
    });
    expect(noReason.status).toBe(400);
    expect(text(noReason.$, `#decline-reason-${pending.id}-error`)).toContain(
      "Skriv varför bokningen nekas",
    );
    expect((await bookingsWithPurpose("Att neka"))[0].status).toBe("pending");

    const declined = await postForm(server, "/staff/bookings", staff, {
      intent: "decline",
      bookingId: String(pending.id),
      reason: "Köket renoveras den veckan.",
    });
    expect(declined.status).toBe(302);
    expect((await bookingsWithPurpose("Att neka"))[0]).toMatchObject({
      status: "declined",
      decline_reason: "Köket renoveras den veckan.",
    });
    const mail = await server.db
      .selectFrom("outbox")
      .select(["kind", "to_address", "subject", "text_body"])
      .where("kind", "=", "booking-declined")
      .executeTakeFirstOrThrow();
    expect(mail).toMatchObject({
      to_address: PARTNER_A,
      subject: `Bokningen kunde inte godkännas: Köket, ${formatDate("sv", date)} 10:00–11:00`,
    });
    expect(mail.text_body).toContain("Anledning: Köket renoveras den veckan.");

    const { $ } = await getPage(`${server.url}/partner/bookings`, {
      headers: { Cookie: partnerA },
    });
    expect(text($, `#booking-${pending.id}`)).toContain("Nekad");
    expect(text($, `#booking-${pending.id}`)).toContain("Köket renoveras den veckan.");

    const audit = await server.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity", "=", "booking")
      .where("entity_id", "=", pending.id)
      .execute();
    expect(audit.map((row) => row.action).sort()).toEqual(["create", "decline"]);
  });

  it("checks the room again on approval: a session placed there meanwhile wins", async () => {
    const wednesday = day(13, 3);
    await postForm(
      server,
      "/partner/bookings/new",
      partnerA,
      bookingForm({
        room: "Köket",
        date: wednesday,
        from: "17:00",
        to: "18:00",
        purpose: "Före kursen",
        weekdays: ["3"],
        until: day(14, 3),
      }),
    );
    const waiting = await bookingsWithPurpose("Före kursen");
    expect(waiting.map((row) => row.status)).toEqual(["pending", "pending"]);
    // Staff move the second week's painting course into Köket after the request came in.
    await server.db
      .updateTable("occurrences")
      .set({ room_id: Number(room("Köket")) })
      .where("scheduled_date", "=", day(14, 3))
      .where("activity_id", "=", (eb) =>
        eb.selectFrom("activities").select("id").where("slug", "=", "malarkurs"),
      )
      .execute();
    const { status, $ } = await getPage(`${server.url}/staff/bookings`, {
      method: "POST",
      headers: { Cookie: staff, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "approve", bookingId: String(waiting[0].id) }),
    });
    expect(status).toBe(409);
    expect(text($, `#request-${waiting[0].id}-conflicts`)).toContain(
      `${longDate(day(14, 3))}: Krockar med Målarkurs med Fyra färger, 17:00–19:00.`,
    );
    expect((await bookingsWithPurpose("Före kursen")).map((row) => row.status)).toEqual([
      "pending",
      "pending",
    ]);

    // Declining the request declines every date of it.
    await postForm(server, "/staff/bookings", staff, {
      intent: "decline",
      bookingId: String(waiting[0].id),
      reason: "Kursen behöver köket.",
    });
    expect((await bookingsWithPurpose("Före kursen")).map((row) => row.status)).toEqual([
      "declined",
      "declined",
    ]);
  });

  it("a waiting request blocks the slot for others until it is decided", async () => {
    const date = day(8, 5);
    await postForm(
      server,
      "/partner/bookings/new",
      partnerA,
      bookingForm({ room: "Köket", date, from: "10:00", to: "11:00", purpose: "Väntande" }),
    );
    const { status } = await requestAs(partnerB, {
      room: "Köket",
      date,
      from: "10:30",
      to: "11:30",
      purpose: "Efter väntande",
    });
    expect(status).toBe(409);
  });
});

describe("partners keep to their own", () => {
  it("partner B neither sees nor touches partner A's bookings, nor staff pages", async () => {
    const [booking] = await bookingsWithPurpose("Planeringsmöte");
    const list = await getPage(`${server.url}/partner/bookings`, { headers: { Cookie: partnerB } });
    expect(list.status).toBe(200);
    expect(list.html).not.toContain("Planeringsmöte");
    expect(list.$(`#booking-${booking.id}`)).toHaveLength(0);

    const cancel = await postForm(server, "/partner/bookings", partnerB, {
      intent: "cancel",
      bookingId: String(booking.id),
    });
    expect(cancel.status).toBe(404);
    expect((await bookingsWithPurpose("Planeringsmöte"))[0].status).toBe("pending");

    const decide = await postForm(server, "/staff/bookings", partnerB, {
      intent: "approve",
      bookingId: String(booking.id),
    });
    expect(decide.status).toBe(403);
    const staffRoom = await getPage(`${server.url}/staff/rooms/${room("Köket")}`, {
      headers: { Cookie: partnerB },
    });
    expect(staffRoom.status).toBe(403);

    // In the room's week partner B sees that the room is taken, not by whom or why.
    const week = formatIsoWeek(isoWeekOf(day(5, 1)));
    const roomPage = await getPage(`${server.url}/partner/rooms/${room("Köket")}?week=${week}`, {
      headers: { Cookie: partnerB },
    });
    expect(roomPage.status).toBe(200);
    expect(text(roomPage.$, ".week")).toContain("10:00–12:00 Upptaget");
    expect(roomPage.html).not.toContain("Planeringsmöte");
    expect(roomPage.html).not.toContain("Styrelsemöte");
    const ownView = await getPage(`${server.url}/partner/rooms/${room("Köket")}?week=${week}`, {
      headers: { Cookie: partnerA },
    });
    expect(text(ownView.$, ".week")).toContain("Planeringsmöte");
    expect(text(ownView.$, ".week")).toContain("Er bokning");
    const staffView = await getPage(`${server.url}/staff/rooms/${room("Köket")}?week=${week}`, {
      headers: { Cookie: staff },
    });
    expect(text(staffView.$, ".week")).toContain("Fyra färger: Planeringsmöte");
  });

  it("a partner cannot see or book rooms at places it does not work with", async () => {
    const plantan = rooms.get("plantan/Samlingssalen");
    const page = await getPage(`${server.url}/partner/rooms/${plantan}`, {
      headers: { Cookie: partnerB },
    });
    expect(page.status).toBe(404);
    const asked = await postForm(server, "/partner/bookings/new", partnerB, {
      ...bookingForm({
        room: "Köket",
        date: day(5, 2),
        from: "15:00",
        to: "16:00",
        purpose: "På Plantan",
      }),
      roomId: String(plantan),
    });
    expect(asked.status).toBe(403);
    expect(await bookingsWithPurpose("På Plantan")).toHaveLength(0);
  });

  it("a partner cancels its own booking", async () => {
    const [booking] = await bookingsWithPurpose("I stora rummet");
    const cancelled = await postForm(server, "/partner/bookings", partnerB, {
      intent: "cancel",
      bookingId: String(booking.id),
    });
    expect(cancelled.status).toBe(302);
    expect((await bookingsWithPurpose("I stora rummet"))[0].status).toBe("cancelled");
  });
});

describe("when rooms are taken", () => {
  it("the public use shows sessions by title and approved bookings without names", async () => {
    const monday = day(5, 1);
    const place = await server.db
      .selectFrom("places")
      .select("id")
      .where("slug", "=", "soder")
      .executeTakeFirstOrThrow();
    const from = toInstantString(zonedToUtc(monday, "00:00"));
    const to = toInstantString(zonedToUtc(addDays(monday, 7), "00:00"));
    const use = await publicRoomUse(server.db, place.id, { from, to });
    const kitchen = use.rooms.find((candidate) => candidate.name === "Köket");
    // "Styrelsemöte" is approved, "Planeringsmöte" still waits: only the first shows, unnamed.
    expect(kitchen?.uses).toEqual([
      expect.objectContaining({
        starts_at: toInstantString(zonedToUtc(monday, "13:00")),
        title: null,
      }),
    ]);
    const big = use.rooms.find((candidate) => candidate.name === "Stora rummet");
    expect(big?.uses.map((entry) => entry.title)).toContain("Pratcafé");
    expect(JSON.stringify(use)).not.toMatch(/Styrelsemöte|Planeringsmöte|Fyra färger:/);

    const week = await roomWeek(server.db, Number(room("Köket")), { from, to }, { kind: "staff" });
    expect(week.map((item) => [item.label, item.status])).toEqual([
      ["Fyra färger: Planeringsmöte", "pending"],
      ["Fyra färger: Styrelsemöte", "approved"],
    ]);
  });
});

describe("20 concurrent requests for one slot", () => {
  it("leave exactly one booking; every other request is told the slot is taken", async () => {
    const date = day(12, 4);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        const response = await postForm(
          server,
          "/partner/bookings/new",
          index % 2 === 0 ? partnerA : partnerB,
          bookingForm({
            room: "Köket",
            date,
            from: "10:00",
            to: "11:00",
            purpose: `Rusning ${index}`,
          }),
        );
        return { status: response.status, body: await response.text() };
      }),
    );
    const statuses = outcomes.map((outcome) => outcome.status).sort();
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.filter((status) => status === 302)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    for (const outcome of outcomes.filter((candidate) => candidate.status === 409)) {
      expect(outcome.body).toContain("Lokalen kan inte bokas då.");
    }
    const held = await server.db
      .selectFrom("bookings")
      .select(["id", "status"])
      .where("room_id", "=", Number(room("Köket")))
      .where("starts_at", "=", toInstantString(zonedToUtc(date, "10:00")))
      .where("status", "in", ["pending", "approved"])
      .execute();
    expect(held).toHaveLength(1);
  });
});
