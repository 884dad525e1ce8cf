import { load, type CheerioAPI } from "cheerio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPage, text } from "../support/html";
import { loginAs, postForm } from "../support/login";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let staff: string;
let admin: string;
let partner: string;
let staffId: number;
let adminId: number;

async function userId(email: string): Promise<number> {
  const row = await server.db
    .selectFrom("users")
    .select("id")
    .where("email", "=", email)
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  server = await startTestServer();
  staff = await loginAs(server, "staff@example.org");
  admin = await loginAs(server, "admin@example.org");
  partner = await loginAs(server, "fyrafarger@example.org");
  staffId = await userId("staff@example.org");
  adminId = await userId("admin@example.org");
});
afterAll(async () => {
  await server?.stop();
});

const open = (path: string, cookie: string | null) =>
  getPage(`${server.url}${path}`, { headers: cookie ? { Cookie: cookie } : {} });

/** A POST whose answer is a page (a 400 with the form); the body is parsed for checks. */
async function submit(path: string, cookie: string, fields: Record<string, string | string[]>) {
  const response = await postForm(server, path, cookie, fields);
  const html = await response.text();
  return { status: response.status, location: response.headers.get("location"), $: load(html) };
}

/** The message beside a field, tied to it for screen readers. */
function fieldError($: CheerioAPI, id: string): string {
  const input = $(`#${id}`);
  expect(input.length, `no field #${id}`).toBe(1);
  expect(input.attr("aria-invalid")).toBe("true");
  expect(input.attr("aria-describedby")?.split(" ")).toContain(`${id}-error`);
  return $(`#${id}-error`).text();
}

async function latestAudit(entity: string, entityId: number) {
  return server.db
    .selectFrom("audit_log")
    .selectAll()
    .where("entity", "=", entity)
    .where("entity_id", "=", entityId)
    .orderBy("id", "desc")
    .executeTakeFirst();
}

async function placeBySlug(slug: string) {
  return server.db
    .selectFrom("places")
    .selectAll()
    .where("slug", "=", slug)
    .executeTakeFirstOrThrow();
}

