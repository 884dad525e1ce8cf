import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toInstantString } from "~/domain/time";
import { getPage, text } from "../support/html";
import { loginAs, postForm } from "../support/login";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let staff: string;
let partner: string;
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startTestServer();
  [staff, partner] = await Promise.all([
    loginAs(server, "staff@example.org"),
    loginAs(server, "fyrafarger@example.org"),
  ]);
});
afterAll(async () => {
  await server?.stop();
});

async function activityId(slug: string) {
  const row = await server.db
    .selectFrom("activities")
    .select("id")
    .where("slug", "=", slug)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The latest session of an activity that is over and was not cancelled. */
async function pastSession(slug: string, skip = 0) {
  const row = await server.db
    .selectFrom("occurrences")
    .select(["id", "starts_at"])
    .where("activity_id", "=", await activityId(slug))
    .where("status", "=", "scheduled")
    .where("ends_at", "<", toInstantString(new Date()))
    .orderBy("starts_at", "desc")
    .offset(skip)
    .limit(1)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function signUp(
  activity: number,
  occurrence: number | null,
  name: string,
  party: number,
  options: { email?: string; status?: "confirmed" | "waitlisted" } = {},
) {
  const stamp = "2026-01-01T10:00:00Z";
  const row = await server.db
    .insertInto("rsvps")
    .values({
      activity_id: activity,
      occurrence_id: occurrence,
      name,
      email: options.email ?? null,
      phone: null,
      adults: party,
      children: 0,
      party_size: party,
      note: null,
      locale: "sv",
      status: options.status ?? "confirmed",
      token_nonce: randomUUID(),
      token_hash: randomUUID(),
      created_at: stamp,
      updated_at: stamp,
      promoted_at: null,
      cancelled_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const page = (path: string, cookie: string) =>
  getPage(`${server.url}${path}`, { headers: { Cookie: cookie } });

/** Posts the form and reads back the page it answers with (no redirect). */
const postPage = (path: string, cookie: string, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  return getPage(`${server.url}${path}`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
};

const blank = {
  headcount: "0",
  children: "",
  youth: "",
  adults: "",
  seniors: "",
  firstTimers: "",
  walkIns: "0",
  note: "",
};

describe("recording attendance", () => {
  it("stores the headcount, breakdown, walk-ins, check-ins and note, edits them, and logs both", async () => {
    const malarkurs = await activityId("malarkurs");
    const session = await pastSession("malarkurs", 1);
    // The demo counted every past session; this one starts uncounted, as on the day.
    await server.db.deleteFrom("attendance").where("occurrence_id", "=", session).execute();
    const amina = await signUp(malarkurs, null, "Amina Test", 2);
    const bertil = await signUp(malarkurs, null, "Bertil Test", 1);
    const path = `/staff/attendance/${session}`;

    const before = await page(path, staff);
    expect(before.status).toBe(200);
    // A fieldset would end the <p> that text() wraps the match in; the names are plain text.
    expect(before.$(".checkin__name").text()).toBe("Amina TestBertil Test");
    expect(before.$("#attendance-headcount").attr("value")).toBe("0");

    const saved = await postForm(server, path, staff, {
      headcount: "9",
      children: "3",
      youth: "1",
      adults: "4",
      seniors: "1",
      firstTimers: "2",
      walkIns: "2",
      checkedIn: [String(amina)],
      note: "Regn, flyttade inomhus",
      intent: "save",
    });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`${path}?saved=1`);
    const record = await server.db
      .selectFrom("attendance")
      .selectAll()
      .where("occurrence_id", "=", session)
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({
      headcount: 9,
      children: 3,
      youth: 1,
      adults: 4,
      seniors: 1,
      first_timers: 2,
      walk_ins: 2,
      note: "Regn, flyttade inomhus",
    });
    const checkins = () =>
      server.db
        .selectFrom("checkins")
        .select("rsvp_id")
        .where("occurrence_id", "=", session)
        .orderBy("rsvp_id")
        .execute();
    expect(await checkins()).toEqual([{ rsvp_id: amina }]);

    const after = await page(`${path}?saved=1`, staff);
    expect(text(after.$, "[role=status]")).toBe("Närvaron är sparad: 9 besökare.");
    expect(after.$("#attendance-headcount").attr("value")).toBe("9");
    expect(after.$("#attendance-note").text()).toBe("Regn, flyttade inomhus");
    expect(after.$(`input[name=checkedIn][value=${amina}]`).attr("checked")).toBeDefined();
    expect(after.$(`input[name=checkedIn][value=${bertil}]`).attr("checked")).toBeUndefined();

    const edited = await postForm(server, path, staff, {
      ...blank,
      headcount: "11",
      walkIns: "2",
      checkedIn: [String(amina), String(bertil)],
      intent: "save",
    });
    expect(edited.status).toBe(302);
    expect(await checkins()).toEqual([{ rsvp_id: amina }, { rsvp_id: bertil }]);
    const audit = await server.db
      .selectFrom("audit_log")
      .select(["action", "summary"])
      .where("entity", "=", "attendance")
      .where("entity_id", "=", session)
      .orderBy("id")
      .execute();
    expect(audit.map((row) => row.action)).toEqual(["create", "update"]);
    expect(audit[1].summary).toContain("11 besökare, 3 incheckade, 2 utan anmälan");
    // Residents' names stay out of the log.
    expect(audit.map((row) => row.summary).join(" ")).not.toMatch(/Amina|Bertil/);
  });

  it("shows what is wrong beside each field, keeps what was typed and saves nothing", async () => {
    const session = await pastSession("pratcafe");
    const path = `/staff/attendance/${session}`;
    const stored = () =>
      server.db
        .selectFrom("attendance")
        .selectAll()
        .where("occurrence_id", "=", session)
        .executeTakeFirst();
    const before = await stored();

    const over = await postPage(path, staff, {
      ...blank,
      headcount: "10",
      children: "6",
      adults: "5",
      intent: "save",
    });
    expect(over.status).toBe(400);
    expect(text(over.$, "#attendance-breakdown-error")).toBe(
      "Uppdelningen blir 11 personer, fler än antalet besökare (10).",
    );
    expect(over.$("#attendance-children").attr("value")).toBe("6");
    expect(over.$(".attendance-breakdown").attr("open")).toBeDefined();

    const negative = await postPage(path, staff, { ...blank, headcount: "-3", intent: "save" });
    expect(negative.status).toBe(400);
    expect(text(negative.$, "#attendance-headcount-error")).toBe(
      "Skriv ett heltal från 0 till 10000.",
    );
    expect(negative.$("#attendance-headcount").attr("aria-invalid")).toBe("true");

    const huge = await postPage(path, staff, {
      ...blank,
      headcount: "100000",
      firstTimers: "100000",
      intent: "save",
    });
    expect(huge.status).toBe(400);
    expect(text(huge.$, "#attendance-headcount-error")).toBe("Skriv ett heltal från 0 till 10000.");
    expect(text(huge.$, "#attendance-firstTimers-error")).toBe(
      "Skriv ett heltal från 0 till 10000.",
    );

    const tooManyNew = await postPage(path, staff, {
      ...blank,
      headcount: "4",
      firstTimers: "5",
      intent: "save",
    });
    expect(text(tooManyNew.$, "#attendance-firstTimers-error")).toBe(
      "Nya besökare kan inte vara fler än antalet besökare (4).",
    );

    expect(await stored()).toEqual(before);
  });

  it("counts with the + and – buttons without JavaScript, saving nothing until Save", async () => {
    const session = await pastSession("pratcafe", 1);
    const path = `/staff/attendance/${session}`;
    const stored = await server.db
      .selectFrom("attendance")
      .select("headcount")
      .where("occurrence_id", "=", session)
      .executeTakeFirstOrThrow();

    const plus = await postPage(path, staff, {
      ...blank,
      headcount: "3",
      note: "Sol",
      adjust: "headcount:+1",
    });
    expect(plus.status).toBe(200);
    expect(plus.$("#attendance-headcount").attr("value")).toBe("4");
    expect(plus.$("#attendance-note").text()).toBe("Sol");
    expect(text(plus.$, ".attendance-form [role=status]")).toContain("Inte sparat än");
    expect(plus.$('button[value="headcount:+1"]').attr("aria-label")).toBe("Öka antalet med 1");

    const minus = await postPage(path, staff, { ...blank, walkIns: "0", adjust: "walkIns:-1" });
    expect(minus.$("#attendance-walkIns").length).toBe(0);
    expect(minus.$("#attendance-headcount").attr("value")).toBe("0");

    const after = await server.db
      .selectFrom("attendance")
      .select("headcount")
      .where("occurrence_id", "=", session)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(stored);
  });

  it("refuses a session that has not started yet, and one that was cancelled", async () => {
    const future = await server.db
      .selectFrom("occurrences")
      .select("id")
      .where("activity_id", "=", await activityId("pratcafe"))
      .where("starts_at", ">", toInstantString(new Date(Date.now() + DAY)))
      .executeTakeFirstOrThrow();
    // The demo cancelled this week's painting class.
    const cancelled = await server.db
      .selectFrom("occurrences")
      .select("id")
      .where("activity_id", "=", await activityId("malarkurs"))
      .where("status", "=", "cancelled")
      .executeTakeFirstOrThrow();
    for (const [id, message] of [
      [future.id, "Tillfället har inte börjat än."],
      [cancelled.id, "Tillfället är inställt"],
    ] as const) {
      const shown = await page(`/staff/attendance/${id}`, staff);
      expect(shown.status).toBe(200);
      expect(text(shown.$, ".notice")).toContain(message);
      expect(shown.$("form.attendance-form").length).toBe(0);
      const refused = await postForm(server, `/staff/attendance/${id}`, staff, {
        ...blank,
        headcount: "5",
        intent: "save",
      });
      expect(refused.status).toBe(409);
      expect(
        await server.db
          .selectFrom("attendance")
          .select("occurrence_id")
          .where("occurrence_id", "=", id)
          .executeTakeFirst(),
      ).toBeUndefined();
    }
  });
});

describe("who may record attendance", () => {
  it("lets Fyra färger record its own painting course", async () => {
    const session = await pastSession("malarkurs", 2);
    const path = `/partner/attendance/${session}`;
    const shown = await page(path, partner);
    expect(shown.status).toBe(200);
    expect(text(shown.$, "h1")).toContain("Målarkurs med Fyra färger");
    const saved = await postForm(server, path, partner, {
      ...blank,
      headcount: "11",
      intent: "save",
    });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`${path}?saved=1`);
    const record = await server.db
      .selectFrom("attendance as at")
      .innerJoin("users as u", "u.id", "at.recorded_by")
      .select(["at.headcount", "u.email"])
      .where("at.occurrence_id", "=", session)
      .executeTakeFirstOrThrow();
    expect(record).toEqual({ headcount: 11, email: "fyrafarger@example.org" });
  });

  it("refuses Fyra färger another organiser's session, and staff pages", async () => {
    const session = await pastSession("pratcafe");
    expect((await page(`/partner/attendance/${session}`, partner)).status).toBe(403);
    const post = await postForm(server, `/partner/attendance/${session}`, partner, {
      ...blank,
      headcount: "99",
      intent: "save",
    });
    expect(post.status).toBe(403);
    expect((await page(`/staff/attendance/${session}`, partner)).status).toBe(403);
    expect((await page(`/partner/attendance/999999`, partner)).status).toBe(404);
    expect((await page(`/partner/attendance/abc`, partner)).status).toBe(404);
  });

  it("sends anyone not logged in to the login page and back", async () => {
    const session = await pastSession("pratcafe");
    for (const path of [
      `/staff/attendance/${session}`,
      `/partner/attendance/${session}`,
      "/staff/evaluations",
    ]) {
      const answer = await fetch(`${server.url}${path}`, { redirect: "manual" });
      expect(answer.status, path).toBe(302);
      expect(answer.headers.get("location"), path).toBe(
        `/login?redirectTo=${encodeURIComponent(path)}`,
      );
    }
    const post = await postForm(server, `/staff/attendance/${session}`, null, {
      ...blank,
      headcount: "1",
    });
    expect(post.status).toBe(302);
    expect(post.headers.get("location")).toMatch(/^\/login/);
  });
});

describe("evaluating trials", () => {
  it("flags the demo's homework help: below target and past its review date, with the decision", async () => {
    const laxhjalp = await activityId("laxhjalp");
    const { status, $ } = await page(`/staff/evaluations/${laxhjalp}`, staff);
    expect(status).toBe(200);
    const flags = text($, ".evaluation-flags");
    expect(flags).toMatch(/Under målet \d+ tillfällen i rad\./);
    expect(flags).toMatch(/Datumet för utvärdering, .+, har passerat\./);
    expect(text($, ".evaluation-facts")).toMatch(/% av målet på 10\./);
    expect($("svg[role=img]").attr("aria-labelledby")).toBe("turnout-chart-title");
    expect(text($, ".decision-list")).toContain("Läxhjälpen har haft 2–5 besökare per gång");
    expect(text($, ".decision-list")).toContain("Sara Områdesvärd");

    const overview = await page("/staff/evaluations", staff);
    expect(overview.status).toBe(200);
    const soder = overview
      .$("section.evaluation-group")
      .filter((_, section) => overview.$(section).find("h2").text().includes("@Söder"));
    expect(text(overview.$, "section.evaluation-group h2")).toContain("@Söder");
    expect(soder.find(".trial-list").text()).toContain("Läxhjälp");
    expect(soder.find(".trial-list .evaluation-flags").text()).toContain("Under målet");
    expect(soder.find(".decision-list").text()).toContain("Avsluta");
  });

  it("saves a trial's target and review date, and explains what is missing", async () => {
    const pratcafe = await activityId("pratcafe");
    const path = `/staff/evaluations/${pratcafe}`;
    const missing = await postPage(path, staff, { intent: "settings", isTrial: "on", target: "" });
    expect(missing.status).toBe(400);
    expect(text(missing.$, "#trial-target-error")).toBe("En aktivitet på prov behöver ett mål.");
    expect(text(missing.$, "#trial-review-error")).toBe(
      "En aktivitet på prov behöver ett datum för utvärdering.",
    );
    const saved = await postForm(server, path, staff, {
      intent: "settings",
      isTrial: "on",
      target: "40,5",
      reviewDate: "2027-03-01",
    });
    expect(saved.status).toBe(302);
    const activity = await server.db
      .selectFrom("activities")
      .select(["is_trial", "trial_target", "review_date"])
      .where("id", "=", pratcafe)
      .executeTakeFirstOrThrow();
    expect(activity).toEqual({ is_trial: 1, trial_target: 40.5, review_date: "2027-03-01" });
    await postForm(server, path, staff, { intent: "settings", target: "", reviewDate: "" });
  });

  it("ends a trial: future sessions cancelled and their sign-ups mailed, history kept", async () => {
    const now = Date.now();
    const stamp = toInstantString(new Date(now));
    const place = await server.db
      .selectFrom("places")
      .select(["id", "area_id"])
      .where("slug", "=", "soder")
      .executeTakeFirstOrThrow();
    const { id: trial } = await server.db
      .insertInto("activities")
      .values({
        slug: `sagostund-${randomUUID().slice(0, 8)}`,
        title: "Sagostund på prov",
        category: "learning",
        audience: "children",
        organiser_kind: "staff",
        partner_id: null,
        area_id: place.area_id,
        place_id: place.id,
        room_id: null,
        location_name: null,
        location_address: null,
        signup_mode: "session",
        capacity: 20,
        status: "published",
        status_reason: null,
        is_trial: 1,
        trial_target: 10,
        review_date: "2026-01-01",
        created_at: stamp,
        updated_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const sessionAt = async (days: number) => {
      const starts = new Date(now + days * DAY);
      const { id } = await server.db
        .insertInto("occurrences")
        .values({
          activity_id: trial,
          schedule_id: null,
          scheduled_date: toInstantString(starts).slice(0, 10),
          starts_at: toInstantString(starts),
          ends_at: toInstantString(new Date(starts.getTime() + 3_600_000)),
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
      return id;
    };
    const past = [await sessionAt(-14), await sessionAt(-7)];
    const future = [await sessionAt(7), await sessionAt(14), await sessionAt(21)];
    for (const [index, id] of past.entries()) {
      await server.db
        .insertInto("attendance")
        .values({
          occurrence_id: id,
          headcount: 3 + index,
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
    await signUp(trial, future[0], "Cecilia Test", 2, { email: "cecilia@example.org" });
    await signUp(trial, future[1], "David Test", 1);
    await signUp(trial, past[0], "Eva Test", 1, { email: "eva@example.org" });
    const path = `/staff/evaluations/${trial}`;

    const shown = await page(path, staff);
    expect(text(shown.$, "#decision-end-hint")).toContain(
      "3 kommande tillfällen ställs in och 1 anmälda får ett mejl",
    );

    const noReason = await postPage(path, staff, { intent: "decision", decision: "end" });
    expect(noReason.status).toBe(400);
    expect(text(noReason.$, "#decision-reason-error")).toContain("Skriv en motivering");
    expect(noReason.$("#decision-end").attr("checked")).toBeDefined();

    const reason = "Sagostunden har haft 3–4 besökare, långt under målet. Vi avslutar den.";
    const ended = await postForm(server, path, staff, {
      intent: "decision",
      decision: "end",
      reason,
    });
    expect(ended.status).toBe(302);
    expect(ended.headers.get("location")).toBe(`${path}?decided=end&sessions=3&mails=1`);

    const activity = await server.db
      .selectFrom("activities")
      .select(["status", "status_reason"])
      .where("id", "=", trial)
      .executeTakeFirstOrThrow();
    expect(activity).toEqual({ status: "ended", status_reason: reason });
    const sessions = await server.db
      .selectFrom("occurrences as o")
      .leftJoin("attendance as at", "at.occurrence_id", "o.id")
      .select(["o.id", "o.status", "o.cancel_reason", "at.headcount"])
      .where("o.activity_id", "=", trial)
      .orderBy("o.starts_at")
      .execute();
    expect(sessions).toEqual([
      { id: past[0], status: "scheduled", cancel_reason: null, headcount: 3 },
      { id: past[1], status: "scheduled", cancel_reason: null, headcount: 4 },
      ...future.map((id) => ({ id, status: "cancelled", cancel_reason: reason, headcount: null })),
    ]);
    const mail = await server.db
      .selectFrom("outbox")
      .select(["to_address", "subject", "text_body"])
      .where("kind", "=", "rsvp-cancelled")
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0].to_address).toBe("cecilia@example.org");
    expect(mail[0].subject).toMatch(/^Inställt: Sagostund på prov, /);
    expect(mail[0].text_body).toContain(reason);
    const decisions = await server.db
      .selectFrom("decisions")
      .select(["decision", "reason"])
      .where("activity_id", "=", trial)
      .execute();
    expect(decisions).toEqual([{ decision: "end", reason }]);
    const audit = await server.db
      .selectFrom("audit_log")
      .select("summary")
      .where("entity", "=", "activity")
      .where("entity_id", "=", trial)
      .where("action", "=", "decide")
      .executeTakeFirstOrThrow();
    expect(audit.summary).toContain("3 tillfällen inställda, 1 mejl");

    const after = await page(path, staff);
    expect(text(after.$, ".decision-list")).toContain(reason);
    expect(after.$("#decision-reason").length).toBe(0);
    const again = await postForm(server, path, staff, {
      intent: "decision",
      decision: "continue",
      reason: "Ändrade oss",
    });
    expect(again.status).toBe(409);
  });
});
