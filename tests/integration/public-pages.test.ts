import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoWeekOf, todayIn, toInstantString } from "~/domain/time";
import { getPage, text } from "../support/html";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
const week = isoWeekOf(todayIn(new Date())).week;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

async function occurrenceId(slug: string, status: "scheduled" | "cancelled" = "scheduled") {
  const row = await server.db
    .selectFrom("occurrences as o")
    .innerJoin("activities as a", "a.id", "o.activity_id")
    .select("o.id")
    .where("a.slug", "=", slug)
    .where("o.status", "=", status)
    .where("o.starts_at", ">", toInstantString(new Date()))
    .orderBy("o.starts_at")
    .executeTakeFirstOrThrow();
  return row.id;
}

describe("every public page", () => {
  it.each([
    "/",
    "/places",
    "/places/soder",
    "/places/plantan",
    "/activities/pratcafe",
    "/activities/laxhjalp",
  ])(
    "%s answers 200 in Swedish with one h1, a main landmark and the site navigation",
    async (path) => {
      const { status, $ } = await getPage(`${server.url}${path}`);
      expect(status).toBe(200);
      expect($("html").attr("lang")).toBe("sv");
      expect($("h1")).toHaveLength(1);
      expect($("main#main")).toHaveLength(1);
      expect($("header nav a[href='/places']").text()).toBe("Mötesplatser");
      expect($("title").text()).toMatch(/Träffpunkt$/);
    },
  );
});

describe("/ (this week everywhere)", () => {
  it("lists this week's sessions across places and areas with the week number", async () => {
    const { $ } = await getPage(`${server.url}/`);
    expect(text($, "h1")).toBe("Det här händer i veckan");
    expect(text($, ".week-number")).toBe(`v. ${week}`);
    const titles = $(".session__title")
      .map((_, el) => $(el).text())
      .get();
    expect(titles).toContain("Pratcafé");
    expect(titles).toContain("Ungdomsgruppen");
  });

  it("filters by place, audience, language and area through query parameters", async () => {
    const titles = async (query: string) => {
      const { status, $ } = await getPage(`${server.url}/?${query}`);
      expect(status).toBe(200);
      return [
        ...new Set(
          $(".session__title")
            .map((_, el) => $(el).text())
            .get(),
        ),
      ].sort();
    };
    expect(await titles("place=soder")).toEqual(expect.arrayContaining(["Pratcafé"]));
    expect(await titles("place=soder")).not.toContain("Ungdomsgruppen");
    expect(await titles("audience=youth")).toEqual(["Ungdomsgruppen"]);
    expect(await titles("area=dalhem")).not.toContain("Pratcafé");
    expect(await titles("area=dalhem")).toContain("Ungdomsgruppen");
    expect(await titles("language=ar")).not.toContain("Pratcafé");
    expect(await titles("category=social&place=soder")).toEqual(["Pratcafé"]);
  });

  it("keeps the chosen filters in the form, so a filtered view is a shareable link", async () => {
    const { $ } = await getPage(`${server.url}/?audience=youth&area=dalhem`);
    expect($("#filter-audience option[selected]").attr("value")).toBe("youth");
    expect($("#filter-area option[selected]").attr("value")).toBe("dalhem");
    expect($("form.filters").attr("method")).toBe("get");
    expect($("label[for='filter-language']").text()).toBe("Språk som talas");
  });

  it("ignores unknown filter values instead of failing", async () => {
    const { status, $ } = await getPage(`${server.url}/?audience=aliens&language=%3Cscript%3E`);
    expect(status).toBe(200);
    expect(
      $(".session__title")
        .map((_, el) => $(el).text())
        .get(),
    ).toContain("Pratcafé");
  });

  it("says so when nothing matches", async () => {
    const { $ } = await getPage(`${server.url}/?place=plantan&audience=seniors`);
    expect(text($, ".empty")).toBe("Inga aktiviteter den här veckan med de val du gjort.");
  });
});

describe("/places", () => {
  it("lists the meeting places with their addresses and links", async () => {
    const { $ } = await getPage(`${server.url}/places`);
    expect(text($, "h1")).toBe("Mötesplatser");
    expect($("a[href='/places/soder']").first().text()).toBe("@Söder");
    expect($("a[href='/places/plantan']").first().text()).toBe("@Plantan");
    expect(text($, "main")).toContain("Håkan Lundbergs gata");
  });
});