const count = async (table: "areas" | "places" | "rooms" | "partners" | "users") =>
  Number(
    (
      await server.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("who may use the staff pages", () => {
  const staffPages = [
    "/staff/areas",
    "/staff/places",
    "/staff/places/new",
    "/staff/places/1",
    "/staff/partners",
    "/staff/partners/new",
    "/staff/partners/1",
  ];
  const adminPages = ["/staff/users", "/staff/users/new", "/staff/users/1"];

  it("sends a visitor who is not logged in to the login page and back", async () => {
    for (const path of [...staffPages, ...adminPages]) {
      const { status, response } = await open(path, null);
      expect(status, path).toBe(302);
      expect(response.headers.get("location")).toBe(
        `/login?redirectTo=${encodeURIComponent(path)}`,
      );
    }
    const posted = await postForm(server, "/staff/areas", null, {
      intent: "create",
      name: "Smygområdet",
    });
    expect(posted.status).toBe(302);
    expect(posted.headers.get("location")).toBe("/login?redirectTo=%2Fstaff%2Fareas");
    expect(
      await server.db.selectFrom("areas").where("name", "=", "Smygområdet").selectAll().execute(),
    ).toHaveLength(0);
  });

  it("refuses a partner member every page and every change", async () => {
    for (const path of [...staffPages, ...adminPages]) {
      const { status } = await open(path, partner);
      expect(status, path).toBe(403);
    }
    const areas = await count("areas");
    const posts: [string, Record<string, string>][] = [
      ["/staff/areas", { intent: "create", name: "Partnerområdet" }],
      ["/staff/places/new", { name: "X", areaId: "1", streetAddress: "Gatan 1" }],
      ["/staff/places/1", { intent: "room-add", name: "Partnerrummet", capacity: "5" }],
      ["/staff/partners/new", { name: "Partnerpartnern" }],
      ["/staff/partners/1", { name: "Kapad" }],
      ["/staff/users/new", { email: "x@example.org", name: "X", role: "admin" }],
    ];
    for (const [path, fields] of posts) {
      const response = await postForm(server, path, partner, fields);
      expect(response.status, path).toBe(403);
    }
    expect(await count("areas")).toBe(areas);
  });

  it("lets staff manage areas, places and partners but not users", async () => {
    for (const path of staffPages) {
      const { status } = await open(path, staff);
      expect(status, path).toBe(200);
    }
    for (const path of adminPages) {
      const { status } = await open(path, staff);
      expect(status, path).toBe(403);
    }
    const users = await count("users");
    const created = await postForm(server, "/staff/users/new", staff, {
      email: "smyg@example.org",
      name: "Smyg",
      role: "admin",
      partnerId: "",
    });
    expect(created.status).toBe(403);
    const promoted = await postForm(server, `/staff/users/${staffId}`, staff, {
      intent: "save",
      email: "staff@example.org",
      name: "Personal",
      role: "admin",
      partnerId: "",
    });
    expect(promoted.status).toBe(403);
    const logout = await postForm(server, `/staff/users/${adminId}`, staff, {
      intent: "logout-everywhere",
    });
    expect(logout.status).toBe(403);
    expect(await count("users")).toBe(users);
    const me = await server.db
      .selectFrom("users")
      .select("role")
      .where("id", "=", staffId)
      .executeTakeFirstOrThrow();
    expect(me.role).toBe("staff");
  });

  it("answers 404 for a place, partner or user that does not exist", async () => {
    expect((await open("/staff/places/99999", staff)).status).toBe(404);
    expect((await open("/staff/places/abc", staff)).status).toBe(404);
    expect((await open("/staff/partners/99999", staff)).status).toBe(404);
    expect((await open("/staff/users/99999", admin)).status).toBe(404);
  });
});

describe("areas", () => {
  it("refuses a bad or taken slug and an empty name beside the fields, and stores nothing", async () => {
    const before = await count("areas");
    const bad = await submit("/staff/areas", staff, {
      intent: "create",
      name: "Norra hamnen",
      slug: "norra hamnen!",
    });
    expect(bad.status).toBe(400);
    expect(fieldError(bad.$, "new-area-slug")).toContain("Använd bara a–z");
    expect(bad.$("#new-area-slug").attr("value")).toBe("norra hamnen!");
    expect(bad.$("#new-area-name").attr("value")).toBe("Norra hamnen");
    expect(text(bad.$, ".error-summary")).toContain("Något behöver rättas");

    const taken = await submit("/staff/areas", staff, {
      intent: "create",
      name: "X",
      slug: "soder",
    });
    expect(taken.status).toBe(400);
    expect(fieldError(taken.$, "new-area-slug")).toContain("används redan");

    const empty = await submit("/staff/areas", staff, { intent: "create", name: " ", slug: "" });
    expect(empty.status).toBe(400);
    expect(fieldError(empty.$, "new-area-name")).toContain("Fyll i");
    expect(await count("areas")).toBe(before);
  });

  it("creates an area with a slug made from its name, and logs who did it", async () => {
    const { status, location } = await submit("/staff/areas", staff, {
      intent: "create",
      name: "Norra Hamnen",
      slug: "",
    });
    expect(status).toBe(302);
    expect(location).toBe("/staff/areas?saved=1");
    const area = await server.db
      .selectFrom("areas")
      .selectAll()
      .where("slug", "=", "norra-hamnen")
      .executeTakeFirstOrThrow();
    expect(area.name).toBe("Norra Hamnen");
    const page = await open(location ?? "", staff);
    expect(text(page.$, ".notice")).toContain("Sparat.");
    expect(page.$(`#area-${area.id}-name`).attr("value")).toBe("Norra Hamnen");
    const logged = await latestAudit("area", area.id);
    expect(logged).toMatchObject({ user_id: staffId, action: "create" });
  });

  it("renames an area, but not to nothing", async () => {
    const area = await server.db
      .selectFrom("areas")
      .selectAll()
      .where("slug", "=", "narlunda")
      .executeTakeFirstOrThrow();
    const bad = await submit("/staff/areas", staff, {
      intent: "rename",
      areaId: String(area.id),
      name: "",
    });
    expect(bad.status).toBe(400);
    expect(fieldError(bad.$, `area-${area.id}-name`)).toContain("Fyll i");
    expect((await placeArea(area.id)).name).toBe("Närlunda");

    const good = await submit("/staff/areas", staff, {
      intent: "rename",
      areaId: String(area.id),
      name: "Närlunda centrum",
    });
    expect(good.status).toBe(302);
    expect((await placeArea(area.id)).name).toBe("Närlunda centrum");
    expect((await placeArea(area.id)).slug).toBe("narlunda");
    expect(await latestAudit("area", area.id)).toMatchObject({
      user_id: staffId,
      action: "update",
    });
  });
});

const placeArea = (id: number) =>
  server.db.selectFrom("areas").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("places", () => {
  it("refuses a new place without address or area, with messages beside the fields", async () => {
    const before = await count("places");
    const { status, $ } = await submit("/staff/places/new", staff, {
      name: "@Hamnen",
      slug: "",
      areaId: "",
      streetAddress: "",
      postalCode: "12",
      city: "Helsingborg",
      description: "",
      accessibility: "",
    });
    expect(status).toBe(400);
    expect(fieldError($, "place-area")).toContain("Välj");
    expect(fieldError($, "place-street")).toContain("Fyll i");
    expect(fieldError($, "place-postal-code")).toContain("fem siffror");
    expect($("#place-name").attr("value")).toBe("@Hamnen");
    expect($("#place-city").attr("value")).toBe("Helsingborg");
    expect(await count("places")).toBe(before);
  });

  it("creates a place and shows it on the public pages", async () => {
    const area = await server.db
      .selectFrom("areas")
      .select("id")
      .where("slug", "=", "dalhem")
      .executeTakeFirstOrThrow();
    const { status, location } = await submit("/staff/places/new", staff, {
      name: "@Hamnen",
      slug: "",
      areaId: String(area.id),
      streetAddress: "Hamntorget 1",
      postalCode: "25225",
      city: "Helsingborg",
      description: "Nytt vid vattnet.",
      accessibility: "Ramp vid entrén.",
    });
    expect(status).toBe(302);
    const place = await placeBySlug("hamnen");
    expect(location).toBe(`/staff/places/${place.id}?saved=1`);
    expect(place).toMatchObject({ area_id: area.id, postal_code: "252 25", city: "Helsingborg" });
    expect(await latestAudit("place", place.id)).toMatchObject({
      user_id: staffId,
      action: "create",
    });
    const page = await open(location ?? "", staff);
    expect(text(page.$, ".notice")).toContain("Sparat.");
    const publicPage = await open("/places/hamnen", null);
    expect(publicPage.status).toBe(200);
    expect(text(publicPage.$, "address")).toContain("Hamntorget 1 252 25 Helsingborg");
  });

  it("edits a place's details, refusing a slug another place has", async () => {
    const soder = await placeBySlug("soder");
    const fields = {
      intent: "details",
      name: soder.name,
      slug: "plantan",
      areaId: String(soder.area_id),
      streetAddress: "Håkan Lundbergs gata 3",
      postalCode: soder.postal_code,
      city: soder.city,
      description: soder.description,
      accessibility: soder.accessibility,
    };
    const taken = await submit(`/staff/places/${soder.id}`, staff, fields);
    expect(taken.status).toBe(400);
    expect(fieldError(taken.$, "place-slug")).toContain("används redan");
    expect(taken.$("#place-street").attr("value")).toBe("Håkan Lundbergs gata 3");
    expect((await placeBySlug("soder")).street_address).toBe(soder.street_address);

    const saved = await submit(`/staff/places/${soder.id}`, staff, { ...fields, slug: "soder" });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/staff/places/${soder.id}?saved=1`);
    const after = await placeBySlug("soder");
    expect(after.street_address).toBe("Håkan Lundbergs gata 3");
    expect(after.updated_at > soder.updated_at).toBe(true);
    expect(await latestAudit("place", soder.id)).toMatchObject({
      user_id: staffId,
      action: "update",
    });
  });

  const week = (overrides: Record<string, string | string[]> = {}) => ({
    intent: "hours",
    "opens-1": "10:00",
    "closes-1": "18:00",
    "opens-2": "10:00",
    "closes-2": "18:00",
    "opens-3": "10:00",
    "closes-3": "20:00",
    "opens-4": "10:00",
    "closes-4": "18:00",
    "opens-5": "10:00",
    "closes-5": "15:00",
    "opens-6": "",
    "closes-6": "",
    "opens-7": "",
    "closes-7": "",
    closed: ["6", "7"],
    ...overrides,
  });

  const hoursOf = (placeId: number) =>
    server.db
      .selectFrom("place_hours")
      .select(["weekday", "opens", "closes"])
      .where("place_id", "=", placeId)
      .orderBy("weekday")
      .execute();

  it("refuses opening hours that close before they open, or are not times", async () => {
    const soder = await placeBySlug("soder");
    const before = await hoursOf(soder.id);
    const { status, $ } = await submit(
      `/staff/places/${soder.id}`,
      staff,
      week({
        "opens-1": "18:00",
        "closes-1": "09:00",
        "opens-2": "25:00",
        "closes-6": "",
        closed: ["7"],
      }),
    );
    expect(status).toBe(400);
    expect(fieldError($, "closes-1")).toContain("senare än öppningstiden");
    expect(fieldError($, "opens-2")).toContain("TT:MM");
    expect(fieldError($, "opens-6")).toContain("kryssa i Stängt");
    expect($("#opens-1").attr("value")).toBe("18:00");
    expect($("#closed-6").attr("checked")).toBeUndefined();
    expect($("#closed-7").attr("checked")).toBeDefined();
    expect(await hoursOf(soder.id)).toEqual(before);
  });

  it("saves opening hours, and the public page shows them", async () => {
    const soder = await placeBySlug("soder");
    const { status } = await submit(
      `/staff/places/${soder.id}`,
      staff,
      week({
        "opens-1": "9.30",
        "closes-1": "17:00",
        "opens-6": "11:00",
        "closes-6": "14:00",
        closed: ["7"],
      }),
    );
    expect(status).toBe(302);
    const hours = await hoursOf(soder.id);
    expect(hours).toHaveLength(6);
    expect(hours[0]).toEqual({ weekday: 1, opens: "09:30", closes: "17:00" });
    expect(hours[5]).toEqual({ weekday: 6, opens: "11:00", closes: "14:00" });
    expect((await placeBySlug("soder")).updated_at >= soder.updated_at).toBe(true);
    expect(await latestAudit("place", soder.id)).toMatchObject({
      user_id: staffId,
      summary: expect.stringContaining("mån 09:30–17:00"),
    });
    const publicPage = await open("/places/soder", null);
    const shown = text(publicPage.$, ".hours");
    expect(shown).toContain("måndag 09:30–17:00");
    expect(shown).toContain("lördag 11:00–14:00");
    expect(shown).toContain("söndag Stängt");
  });

  it("refuses a room capacity that is not a whole number from 1 to 1000", async () => {
    const soder = await placeBySlug("soder");
    const rooms = await count("rooms");
    for (const capacity of ["0", "-1", "1.5", "abc", "5000", ""]) {
      const { status, $ } = await submit(`/staff/places/${soder.id}`, staff, {
        intent: "room-add",
        name: "Ateljén",
        capacity,
      });
      expect(status, capacity).toBe(400);
      expect(fieldError($, "new-room-capacity")).toContain("heltal från 1 till 1000");
      expect($("#new-room-capacity").attr("value")).toBe(capacity);
    }
    const taken = await submit(`/staff/places/${soder.id}`, staff, {
      intent: "room-add",
      name: "köket",
      capacity: "5",
    });
    expect(taken.status).toBe(400);
    expect(fieldError(taken.$, "new-room-name")).toContain("redan en lokal");
    expect(await count("rooms")).toBe(rooms);
  });

  it("adds, edits and removes a room, and the public page shows it", async () => {
    const soder = await placeBySlug("soder");
    const added = await submit(`/staff/places/${soder.id}`, staff, {
      intent: "room-add",
      name: "Ateljén",
      capacity: "15",
    });
    expect(added.status).toBe(302);
    const room = await server.db
      .selectFrom("rooms")
      .selectAll()
      .where("place_id", "=", soder.id)
      .where("name", "=", "Ateljén")
      .executeTakeFirstOrThrow();
    expect(room.capacity).toBe(15);
    expect(await latestAudit("room", room.id)).toMatchObject({
      user_id: staffId,
      action: "create",
    });
    expect(text((await open("/places/soder", null)).$, "#rooms-title + ul")).toContain(
      "Ateljén, 15 personer",
    );

    const bad = await submit(`/staff/places/${soder.id}`, staff, {
      intent: "room-update",
      roomId: String(room.id),
      name: "Ateljén",
      capacity: "1001",
    });
    expect(bad.status).toBe(400);
    expect(fieldError(bad.$, `room-${room.id}-capacity`)).toContain("heltal från 1 till 1000");

    const edited = await submit(`/staff/places/${soder.id}`, staff, {
      intent: "room-update",
      roomId: String(room.id),
      name: "Målarateljén",
      capacity: "18",
    });
    expect(edited.status).toBe(302);
    expect(text((await open("/places/soder", null)).$, "#rooms-title + ul")).toContain(
      "Målarateljén, 18 personer",
    );
    expect(await latestAudit("room", room.id)).toMatchObject({
      user_id: staffId,
      action: "update",
    });

    const removed = await submit(`/staff/places/${soder.id}`, staff, {
      intent: "room-remove",
      roomId: String(room.id),
    });
    expect(removed.status).toBe(302);
    expect(
      await server.db.selectFrom("rooms").select("id").where("id", "=", room.id).execute(),
    ).toHaveLength(0);
    expect(await latestAudit("room", room.id)).toMatchObject({
      user_id: staffId,
      action: "delete",
    });
  });

  it("keeps a room an activity uses, and says why", async () => {
    const used = await server.db
      .selectFrom("rooms as r")
      .innerJoin("activities as a", "a.room_id", "r.id")
      .select(["r.id", "r.place_id", "r.name"])
      .executeTakeFirstOrThrow();
    const page = await open(`/staff/places/${used.place_id}`, staff);
    expect(page.$(".cards").text()).toContain("kan inte tas bort");

    const { status, $ } = await submit(`/staff/places/${used.place_id}`, staff, {
      intent: "room-remove",
      roomId: String(used.id),
    });
    expect(status).toBe(400);
    expect($(`#room-${used.id}-remove-error`).text()).toContain("kan inte tas bort");
    expect(
      await server.db.selectFrom("rooms").select("id").where("id", "=", used.id).execute(),
    ).toHaveLength(1);
  });

  it("does not touch a room of another place", async () => {
    const soder = await placeBySlug("soder");
    const plantanRoom = await server.db
      .selectFrom("rooms as r")
      .innerJoin("places as p", "p.id", "r.place_id")
      .select(["r.id", "r.capacity"])
      .where("p.slug", "=", "plantan")
      .executeTakeFirstOrThrow();
    const response = await postForm(server, `/staff/places/${soder.id}`, staff, {
      intent: "room-update",
      roomId: String(plantanRoom.id),
      name: "Kapad",
      capacity: "3",
    });
    expect(response.status).toBe(404);
    const after = await server.db
      .selectFrom("rooms")
      .select("capacity")
      .where("id", "=", plantanRoom.id)
      .executeTakeFirstOrThrow();
    expect(after.capacity).toBe(plantanRoom.capacity);
  });
});

describe("partners", () => {
  const placeIds = async (...slugs: string[]) =>
    (await server.db.selectFrom("places").select("id").where("slug", "in", slugs).execute()).map(
      (row) => String(row.id),
    );

  it("refuses a website that is not http(s) and a bad email, keeping the ticked boxes", async () => {
    const before = await count("partners");
    const ticked = await placeIds("soder");
    for (const website of ["ftp://schack.example.se", "javascript:alert(1)", "https://"]) {
      const { status, $ } = await submit("/staff/partners/new", staff, {
        name: "Hamnens schackklubb",
        slug: "",
        description: "",
        website,
        email: "schack@",
        trusted: "on",
        placeIds: ticked,
      });
      expect(status, website).toBe(400);
      expect(fieldError($, "partner-website")).toContain("https://");
      expect(fieldError($, "partner-email")).toContain("e-postadress");
      expect($("#partner-website").attr("value")).toBe(website);
      expect($("#partner-trusted").attr("checked")).toBeDefined();
      expect($(`#partner-place-${ticked[0]}`).attr("checked")).toBeDefined();
    }
    expect(await count("partners")).toBe(before);
  });

  it("creates a trusted partner with the places it works with", async () => {
    const ids = await placeIds("soder", "plantan");
    const { status, location } = await submit("/staff/partners/new", staff, {
      name: "Hamnens schackklubb",
      slug: "",
      description: "Schack för alla åldrar.",
      website: "schack.example.se",
      email: "Schack@Example.org",
      trusted: "on",
      placeIds: ids,
    });
    expect(status).toBe(302);
    const partnerRow = await server.db
      .selectFrom("partners")
      .selectAll()
      .where("slug", "=", "hamnens-schackklubb")
      .executeTakeFirstOrThrow();
    expect(location).toBe(`/staff/partners/${partnerRow.id}?saved=1`);
    expect(partnerRow).toMatchObject({
      trusted: 1,
      website: "https://schack.example.se",
      email: "schack@example.org",
    });
    const links = await server.db
      .selectFrom("partner_places")
      .select("place_id")
      .where("partner_id", "=", partnerRow.id)
      .execute();
    expect(links.map((link) => String(link.place_id)).sort()).toEqual([...ids].sort());
    expect(await latestAudit("partner", partnerRow.id)).toMatchObject({
      user_id: staffId,
      action: "create",
    });
    const page = await open(location ?? "", staff);
    expect(text(page.$, ".notice")).toContain("Sparat.");
    expect(page.$("#partner-trusted").attr("checked")).toBeDefined();
    for (const id of ids) expect(page.$(`#partner-place-${id}`).attr("checked")).toBeDefined();
    expect(text((await open("/places/plantan", null)).$, "#partners-title + ul")).toContain(
      "Hamnens schackklubb",
    );
  });

  it("edits a partner: no longer trusted, one place fewer; a taken slug is refused", async () => {
    const row = await server.db
      .selectFrom("partners")
      .selectAll()
      .where("slug", "=", "hamnens-schackklubb")
      .executeTakeFirstOrThrow();
    const soderOnly = await placeIds("soder");
    const fields = {
      name: row.name,
      slug: "fyra-farger",
      description: row.description,
      website: row.website ?? "",
      email: row.email ?? "",
      placeIds: soderOnly,
    };
    const taken = await submit(`/staff/partners/${row.id}`, staff, fields);
    expect(taken.status).toBe(400);
    expect(fieldError(taken.$, "partner-slug")).toContain("används redan");
    expect(taken.$("#partner-trusted").attr("checked")).toBeUndefined();
    expect(
      (
        await server.db
          .selectFrom("partners")
          .select("trusted")
          .where("id", "=", row.id)
          .executeTakeFirstOrThrow()
      ).trusted,
    ).toBe(1);

    const saved = await submit(`/staff/partners/${row.id}`, staff, { ...fields, slug: row.slug });
    expect(saved.status).toBe(302);
    const after = await server.db
      .selectFrom("partners")
      .selectAll()
      .where("id", "=", row.id)
      .executeTakeFirstOrThrow();
    expect(after.trusted).toBe(0);
    const links = await server.db
      .selectFrom("partner_places")
      .select("place_id")
      .where("partner_id", "=", row.id)
      .execute();
    expect(links.map((link) => String(link.place_id))).toEqual(soderOnly);
    expect(await latestAudit("partner", row.id)).toMatchObject({
      user_id: staffId,
      action: "update",
      summary: expect.stringContaining("inte längre betrodd"),
    });
  });
});

describe("users (admins only)", () => {
  const fyraFarger = async () =>
    String(
      (
        await server.db
          .selectFrom("partners")
          .select("id")
          .where("slug", "=", "fyra-farger")
          .executeTakeFirstOrThrow()
      ).id,
    );

  it("refuses a partner role without a partner, a partner for staff and a taken address", async () => {
    const before = await count("users");
    const noPartner = await submit("/staff/users/new", admin, {
      email: "anna@example.org",
      name: "Anna",
      role: "partner",
      partnerId: "",
    });
    expect(noPartner.status).toBe(400);
    expect(fieldError(noPartner.$, "user-partner")).toContain("Välj vilken samarbetspartner");
    expect(noPartner.$("#user-role option[selected]").attr("value")).toBe("partner");

    const staffWithPartner = await submit("/staff/users/new", admin, {
      email: "anna@example.org",
      name: "Anna",
      role: "staff",
      partnerId: await fyraFarger(),
    });
    expect(staffWithPartner.status).toBe(400);
    expect(fieldError(staffWithPartner.$, "user-partner")).toContain("Bara rollen Partner");

    const taken = await submit("/staff/users/new", admin, {
      email: "STAFF@example.org",
      name: "Dubblett",
      role: "staff",
      partnerId: "",
    });
    expect(taken.status).toBe(400);
    expect(fieldError(taken.$, "user-email")).toContain("finns redan");
    expect(taken.$("#user-email").attr("value")).toBe("STAFF@example.org");

    const badEmail = await submit("/staff/users/new", admin, {
      email: "anna",
      name: "",
      role: "owner",
      partnerId: "",
    });
    expect(badEmail.status).toBe(400);
    expect(fieldError(badEmail.$, "user-email")).toContain("e-postadress");
    expect(fieldError(badEmail.$, "user-name")).toContain("Fyll i");
    expect(fieldError(badEmail.$, "user-role")).toContain("Välj en roll");
    expect(await count("users")).toBe(before);
  });

  it("creates a partner member with a lowercased address, who can then log in", async () => {
    const partnerId = await fyraFarger();
    const { status, location } = await submit("/staff/users/new", admin, {
      email: "  Nadia.Nilsson@Example.org ",
      name: "Nadia Nilsson",
      role: "partner",
      partnerId,
    });
    expect(status).toBe(302);
    const user = await server.db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", "nadia.nilsson@example.org")
      .executeTakeFirstOrThrow();
    expect(location).toBe(`/staff/users/${user.id}?saved=1`);
    expect(user).toMatchObject({ role: "partner", partner_id: Number(partnerId) });
    expect(await latestAudit("user", user.id)).toMatchObject({
      user_id: adminId,
      action: "create",
    });
    const list = await open("/staff/users", admin);
    expect(text(list.$, "table")).toContain("Nadia Nilsson nadia.nilsson@example.org Partner");

    const cookie = await loginAs(server, "nadia.nilsson@example.org");
    expect((await open("/partner", cookie)).status).toBe(200);
    expect((await open("/staff/areas", cookie)).status).toBe(403);
  });

  it("changes a role, and logs a user out everywhere", async () => {
    const user = await server.db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", "nadia.nilsson@example.org")
      .executeTakeFirstOrThrow();
    const cookie = await loginAs(server, user.email);
    const saved = await submit(`/staff/users/${user.id}`, admin, {
      intent: "save",
      email: user.email,
      name: user.name,
      role: "staff",
      partnerId: "",
    });
    expect(saved.status).toBe(302);
    expect(
      await server.db
        .selectFrom("users")
        .select(["role", "partner_id"])
        .where("id", "=", user.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ role: "staff", partner_id: null });
    expect((await open("/staff/areas", cookie)).status).toBe(200);

    const out = await submit(`/staff/users/${user.id}`, admin, { intent: "logout-everywhere" });
    expect(out.status).toBe(302);
    expect((await open("/staff/areas", cookie)).status).toBe(302);
    expect(await latestAudit("user", user.id)).toMatchObject({
      user_id: adminId,
      action: "logout-everywhere",
    });
    const page = await open(out.location ?? "", admin);
    expect(text(page.$, ".notice")).toContain("Utloggad överallt");
  });

  it("does not let an admin remove their own admin role", async () => {
    const { status, $ } = await submit(`/staff/users/${adminId}`, admin, {
      intent: "save",
      email: "admin@example.org",
      name: "Admin",
      role: "staff",
      partnerId: "",
    });
    expect(status).toBe(400);
    expect(fieldError($, "user-role")).toContain("din egen administratörsroll");
    const me = await server.db
      .selectFrom("users")
      .select("role")
      .where("id", "=", adminId)
      .executeTakeFirstOrThrow();
    expect(me.role).toBe("admin");
  });
});
