import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, todayIn, toInstantString } from "~/domain/time";
import { getPage, text } from "../support/html";
import { loginAs, postForm } from "../support/login";
import { startTestServer, type TestServer } from "../support/test-server";

// Low limits so the tests can reach them; every test sends from its own address (TRUST_PROXY).
const LIMIT = 5;
let server: TestServer;
let staff: string;
let partner: string;
let nextIp = 10;

beforeAll(async () => {
  server = await startTestServer({
    env: {
      TRUST_PROXY: "1",
      PROPOSAL_LIMIT_PER_IP: String(LIMIT),
      PROPOSAL_SUPPORT_LIMIT_PER_IP: String(LIMIT),
    },
  });
  // These tests count proposals and figures from zero; the demo's own are covered elsewhere.
  await server.db.deleteFrom("proposal_supports").execute();
  await server.db.deleteFrom("proposals").execute();
  await server.db.deleteFrom("safety_surveys").execute();
  staff = await loginAs(server, "staff@example.org");
  partner = await loginAs(server, "fyrafarger@example.org");
});
afterAll(async () => {
  await server?.stop();
});

/** A fresh client address, so one test's hits never count against another's limit. */
const newIp = () => `203.0.113.${nextIp++}`;

async function publicPost(
  fields: Record<string, string>,
  options: { ip: string; cookie?: string },
) {
  return fetch(`${server.url}/proposals`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Forwarded-For": options.ip,
      ...(options.cookie ? { Cookie: options.cookie } : {}),
    },
    body: new URLSearchParams(fields),
  });
}

async function publicPostPage(fields: Record<string, string>, ip: string) {
  return getPage(`${server.url}/proposals`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": ip },
    body: new URLSearchParams(fields),
  });
}