describe("/places/:slug", () => {
  it("shows address, hours, rooms and this week Monday to Sunday with today marked", async () => {
    const { $ } = await getPage(`${server.url}/places/soder`);
    expect(text($, "h1")).toBe("@Söder");
    expect(text($, "address")).toContain("Håkan Lundbergs gata");
    expect(text($, ".hours")).toContain("onsdag 10:00–20:00");
    expect(text($, ".hours")).toContain("söndag Stängt");
    expect(text($, "main")).toContain("Stora rummet, 40 personer");
    expect(text($, "main")).toContain("Köket, 12 personer");
    expect(text($, "main")).toContain("Studierummet, 8 personer");
    expect($(".week > li")).toHaveLength(7);
    expect(text($, ".week > li:first-child h3")).toMatch(/^måndag \d+ \w+/);
    expect($("[aria-current='date']")).toHaveLength(1);
    expect(text($, "[aria-current='date'] .badge")).toBe("Idag");
    expect(text($, ".week-number")).toBe(`v. ${week}`);
    expect(text($, ".week")).toContain("Pratcafé");
    expect(text($, ".week")).toMatch(/14:00–16:00/);
  });

  it("shows a cancelled session struck through with its reason", async () => {
    const { $ } = await getPage(`${server.url}/places/soder`);
    const cancelled = $(".session--cancelled");
    expect(cancelled.length).toBeGreaterThan(0);
    expect(cancelled.find("del").first().text()).toMatch(/\d{2}:\d{2}–\d{2}:\d{2}/);
    expect(text($, ".session__note--cancelled")).toContain("Kursledaren är sjuk");
  });

  it("moves between weeks with ?week= and links to the neighbours", async () => {
    const { $ } = await getPage(`${server.url}/places/soder?week=2026-W49`);
    expect(text($, ".week-number")).toBe("v. 49");
    expect(text($, ".week-heading__dates")).toBe("mån 30 nov – sön 6 dec 2026");
    expect($("a[rel='prev']").attr("href")).toBe("/places/soder?week=2026-W48");
    expect($("a[rel='next']").attr("href")).toBe("/places/soder?week=2026-W50");
  });

  it("shows a moved session with its reason", async () => {
    const moved = await server.db
      .selectFrom("occurrences")
      .select("starts_at")
      .where("moved", "=", 1)
      .executeTakeFirstOrThrow();
    const movedWeek = isoWeekOf(todayIn(new Date(moved.starts_at)));
    const param = `${movedWeek.year}-W${String(movedWeek.week).padStart(2, "0")}`;
    const { $ } = await getPage(`${server.url}/places/soder?week=${param}`);
    expect(text($, ".week")).toContain("Flyttat: Stora rummet används för stormöte");
  });

  it("answers a malformed week with 400 in the site's layout", async () => {
    const { status, $ } = await getPage(`${server.url}/places/soder?week=2026-W99`);
    expect(status).toBe(400);
    expect(text($, "h1")).toBe("Felaktig förfrågan");
    expect($("header nav")).toHaveLength(1);
  });

  it("answers an unknown place with a 404 page in the site's layout", async () => {
    const { status, $ } = await getPage(`${server.url}/places/nope`);
    expect(status).toBe(404);
    expect(text($, "h1")).toBe("Sidan finns inte");
    expect($("header nav a[href='/']")).toHaveLength(1);
    expect($("a[href='/']").last().text()).toBe("Till veckans program");
  });
});

