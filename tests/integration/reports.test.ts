import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addDays,
  isoWeekMonday,
  isoWeekOf,
  todayIn,
  toInstantString,
  utcToZoned,
} from "~/domain/time";
import { getPage, text } from "../support/html";
import { loginAs } from "../support/login";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let staff: string;
let partner: string;
const stamp = toInstantString(new Date());

beforeAll(async () => {
  server = await startTestServer();
  [staff, partner] = await Promise.all([
    loginAs(server, "staff@example.org"),
    loginAs(server, "fyrafarger@example.org"),
  ]);
  await addTestData();
});
afterAll(async () => {
  await server?.stop();
});

async function addActivity(fields: {
  slug: string;
  title: string;
  areaId: number;
  placeId?: number;
  signupMode?: "none" | "session" | "course";
}) {
  const { id } = await server.db
    .insertInto("activities")
    .values({
      slug: fields.slug,
      title: fields.title,
      category: "social",
      audience: "everyone",
      organiser_kind: "staff",
      partner_id: null,
      area_id: fields.areaId,
      place_id: fields.placeId ?? null,
      room_id: null,
      location_name: fields.placeId ? null : "Provplatsen",
      location_address: null,
      signup_mode: fields.signupMode ?? "none",
      capacity: null,
      status: "published",
      status_reason: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** A session starting at `startsAt` (UTC), two hours long, with a headcount unless null. */
async function addSession(activityId: number, startsAt: string, headcount: number | null) {
  const start = new Date(startsAt);
  const { id } = await server.db
    .insertInto("occurrences")
    .values({
      activity_id: activityId,
      schedule_id: null,
      scheduled_date: utcToZoned(start).date,
      starts_at: toInstantString(start),
      ends_at: toInstantString(new Date(start.getTime() + 2 * 3_600_000)),
      cancel_reason: null,
      move_reason: null,
      room_id: null,
      location_name: null,
      capacity: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (headcount !== null) {
    await server.db
      .insertInto("attendance")
      .values({
        occurrence_id: id,
        headcount,
        children: null,
        youth: null,
        adults: null,
        seniors: null,
        first_timers: null,
        note: null,
        recorded_by: null,
        recorded_at: stamp,
      })
      .execute();
  }
  return id;
}

async function addSignUp(
  activityId: number,
  occurrenceId: number | null,
  people: number,
  status: "confirmed" | "cancelled" = "confirmed",
  createdAt = "2026-01-01T00:00:00Z",
) {
  await server.db
    .insertInto("rsvps")
    .values({
      activity_id: activityId,
      occurrence_id: occurrenceId,
      name: "Test",
      email: null,
      phone: null,
      adults: people,
      children: 0,
      party_size: people,
      note: null,
      locale: "sv",
      status,
      token_nonce: randomUUID(),
      token_hash: randomUUID(),
      created_at: createdAt,
      updated_at: createdAt,
      promoted_at: null,
      cancelled_at: null,
    })
    .execute();
}

/**
 * A test area of its own, so the demo's figures stay as seeded: sessions on both sides of the
 * autumn clock change and of the 2026/2027 year boundary, sign-ups with and without attendance,
 * and an activity whose title is a spreadsheet formula (in early 2026, outside the default range).
 */
async function addTestData() {
  const { id: areaId } = await server.db
    .insertInto("areas")
    .values({ slug: "provomradet", name: "Provområdet", created_at: stamp })
    .returning("id")
    .executeTakeFirstOrThrow();

  const clock = await addActivity({ slug: "klockfika", title: "Klockfika", areaId });
  await addSession(clock, "2026-10-25T22:30:00Z", 7); // Sunday 23:30 CET: week 43
  await addSession(clock, "2026-10-25T23:30:00Z", 11); // Monday 00:30 CET: week 44
  await addSession(clock, "2026-10-18T21:30:00Z", 2); // Sunday 23:30 CEST: week 42
  await addSession(clock, "2027-01-03T22:30:00Z", 5); // Sunday 23:30: 2026-W53
  await addSession(clock, "2027-01-03T23:30:00Z", 3); // Monday 00:30: 2027-W01

  const perSession = await addActivity({
    slug: "provpass",
    title: "Provpass",
    areaId,
    signupMode: "session",
  });
  const a = await addSession(perSession, "2026-06-02T15:00:00Z", 4);
  await addSignUp(perSession, a, 4);
  await addSignUp(perSession, a, 2);
  const b = await addSession(perSession, "2026-06-09T15:00:00Z", 10);
  await addSignUp(perSession, b, 2);
  await addSignUp(perSession, b, 5, "cancelled");
  const c = await addSession(perSession, "2026-06-16T15:00:00Z", null); // nobody counted
  await addSignUp(perSession, c, 3);
  await addSession(perSession, "2026-06-23T15:00:00Z", 8); // no sign-ups

  const course = await addActivity({
    slug: "provkurs",
    title: "Provkurs",
    areaId,
    signupMode: "course",
  });
  await addSignUp(course, null, 3);
  await addSession(course, "2026-06-03T15:00:00Z", 2);
  await addSession(course, "2026-06-10T15:00:00Z", 5);
  // Joined the course between the two sessions: expected at the second only.
  await addSignUp(course, null, 1, "confirmed", "2026-06-05T12:00:00Z");

  const soder = await server.db
    .selectFrom("places")
    .select(["id", "area_id"])
    .where("slug", "=", "soder")
    .executeTakeFirstOrThrow();
  const formula = await addActivity({
    slug: "formel",
    title: '=HYPERLINK("http://evil.example","klicka")',
    areaId: soder.area_id,
    placeId: soder.id,
  });
  await addSession(formula, "2026-01-15T15:00:00Z", 12);
}

function staffGet(path: string, headers: Record<string, string> = {}) {
  return getPage(`${server.url}${path}`, { headers: { Cookie: staff, ...headers } });
}
async function csv(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    redirect: "manual",
    headers: { Cookie: staff, ...headers },
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { response, bytes, text: bytes.toString("utf8") };
}
/** Rows of a CSV without its byte-order mark, split the simple way (no quoted separators). */
function rows(body: string): string[][] {
  return body
    .replace(/^\uFEFF/, "")
    .split("\r\n")
    .filter(Boolean)
    .map((line) => line.split(";"));
}
const number = (cell: string) => Number(cell.replace(/[^\d,.-]/g, "").replace(",", "."));

describe("who may see the reports", () => {
  it("lets staff in, sends strangers to the login and refuses partners", async () => {
    expect((await staffGet("/staff/reports")).status).toBe(200);
    const anonymous = await getPage(`${server.url}/staff/reports`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.response.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    const asPartner = await getPage(`${server.url}/staff/reports`, {
      headers: { Cookie: partner },
    });
    expect(asPartner.status).toBe(403);
  });

  it("guards the CSV downloads the same way", async () => {
    const anonymous = await fetch(`${server.url}/staff/reports/weekly.csv`, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
    const asPartner = await fetch(`${server.url}/staff/reports/weekly.csv`, {
      redirect: "manual",
      headers: { Cookie: partner },
    });
    expect(asPartner.status).toBe(403);
    expect((await csv("/staff/reports/nonsense.csv")).response.status).toBe(404);
  });
});

describe("the demo's figures", () => {
  it("shows 100–130 visitors a week at @Söder over the last 12 full weeks", async () => {
    const { $ } = await staffGet("/staff/reports");
    const headers = $("#weekly-table thead th")
      .toArray()
      .map((cell) => $(cell).text());
    const column = headers.indexOf("@Söder");
    expect(column).toBeGreaterThan(0);
    const weeks = $("#weekly-table tbody tr").toArray();
    expect(weeks).toHaveLength(12);
    const figures = weeks.map((row) => number($(row).children().eq(column).text()));
    for (const visitors of figures) {
      expect(visitors).toBeGreaterThanOrEqual(100);
      expect(visitors).toBeLessThanOrEqual(130);
    }
    // The same figures in the download.
    const download = rows((await csv("/staff/reports/weekly.csv")).text);
    const soder = download[0].indexOf("'@Söder");
    expect(download.slice(1).map((row) => Number(row[soder]))).toEqual(figures);
  });

  it("shows about 30 visitors per block coffee morning", async () => {
    const today = todayIn(new Date());
    const from = addDays(isoWeekMonday(isoWeekOf(today)), -7 * 12);
    const { $ } = await staffGet(`/staff/reports?from=${from}&to=${today}`);
    const row = $('#activities-table tr[data-activity="kvartersfika-dalhem"]');
    expect(text($, '#activities-table tr[data-activity="kvartersfika-dalhem"] th')).toBe(
      "Kvartersfika på Dalhem",
    );
    const average = number(row.children().last().text());
    expect(average).toBeGreaterThanOrEqual(26);
    expect(average).toBeLessThanOrEqual(34);
  });
});

describe("weekly sums at clock changes and the turn of the year", () => {
  it("puts Sunday 23:30 in its week and Monday 00:30 in the next, in summer and winter time", async () => {
    const download = await csv(
      "/staff/reports/weekly.csv?from=2026-10-12&to=2026-11-01&area=provomradet",
    );
    expect(rows(download.text)).toEqual([
      ["Vecka", "Första dag", "Sista dag", "Utan mötesplats", "Totalt", "Tillfällen"],
      ["2026-W42", "2026-10-12", "2026-10-18", "2", "2", "1"],
      ["2026-W43", "2026-10-19", "2026-10-25", "7", "7", "1"],
      ["2026-W44", "2026-10-26", "2026-11-01", "11", "11", "1"],
    ]);
  });

  it("keeps 2026-W53 apart from 2027-W01", async () => {
    const download = await csv(
      "/staff/reports/weekly.csv?from=2026-12-28&to=2027-01-10&area=provomradet",
    );
    expect(rows(download.text).slice(1)).toEqual([
      ["2026-W53", "2026-12-28", "2027-01-03", "5", "5", "1"],
      ["2027-W01", "2027-01-04", "2027-01-10", "3", "3", "1"],
    ]);
  });

  it("reports a range within one week, such as a single day", async () => {
    const download = await csv(
      "/staff/reports/weekly.csv?from=2026-10-25&to=2026-10-25&area=provomradet",
    );
    expect(rows(download.text).slice(1)).toEqual([
      ["2026-W43", "2026-10-25", "2026-10-25", "7", "7", "1"],
    ]);
    const { status, $ } = await staffGet("/staff/reports?from=2026-10-26&to=2026-10-27");
    expect(status).toBe(200);
    expect(text($, "#weekly-table tbody th")).toBe("v. 44 26 okt–27 okt (delvis)");
  });

  it("shows the same weeks on the page, Monday to Sunday", async () => {
    const { $ } = await staffGet("/staff/reports?from=2026-10-19&to=2026-11-01&area=provomradet");
    expect(text($, "#weekly-table tbody th")).toBe("v. 43 19 okt–25 okt v. 44 26 okt–1 nov");
    expect(text($, "#trend-table tbody tr td:first-of-type")).toBe("7 11");
  });
});

describe("averages and show-up", () => {
  it("averages per session over sessions with attendance only", async () => {
    const { $ } = await staffGet("/staff/reports?from=2026-06-01&to=2026-06-30&area=provomradet");
    // Provpass: 4 + 10 + 8 over three counted sessions; the fourth has no attendance.
    const cells = $('#activities-table tr[data-activity="provpass"] td')
      .toArray()
      .map((cell) => $(cell).text());
    expect(cells).toEqual(["Provområdet", "3", "22", "7,3"]);
    expect(text($, "#areas-table tbody")).toBe("Provområdet 5 29 5,8");
  });

  it("counts who of those signed up came, course sign-ups from when they joined", async () => {
    const query = "from=2026-06-01&to=2026-06-30&area=provomradet";
    const { $ } = await staffGet(`/staff/reports?${query}`);
    const cells = (slug: string) =>
      $(`#showup-table tr[data-activity="${slug}"] td`)
        .toArray()
        .map((cell) => $(cell).text().replace(/\s/g, " "));
    // Sessions with sign-ups and attendance: 4 of 6 came, then 2 of 2 (plus walk-ins).
    expect(cells("provpass")).toEqual(["2", "8", "6", "75 %"]);
    // 2 of 3 came, then 4 of 4 (one had joined in between).
    expect(cells("provkurs")).toEqual(["2", "7", "6", "86 %"]);
    const download = rows((await csv(`/staff/reports/showup.csv?${query}`)).text);
    expect(download).toEqual([
      ["Aktivitet", "Tillfällen", "Anmälda", "Kom", "Andel som kom (%)"],
      ["Provkurs", "2", "7", "6", "85,7"],
      ["Provpass", "2", "8", "6", "75"],
      ["Totalt", "4", "15", "12", "80"],
    ]);
  });
});

describe("show-up when sign-ups change after the count", () => {
  it("follows cancellations, late and deleted sign-ups and a moved session", async () => {
    const { id: areaId } = await server.db
      .selectFrom("areas")
      .select("id")
      .where("slug", "=", "provomradet")
      .executeTakeFirstOrThrow();
    const activity = await addActivity({
      slug: "eftersnack",
      title: "Eftersnack",
      areaId,
      signupMode: "session",
    });
    // Counted first (4 came), then the sign-ups are entered, as staff who catch up do.
    const session = await addSession(activity, "2026-03-03T15:00:00Z", 4);
    await addSignUp(activity, session, 3);
    await addSignUp(activity, session, 2);
    const showUp = async () => {
      const { $ } = await staffGet("/staff/reports?from=2026-03-01&to=2026-03-31&area=provomradet");
      return $('#showup-table tr[data-activity="eftersnack"] td')
        .toArray()
        .map((cell) => $(cell).text().replace(/\s/g, " "));
    };
    expect(await showUp()).toEqual(["1", "5", "4", "80 %"]);

    const signUps = () =>
      server.db
        .selectFrom("rsvps")
        .select(["id", "party_size"])
        .where("occurrence_id", "=", session);
    const pair = await signUps().where("party_size", "=", 2).executeTakeFirstOrThrow();
    await server.db
      .updateTable("rsvps")
      .set({ status: "cancelled" })
      .where("id", "=", pair.id)
      .execute();
    expect(await showUp()).toEqual(["1", "3", "3", "100 %"]);

    // Made after the session ended: not expected at it, until the session moves past it.
    await addSignUp(activity, session, 1, "confirmed", "2026-03-04T12:00:00Z");
    expect(await showUp()).toEqual(["1", "3", "3", "100 %"]);
    await server.db
      .updateTable("occurrences")
      .set({ starts_at: "2026-03-04T15:00:00Z", ends_at: "2026-03-04T17:00:00Z" })
      .where("id", "=", session)
      .execute();
    expect(await showUp()).toEqual(["1", "4", "4", "100 %"]);

    const three = await signUps().where("party_size", "=", 3).executeTakeFirstOrThrow();
    await server.db.deleteFrom("rsvps").where("id", "=", three.id).execute();
    expect(await showUp()).toEqual(["1", "1", "1", "100 %"]);
  });
});

describe("CSV downloads", () => {
  it("are UTF-8 with a byte-order mark, so Excel shows å, ä and ö", async () => {
    for (const report of ["weekly", "activities", "areas", "audiences", "showup"]) {
      const { response, bytes } = await csv(`/staff/reports/${report}.csv?from=2026-01-01`);
      expect(response.status, report).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("content-disposition")).toMatch(
        new RegExp(
          `^attachment; filename="traffpunkt-${report}-2026-01-01-till-\\d{4}-\\d{2}-\\d{2}\\.csv"$`,
        ),
      );
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    }
    const weekly = await csv("/staff/reports/weekly.csv");
    expect(weekly.bytes.includes(Buffer.from("@Söder", "utf8"))).toBe(true);
    const activities = await csv("/staff/reports/activities.csv?from=2026-01-01");
    expect(activities.bytes.includes(Buffer.from("Kvartersfika på Dalhem", "utf8"))).toBe(true);
    expect(activities.text).toContain("Aktivitet;Plats;Område;Målgrupp;Tillfällen;Besökare");
  });

  it("neutralise a title that is a formula", async () => {
    const { text: body } = await csv("/staff/reports/activities.csv?from=2026-01-01&to=2026-01-31");
    expect(body).toContain(
      `"'=HYPERLINK(""http://evil.example"",""klicka"")";'@Söder;Söder;Alla;1;12;12`,
    );
    const lines = body.replace(/^\uFEFF/, "").split("\r\n");
    for (const cell of lines.flatMap((line) => line.split(";"))) {
      expect(cell).not.toMatch(/^"?[=+@-]/);
    }
  });

  it("speak English when asked, with decimal points", async () => {
    const { text: body } = await csv(
      "/staff/reports/areas.csv?from=2026-06-01&to=2026-06-30&area=provomradet",
      { "Accept-Language": "en" },
    );
    expect(rows(body)).toEqual([
      ["Area", "Sessions", "Visitors", "Average per session"],
      ["Provområdet", "5", "29", "5.8"],
      ["Total", "5", "29", "5.8"],
    ]);
  });
});

describe("bad input", () => {
  it("says what is wrong beside the field, keeps what was typed and answers 400", async () => {
    const bad = await staffGet("/staff/reports?from=2026-02-30&to=2026-03-10");
    expect(bad.status).toBe(400);
    expect(text(bad.$, "#report-from-error")).toBe("Skriv ett datum som 2026-03-29.");
    expect(bad.$("#report-from").attr("value")).toBe("2026-02-30");
    expect(bad.$("#report-from").attr("aria-invalid")).toBe("true");
    expect(bad.$("#weekly").length).toBe(0);

    const backwards = await staffGet("/staff/reports?from=2026-03-10&to=2026-03-01");
    expect(backwards.status).toBe(400);
    expect(text(backwards.$, "#report-to-error")).toBe(
      "Slutdatumet kan inte vara före startdatumet.",
    );

    const tooLong = await staffGet("/staff/reports?from=2020-01-01&to=2026-01-01");
    expect(tooLong.status).toBe(400);
    expect(text(tooLong.$, "#report-from-error")).toBe("Välj en period på högst tre år.");

    const unknown = await staffGet("/staff/reports?place=nowhere&area=atlantis");
    expect(unknown.status).toBe(400);
    expect(text(unknown.$, "#report-place-error")).toBe("Välj en mötesplats i listan.");
    expect(text(unknown.$, "#report-area-error")).toBe("Välj ett område i listan.");
  });

  it("answers a CSV request with bad dates with 400 and the reason", async () => {
    const { response, text: body } = await csv("/staff/reports/weekly.csv?to=2026-13-01");
    expect(response.status).toBe(400);
    expect(body).toContain("Till och med: Skriv ett datum som 2026-03-29.");
  });
});