async function staffPostPage(path: string, fields: Record<string, string>) {
  return getPage(`${server.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: staff },
    body: new URLSearchParams(fields),
  });
}

async function idOf(table: "places" | "areas", slug: string) {
  const row = await server.db
    .selectFrom(table)
    .select("id")
    .where("slug", "=", slug)
    .executeTakeFirstOrThrow();
  return row.id;
}

const proposalCount = async () =>
  Number(
    (
      await server.db
        .selectFrom("proposals")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** A proposal straight into the database, public when asked, for the tests that need one. */
async function insertProposal(
  fields: { text: string; isPublic?: boolean; contact?: string | null } & (
    { placeId: number } | { areaId: number }
  ),
) {
  const stamp = toInstantString(new Date());
  const { id } = await server.db
    .insertInto("proposals")
    .values({
      kind: "improvement",
      text: fields.text,
      contact: fields.contact ?? null,
      place_id: "placeId" in fields ? fields.placeId : null,
      area_id: "areaId" in fields ? fields.areaId : null,
      occurrence_id: null,
      decline_reason: null,
      activity_id: null,
      is_public: fields.isPublic ? 1 : 0,
      created_at: stamp,
      updated_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

async function supportsOf(id: number) {
  const row = await server.db
    .selectFrom("proposals")
    .select("supports")
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return row.supports;
}

describe("suggesting on /proposals", () => {
  it("stores a valid suggestion as new and not public, and says thank you", async () => {
    const placeId = await idOf("places", "soder");
    const answer = await publicPost(
      {
        intent: "suggest",
        kind: "activity",
        where: `place:${placeId}`,
        text: "Schackklubb på tisdagskvällar\nGärna för både unga och äldre.",
        contact: "schack@example.org",
        website: "",
      },
      { ip: newIp() },
    );
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toBe("/proposals?sent=1");
    const row = await server.db
      .selectFrom("proposals")
      .selectAll()
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      kind: "activity",
      place_id: placeId,
      area_id: null,
      status: "new",
      is_public: 0,
      supports: 0,
      contact: "schack@example.org",
    });
    const page = await getPage(`${server.url}/proposals?sent=1`);
    expect(text(page.$, ".notice")).toContain("Tack för ditt förslag!");
    // Not public until staff say so.
    expect(page.html).not.toContain("Schackklubb");
  });

  it("answers bad input with 400, messages beside the fields and the input kept, storing nothing", async () => {
    const before = await proposalCount();
    const { status, $ } = await publicPostPage(
      { intent: "suggest", kind: "activity", where: "", text: "Kort", contact: "", website: "" },
      newIp(),
    );
    expect(status).toBe(400);
    expect(text($, "#proposal-text-error")).toBe("Skriv lite mer, minst 10 tecken.");
    expect($("#proposal-text").attr("aria-describedby")).toContain("proposal-text-error");
    expect($("#proposal-text").text()).toBe("Kort");
    expect(text($, "#proposal-where-error")).toBe("Välj en mötesplats eller ett område.");
    expect(text($, ".error-summary")).toContain("Något behöver rättas");

    const tooLong = await publicPostPage(
      {
        intent: "suggest",
        kind: "improvement",
        where: `area:${await idOf("areas", "dalhem")}`,
        text: "x".repeat(2001),
      },
      newIp(),
    );
    expect(tooLong.status).toBe(400);
    expect(text(tooLong.$, "#proposal-text-error")).toBe("Skriv högst 2000 tecken.");

    const unknownPlace = await publicPostPage(
      { intent: "suggest", kind: "activity", where: "place:999999", text: "En bra idé för alla" },
      newIp(),
    );
    expect(unknownPlace.status).toBe(400);
    expect(text(unknownPlace.$, "#proposal-where-error")).toContain("Välj en mötesplats");
    expect(await proposalCount()).toBe(before);
  });

  it("answers a filled honeypot as if it worked and stores nothing", async () => {
    const before = await proposalCount();
    const answer = await publicPost(
      {
        intent: "suggest",
        kind: "activity",
        where: `area:${await idOf("areas", "soder")}`,
        text: "Köp billiga klockor här",
        website: "https://spam.example",
      },
      { ip: newIp() },
    );
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toBe("/proposals?sent=1");
    expect(await proposalCount()).toBe(before);
  });

  it("limits suggestions per address with 429", async () => {
    const ip = newIp();
    const areaId = await idOf("areas", "fredriksdal");
    const suggest = (n: number) =>
      publicPost(
        {
          intent: "suggest",
          kind: "activity",
          where: `area:${areaId}`,
          text: `Förslag nummer ${n}`,
        },
        { ip },
      );
    for (let n = 1; n <= LIMIT; n += 1) expect((await suggest(n)).status).toBe(302);
    const before = await proposalCount();
    const { status, $ } = await publicPostPage(
      { intent: "suggest", kind: "activity", where: `area:${areaId}`, text: "Ett förslag till" },
      ip,
    );
    expect(status).toBe(429);
    expect(text($, ".error-summary")).toContain("Vänta en stund");
    expect(await proposalCount()).toBe(before);
    // Another address is not affected.
    const other = await publicPost(
      {
        intent: "suggest",
        kind: "activity",
        where: `area:${areaId}`,
        text: "Från en annan adress",
      },
      { ip: newIp() },
    );
    expect(other.status).toBe(302);
  });
});

describe("supporting a proposal", () => {
  it("counts once per browser, and a new browser adds one", async () => {
    const id = await insertProposal({
      text: "Utegym i Furutorpsparken",
      placeId: await idOf("places", "soder"),
      isPublic: true,
    });
    const ip = newIp();
    const first = await publicPost({ intent: "support", proposalId: String(id) }, { ip });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(`/proposals?supported=added#proposal-${id}`);
    const setCookie = first.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^traffpunkt_supporter=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).toContain(`Max-Age=${365 * 86_400}`);
    const cookie = setCookie.split(";")[0];
    expect(await supportsOf(id)).toBe(1);

    const again = await publicPost({ intent: "support", proposalId: String(id) }, { ip, cookie });
    expect(again.headers.get("location")).toBe(`/proposals?supported=already#proposal-${id}`);
    expect(again.headers.get("set-cookie")).toBeNull();
    expect(await supportsOf(id)).toBe(1);

    const otherBrowser = await publicPost({ intent: "support", proposalId: String(id) }, { ip });
    expect(otherBrowser.status).toBe(302);
    expect(await supportsOf(id)).toBe(2);

    // The database keeps a hash, never the browser's id.
    const rows = await server.db
      .selectFrom("proposal_supports")
      .select("supporter_hash")
      .where("proposal_id", "=", id)
      .execute();
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain(cookie.split("=")[1]);

    const page = await getPage(`${server.url}/proposals?supported=already`, {
      headers: { Cookie: cookie },
    });
    expect(text(page.$, `#proposal-${id}`)).toContain("2 stöder förslaget");
    expect(text(page.$, `#proposal-${id}`)).toContain("Du stöder förslaget.");
    expect(page.$(`#proposal-${id} button`)).toHaveLength(0);
    expect(text(page.$, ".notice")).toContain("Du har redan stött det förslaget.");
  });

  it("does not count supports for a proposal that is not public", async () => {
    const id = await insertProposal({
      text: "Inte granskat ännu",
      areaId: await idOf("areas", "soder"),
    });
    const answer = await publicPost({ intent: "support", proposalId: String(id) }, { ip: newIp() });
    expect(answer.headers.get("location")).toBe(`/proposals?supported=closed#proposal-${id}`);
    expect(await supportsOf(id)).toBe(0);
  });

  it("limits supports per address with 429", async () => {
    const id = await insertProposal({
      text: "Fler papperskorgar",
      areaId: await idOf("areas", "drottninghog"),
      isPublic: true,
    });
    const ip = newIp();
    for (let n = 0; n < LIMIT; n += 1) {
      expect((await publicPost({ intent: "support", proposalId: String(id) }, { ip })).status).toBe(
        302,
      );
    }
    const { status, $ } = await getPage(`${server.url}/proposals`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": ip },
      body: new URLSearchParams({ intent: "support", proposalId: String(id) }),
    });
    expect(status).toBe(429);
    expect(text($, ".error-summary")).toContain("Vänta en stund");
    expect(await supportsOf(id)).toBe(LIMIT);
  });
});