describe("/activities/:slug", () => {
  it("describes the activity: organiser, where, audience, languages, how to take part, next dates", async () => {
    const { $ } = await getPage(`${server.url}/activities/malarkurs`);
    expect(text($, "h1")).toBe("Målarkurs med Fyra färger");
    const facts = text($, ".facts-list");
    expect(facts).toContain("Arrangör Fyra färger");
    expect(facts).toContain("@Söder, Stora rummet");
    expect(facts).toContain("För vem Familjer");
    expect(facts).toContain("Svenska och Arabiska");
    expect(facts).toContain("Anmälan till hela kursen, alla tillfällen. 12 platser.");
    expect(facts).toContain("Varje onsdag, 17:00–19:00");
    expect($(".date-list li").length).toBeGreaterThan(3);
    expect(text($, ".date-list li:first-child")).toMatch(
      /^(mån|tis|ons|tors|fre|lör|sön) \d{1,2} \w{3} \d{2}:\d{2}–\d{2}:\d{2}/,
    );
  });

  it("shows a staff-run drop-in as needing no sign-up", async () => {
    const { $ } = await getPage(`${server.url}/activities/pratcafe`);
    expect(text($, ".facts-list")).toContain("Arrangör Bostadsbolagets personal");
    expect(text($, ".facts-list")).toContain("Ingen anmälan behövs");
    expect(text($, ".facts-list")).toContain("Varje tisdag och torsdag, 14:00–16:00");
  });

  it("says that an ended activity has ended and has no next dates", async () => {
    const { status, $ } = await getPage(`${server.url}/activities/laxhjalp`);
    expect(status).toBe(200);
    expect(text($, ".notice--ended")).toContain("Aktiviteten är avslutad");
    expect(text($, "main")).toContain("Inga kommande tillfällen är planerade.");
  });

  it("shows an outdoor activity at its free location in the area", async () => {
    const { $ } = await getPage(`${server.url}/activities/kvartersfika-dalhem`);
    expect(text($, ".facts-list")).toContain("Grillplatsen vid Brohult");
    expect(text($, ".facts-list")).toContain("Område: Dalhem");
    expect(text($, ".facts-list")).toContain("Den första torsdag i månaden");
  });

  it("hides drafts and activities awaiting approval", async () => {
    const now = toInstantString(new Date());
    const area = await server.db.selectFrom("areas").select("id").executeTakeFirstOrThrow();
    await server.db
      .insertInto("activities")
      .values({
        slug: "hemlig-utkast",
        title: "Hemligt utkast",
        category: "social",
        audience: "adults",
        organiser_kind: "staff",
        partner_id: null,
        area_id: area.id,
        place_id: null,
        room_id: null,
        location_name: "Någonstans",
        location_address: null,
        signup_mode: "none",
        capacity: null,
        status: "draft",
        status_reason: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    expect((await getPage(`${server.url}/activities/hemlig-utkast`)).status).toBe(404);
  });

  it("answers an unknown activity with 404", async () => {
    expect((await getPage(`${server.url}/activities/nope`)).status).toBe(404);
  });
});

describe("/activities/:slug/:occurrenceId", () => {
  it("shows one session with its Swedish date and time", async () => {
    const id = await occurrenceId("pratcafe");
    const { status, $ } = await getPage(`${server.url}/activities/pratcafe/${id}`);
    expect(status).toBe(200);
    expect(text($, "h1")).toMatch(/^Pratcafé (tis|tors) \d{1,2} \w{3} 14:00–16:00$/);
    expect(text($, ".facts-list")).toContain("@Söder, Stora rummet");
  });

  it("shows a cancelled session with its reason", async () => {
    const row = await server.db
      .selectFrom("occurrences")
      .select(["id"])
      .where("status", "=", "cancelled")
      .executeTakeFirstOrThrow();
    const { $ } = await getPage(`${server.url}/activities/malarkurs/${row.id}`);
    expect(text($, ".notice--cancelled")).toBe(
      "Inställt: Kursledaren är sjuk. Vi ses nästa vecka!",
    );
    expect($("h1 del")).toHaveLength(1);
  });

  it("answers 404 for another activity's session, a missing one and garbage", async () => {
    const id = await occurrenceId("pratcafe");
    expect((await getPage(`${server.url}/activities/malarkurs/${id}`)).status).toBe(404);
    expect((await getPage(`${server.url}/activities/pratcafe/999999`)).status).toBe(404);
    expect((await getPage(`${server.url}/activities/pratcafe/abc`)).status).toBe(404);
  });
});

describe("languages", () => {
  it("follows Accept-Language and sets <html lang>", async () => {
    const { $ } = await getPage(`${server.url}/`, {
      headers: { "Accept-Language": "en-GB,en;q=0.9" },
    });
    expect($("html").attr("lang")).toBe("en");
    expect(text($, "h1")).toBe("What's on this week");
    expect(text($, ".week-number")).toBe(`wk ${week}`);
  });

  it("switches with a plain form: the cookie wins and the visitor returns to the same page", async () => {
    const response = await fetch(`${server.url}/locale`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ locale: "en", returnTo: "/places/soder?week=2026-W49" }),
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/places/soder?week=2026-W49");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^lang=en;/);
    const { $ } = await getPage(`${server.url}/places/soder?week=2026-W49`, {
      headers: { Cookie: "lang=en", "Accept-Language": "sv" },
    });
    expect($("html").attr("lang")).toBe("en");
    expect(text($, ".hours")).toContain("Wednesday 10:00–20:00");
    expect(text($, ".week-heading__dates")).toBe("Mon 30 Nov – Sun 6 Dec 2026");
  });

  it("never redirects off the site after switching", async () => {
    for (const target of [
      "//evil.example",
      "https://evil.example",
      "/\\evil.example",
      "javascript:alert(1)",
    ]) {
      const response = await fetch(`${server.url}/locale`, {
        method: "POST",
        redirect: "manual",
        body: new URLSearchParams({ locale: "sv", returnTo: target }),
      });
      expect(response.headers.get("location")).toBe("/");
    }
  });

  it("refuses a cross-site POST", async () => {
    const response = await fetch(`${server.url}/locale`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: "https://evil.example" },
      body: new URLSearchParams({ locale: "en" }),
    });
    expect(response.status).toBe(403);
  });
});

it("refuses a cross-site POST to a resource route too", async () => {
  const response = await fetch(`${server.url}/healthz`, {
    method: "POST",
    headers: { Origin: "https://evil.example" },
  });
  expect(response.status).toBe(403);
});

describe("/healthz", () => {
  it("answers 200 with JSON when the database answers", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(await response.json()).toEqual({ status: "ok", database: "ok" });
  });
});

it("answers any unknown path with the 404 page", async () => {
  const { status, $ } = await getPage(`${server.url}/no/such/page`);
  expect(status).toBe(404);
  expect(text($, "h1")).toBe("Sidan finns inte");
});