describe("staff triage", () => {
  it("requires a reason to decline, with the message beside the field", async () => {
    const id = await insertProposal({
      text: "Bygg en simhall på Söder",
      contact: "070-123 45 67",
      areaId: await idOf("areas", "soder"),
    });
    const { status, $ } = await staffPostPage(`/staff/proposals/${id}`, {
      intent: "triage",
      status: "declined",
      declineReason: "  ",
      isPublic: "1",
    });
    expect(status).toBe(400);
    expect(text($, "#triage-reason-error")).toContain("Skriv varför förslaget inte blir av");
    expect($("#triage-status").val()).toBe("declined");
    const row = await server.db
      .selectFrom("proposals")
      .select(["status", "is_public"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "new", is_public: 0 });
  });

  it("declines with a reason and makes it public: shown with its status, never the contact", async () => {
    const id = await insertProposal({
      text: "Bygg en simhall vid Furutorpsparken",
      contact: "hemlig.person@example.org",
      placeId: await idOf("places", "soder"),
    });
    const staffPage = await getPage(`${server.url}/staff/proposals/${id}`, {
      headers: { Cookie: staff },
    });
    expect(text(staffPage.$, ".facts-list")).toContain("hemlig.person@example.org");

    const answer = await postForm(server, `/staff/proposals/${id}`, staff, {
      intent: "triage",
      status: "declined",
      declineReason: "En simhall är kommunens sak; vi tipsar dem om idén.",
      isPublic: "1",
    });
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toBe(`/staff/proposals/${id}?saved=1`);

    const page = await getPage(`${server.url}/proposals`);
    const item = text(page.$, `#proposal-${id}`);
    expect(item).toContain("Bygg en simhall vid Furutorpsparken");
    expect(item).toContain("Blir inte av");
    expect(item).toContain("En simhall är kommunens sak");
    expect(item).toContain("@Söder");
    // A declined proposal takes no more support.
    expect(page.$(`#proposal-${id} button`)).toHaveLength(0);
    expect(page.html).not.toContain("hemlig.person");
    expect(page.html).not.toContain("070-123 45 67");

    const audit = await server.db
      .selectFrom("audit_log")
      .select(["action", "summary", "user_id"])
      .where("entity", "=", "proposal")
      .where("entity_id", "=", id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].action).toBe("update");
    expect(audit[0].summary).toContain("avböjd");
    expect(audit[0].summary).not.toContain("hemlig");
    expect(audit[0].user_id).not.toBeNull();
  });

  it("lists proposals by status and filter, and removes a contact on request", async () => {
    const areaId = await idOf("areas", "planteringen");
    const id = await insertProposal({
      text: "Pingisbord vid @Plantan",
      contact: "pingis@example.org",
      areaId,
    });
    const list = await getPage(`${server.url}/staff/proposals?status=new&area=${areaId}`, {
      headers: { Cookie: staff },
    });
    expect(list.status).toBe(200);
    expect(text(list.$, "table")).toContain("Pingisbord vid @Plantan");
    expect(text(list.$, "table")).toContain("har kontaktuppgift");
    expect(list.html).not.toContain("pingis@example.org");
    const declined = await getPage(`${server.url}/staff/proposals?status=declined&area=${areaId}`, {
      headers: { Cookie: staff },
    });
    expect(declined.html).not.toContain("Pingisbord");

    const forget = await postForm(server, `/staff/proposals/${id}`, staff, {
      intent: "forgetContact",
    });
    expect(forget.status).toBe(302);
    const row = await server.db
      .selectFrom("proposals")
      .select("contact")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.contact).toBeNull();
  });

  it("turns a proposal into a draft trial activity in one step", async () => {
    const placeId = await idOf("places", "plantan");
    const id = await insertProposal({
      text: "Läxhjälp på lördagar för mellanstadiet\nMånga föräldrar jobbar på vardagarna.",
      placeId,
    });
    const reviewDate = addDays(todayIn(new Date()), 60);

    const badTarget = await staffPostPage(`/staff/proposals/${id}`, {
      intent: "trial",
      trialTarget: "0",
      reviewDate,
    });
    expect(badTarget.status).toBe(400);
    expect(text(badTarget.$, "#trial-target-error")).toContain("större än 0");
    const pastDate = await staffPostPage(`/staff/proposals/${id}`, {
      intent: "trial",
      trialTarget: "8",
      reviewDate: addDays(todayIn(new Date()), -1),
    });
    expect(pastDate.status).toBe(400);
    expect(text(pastDate.$, "#trial-review-error")).toContain("från och med idag");

    const answer = await postForm(server, `/staff/proposals/${id}`, staff, {
      intent: "trial",
      trialTarget: "7,5",
      reviewDate,
    });
    expect(answer.status).toBe(302);
    const location = answer.headers.get("location") ?? "";
    const match = /^\/staff\/activities\/(\d+)$/.exec(location);
    expect(match, location).not.toBeNull();
    const activityId = Number(match?.[1]);
    const activity = await server.db
      .selectFrom("activities")
      .selectAll()
      .where("id", "=", activityId)
      .executeTakeFirstOrThrow();
    expect(activity).toMatchObject({
      title: "Läxhjälp på lördagar för mellanstadiet",
      slug: "laxhjalp-pa-lordagar-for-mellanstadiet",
      status: "draft",
      is_trial: 1,
      trial_target: 7.5,
      review_date: reviewDate,
      organiser_kind: "staff",
      signup_mode: "none",
      place_id: placeId,
      area_id: await idOf("areas", "planteringen"),
    });
    const sessions = await server.db
      .selectFrom("occurrences")
      .select("id")
      .where("activity_id", "=", activityId)
      .execute();
    expect(sessions).toHaveLength(0);
    const proposal = await server.db
      .selectFrom("proposals")
      .select(["activity_id", "status"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(proposal).toEqual({ activity_id: activityId, status: "planned" });

    const twice = await postForm(server, `/staff/proposals/${id}`, staff, {
      intent: "trial",
      trialTarget: "5",
      reviewDate,
    });
    expect(twice.status).toBe(409);
    const trials = await server.db
      .selectFrom("activities")
      .select("id")
      .where("title", "=", "Läxhjälp på lördagar för mellanstadiet")
      .execute();
    expect(trials).toHaveLength(1);

    const audit = await server.db
      .selectFrom("audit_log")
      .select(["entity", "action"])
      .where((eb) =>
        eb.or([
          eb.and([eb("entity", "=", "activity"), eb("entity_id", "=", activityId)]),
          eb.and([eb("entity", "=", "proposal"), eb("entity_id", "=", id)]),
        ]),
      )
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { entity: "activity", action: "create" },
        { entity: "proposal", action: "update" },
      ]),
    );
  });
});

describe("suggestions gathered at a coffee morning", () => {
  it("logs one proposal per line against the session", async () => {
    const session = await server.db
      .selectFrom("occurrences as o")
      .innerJoin("activities as a", "a.id", "o.activity_id")
      .select(["o.id", "a.area_id"])
      .where("a.slug", "=", "kvartersfika-dalhem")
      .where("o.ends_at", "<", toInstantString(new Date()))
      .orderBy("o.starts_at", "desc")
      .executeTakeFirstOrThrow();

    const form = await getPage(`${server.url}/staff/proposals/new`, { headers: { Cookie: staff } });
    expect(form.status).toBe(200);
    expect(form.$(`#log-session option[value="${session.id}"]`).text()).toContain(
      "Kvartersfika på Dalhem",
    );
    expect(form.$('label[for="log-lines"]').text()).not.toBe("");

    const empty = await staffPostPage("/staff/proposals/new", {
      occurrenceId: String(session.id),
      kind: "improvement",
      where: "",
      lines: "\n  \n",
    });
    expect(empty.status).toBe(400);
    expect(text(empty.$, "#log-lines-error")).toBe("Skriv minst ett förslag.");
    const noWhere = await staffPostPage("/staff/proposals/new", {
      occurrenceId: "",
      kind: "improvement",
      where: "",
      lines: "Fler cykelställ",
    });
    expect(noWhere.status).toBe(400);
    expect(text(noWhere.$, "#log-where-error")).toContain("Välj en träff");

    const answer = await postForm(server, "/staff/proposals/new", staff, {
      occurrenceId: String(session.id),
      kind: "improvement",
      where: "",
      lines:
        "Fler bänkar vid grillplatsen\n\n  Bättre belysning på gångvägen  \r\nEn loppis i vår\n",
    });
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toBe("/staff/proposals?status=new&logged=3");
    const rows = await server.db
      .selectFrom("proposals")
      .select(["id", "text", "area_id", "place_id", "status", "is_public", "contact"])
      .where("occurrence_id", "=", session.id)
      .orderBy("id")
      .execute();
    expect(rows.map((row) => row.text)).toEqual([
      "Fler bänkar vid grillplatsen",
      "Bättre belysning på gångvägen",
      "En loppis i vår",
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({
        area_id: session.area_id,
        place_id: null,
        status: "new",
        is_public: 0,
        contact: null,
      });
    }
    const audit = await server.db
      .selectFrom("audit_log")
      .select("entity_id")
      .where("entity", "=", "proposal")
      .where("action", "=", "create")
      .where(
        "entity_id",
        "in",
        rows.map((row) => row.id),
      )
      .execute();
    expect(audit).toHaveLength(3);

    const list = await getPage(`${server.url}/staff/proposals?status=new&logged=3`, {
      headers: { Cookie: staff },
    });
    expect(text(list.$, ".notice")).toBe("3 förslag sparade.");
    expect(text(list.$, "table")).toContain("från Kvartersfika på Dalhem");
  });
});

describe("safety survey figures", () => {
  it("refuses shares outside 0–100 and an empty period, beside the fields, storing nothing", async () => {
    const areaId = String(await idOf("areas", "soder"));
    const base = { intent: "add", areaId, periodLabel: "2022", periodEnd: "", shareSafe: "48" };
    for (const shareSafe of ["101", "-1", "", "mycket"]) {
      const { status, $ } = await staffPostPage("/staff/safety", { ...base, shareSafe });
      expect(status, shareSafe).toBe(400);
      expect(text($, "#safety-share-error")).toBe("Skriv en andel mellan 0 och 100.");
      expect($("#safety-share").attr("value") ?? "").toBe(shareSafe);
    }
    const noPeriod = await staffPostPage("/staff/safety", { ...base, periodLabel: " " });
    expect(noPeriod.status).toBe(400);
    expect(text(noPeriod.$, "#safety-period-error")).toBe("Fyll i det här fältet.");
    const notAYear = await staffPostPage("/staff/safety", { ...base, periodLabel: "Hösten" });
    expect(notAYear.status).toBe(400);
    expect(text(notAYear.$, "#safety-end-error")).toContain("periodens sista dag");
    const rows = await server.db.selectFrom("safety_surveys").select("id").execute();
    expect(rows).toHaveLength(0);
  });

  it("lists the figures per area with the change and the turnout of the same periods", async () => {
    const areaId = await idOf("areas", "soder");
    for (const [periodLabel, shareSafe] of [
      ["2021", "38"],
      ["2022", "48 %"],
    ]) {
      const answer = await postForm(server, "/staff/safety", staff, {
        intent: "add",
        areaId: String(areaId),
        periodLabel,
        periodEnd: "",
        shareSafe,
        respondents: "412",
        source: "Kundbarometern",
      });
      expect(answer.status).toBe(302);
    }
    const duplicate = await staffPostPage("/staff/safety", {
      intent: "add",
      areaId: String(areaId),
      periodLabel: "2022",
      shareSafe: "50",
    });
    expect(duplicate.status).toBe(400);
    expect(text(duplicate.$, "#safety-period-error")).toContain("Det finns redan en siffra");

    // A recent period, so the demo's counted sessions at @Söder fall inside it.
    const today = todayIn(new Date());
    const recent = await postForm(server, "/staff/safety", staff, {
      intent: "add",
      areaId: String(areaId),
      periodLabel: "Senaste tiden",
      periodEnd: today,
      shareSafe: "47,5",
    });
    expect(recent.status).toBe(302);

    const stored = await server.db
      .selectFrom("safety_surveys")
      .select(["period_label", "period_end", "share_safe", "created_by"])
      .where("area_id", "=", areaId)
      .orderBy("period_end")
      .execute();
    expect(stored.map((row) => [row.period_label, row.period_end, row.share_safe])).toEqual([
      ["2021", "2021-12-31", 38],
      ["2022", "2022-12-31", 48],
      ["Senaste tiden", today, 47.5],
    ]);
    expect(stored.every((row) => row.created_by !== null)).toBe(true);

    const ids = await server.db
      .selectFrom("safety_surveys")
      .select("id")
      .where("area_id", "=", areaId)
      .orderBy("period_end")
      .execute();
    const { $ } = await getPage(`${server.url}/staff/safety`, { headers: { Cookie: staff } });
    const row = (index: number) => `#safety-figure-${ids[index].id}`;
    expect(text($, "#safety-area-" + areaId)).toBe("Söder");
    expect(text($, row(0))).toContain("38 %");
    expect(text($, `${row(0)} > :nth-child(3)`)).toBe("–");
    expect(text($, row(1))).toContain("48 %");
    expect(text($, row(1))).toContain("412 svar");
    expect(text($, `${row(1)} > :nth-child(3)`)).toBe("+10 procentenheter");
    expect(text($, row(2))).toContain("47,5 %");

    // The recent period runs from the day after 2022's period up to today, so it holds every
    // counted session of the demo at Söder's activities.
    const expected = await server.db
      .selectFrom("attendance as at")
      .innerJoin("occurrences as o", "o.id", "at.occurrence_id")
      .innerJoin("activities as a", "a.id", "o.activity_id")
      .select((eb) => eb.fn.sum<number>("at.headcount").as("n"))
      .where("a.area_id", "=", areaId)
      .where("o.status", "=", "scheduled")
      .executeTakeFirstOrThrow();
    const shown = Number(text($, `${row(2)} > :nth-child(4)`).replace(/\s/g, ""));
    expect(shown).toBeGreaterThan(100);
    expect(shown).toBe(Number(expected.n));
    // 2021 and 2022 lie before the demo's sessions: no turnout to show.
    expect(text($, `${row(1)} > :nth-child(4)`)).toBe("–");

    const audit = await server.db
      .selectFrom("audit_log")
      .select("summary")
      .where("entity", "=", "safety_survey")
      .execute();
    expect(audit.map((row) => row.summary)).toEqual(
      expect.arrayContaining(["Trygghet Söder 2021: 38 %", "Trygghet Söder 2022: 48 %"]),
    );
  });
});

describe("who may use the staff pages", () => {
  const pages = ["/staff/proposals", "/staff/proposals/new", "/staff/safety"];

  it("answers a partner with 403 and sends anonymous visitors to log in", async () => {
    const id = await insertProposal({
      text: "Något för partnertestet",
      areaId: await idOf("areas", "soder"),
    });
    for (const path of [...pages, `/staff/proposals/${id}`]) {
      const asPartner = await fetch(`${server.url}${path}`, {
        redirect: "manual",
        headers: { Cookie: partner },
      });
      expect(asPartner.status, path).toBe(403);
      const anonymous = await fetch(`${server.url}${path}`, { redirect: "manual" });
      expect(anonymous.status, path).toBe(302);
      expect(anonymous.headers.get("location"), path).toBe(
        `/login?redirectTo=${encodeURIComponent(path)}`,
      );
    }
    const post = await postForm(server, `/staff/proposals/${id}`, partner, {
      intent: "triage",
      status: "planned",
      declineReason: "",
      isPublic: "1",
    });
    expect(post.status).toBe(403);
    const safety = await postForm(server, "/staff/safety", partner, {
      intent: "add",
      areaId: String(await idOf("areas", "soder")),
      periodLabel: "2030",
      shareSafe: "50",
    });
    expect(safety.status).toBe(403);
    const row = await server.db
      .selectFrom("proposals")
      .select("status")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("new");
  });
});
