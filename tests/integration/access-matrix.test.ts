import { readdirSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toInstantString } from "~/domain/time";
import { loginAs } from "../support/login";
import { ROOT } from "../support/paths";
import { startTestServer, type TestServer } from "../support/test-server";

/**
 * Every staff and partner route, found from the route files so a new page cannot slip through,
 * requested as each kind of visitor. Roles are checked in loaders and actions, not only in the
 * menus: a partner typing a staff URL, or another partner's id, gets nothing.
 */
type Role = "anonymous" | "partnerA" | "partnerB" | "staff" | "admin";
const ROLES: Role[] = ["anonymous", "partnerA", "partnerB", "staff", "admin"];

const routeFiles = readdirSync(join(ROOT, "app/routes"))
  .filter((file) => /^(staff|partner)\./.test(file) && !/^(staff|partner)\.tsx$/.test(file))
  .sort();

let server: TestServer;
const cookies = new Map<Role, string | null>();
const params = new Map<string, string>();

function pathOf(file: string): string {
  const segments = file
    .replace(/\.tsx?$/, "")
    .replace(/\[(\.[a-z]+)\]/g, "$1")
    .split(".")
    .filter((segment) => segment !== "_index");
  const path = `/${segments.join("/")}`
    .replace(/\/(csv|ics)$/, ".$1")
    .replace(/\$([A-Za-z]+)/g, (_, name: string) => {
      const value = params.get(name);
      if (value === undefined) throw new Error(`No test value for :${name} in ${file}`);
      return value;
    });
  return path;
}

const adminOnly = (file: string) => file.startsWith("staff.users");
/** Partner routes about one thing of partner A's (B must not reach them). */
const aboutPartnerA = (file: string) => file.startsWith("partner.") && file.includes("$");

function expected(file: string, role: Role): "ok" | "login" | "forbidden" {
  if (role === "anonymous") return "login";
  if (file.startsWith("staff.")) {
    if (role === "partnerA" || role === "partnerB") return "forbidden";
    if (adminOnly(file) && role === "staff") return "forbidden";
    return "ok";
  }
  if (role === "staff" || role === "admin") return "forbidden";
  if (role === "partnerB" && aboutPartnerA(file)) return "forbidden";
  return "ok";
}

async function counts() {
  const tables = [
    "activities",
    "occurrences",
    "rsvps",
    "bookings",
    "users",
    "partners",
    "places",
    "areas",
    "proposals",
    "decisions",
    "attendance",
    "feed_sources",
  ];
  const result: Record<string, number> = {};
  for (const table of tables) {
    const row = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(
      server.db,
    );
    result[table] = Number(row.rows[0]?.n);
  }
  return result;
}

beforeAll(async () => {
  server = await startTestServer({
    env: { LOGIN_LIMIT_PER_IP: "1000", LOGIN_LIMIT_PER_EMAIL: "1000" },
  });
  const db = server.db;
  const stamp = toInstantString(new Date());
  // Partner B works at @Plantan only; partner A (Fyra färger) at @Söder.
  const plantan = await db
    .selectFrom("places")
    .select("id")
    .where("slug", "=", "plantan")
    .executeTakeFirstOrThrow();
  const { id: partnerB } = await db
    .insertInto("partners")
    .values({
      slug: "partner-b",
      name: "Partner B",
      trusted: 0,
      website: null,
      email: null,
      created_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("partner_places")
    .values({ partner_id: partnerB, place_id: plantan.id })
    .execute();
  await db
    .insertInto("users")
    .values({
      email: "b@example.org",
      name: "B",
      role: "partner",
      partner_id: partnerB,
      created_at: stamp,
    })
    .execute();

  const malarkurs = await db
    .selectFrom("activities")
    .select("id")
    .where("slug", "=", "malarkurs")
    .executeTakeFirstOrThrow();
  const session = await db
    .selectFrom("occurrences")
    .select("id")
    .where("activity_id", "=", malarkurs.id)
    .where("ends_at", "<", stamp)
    .orderBy("starts_at", "desc")
    .executeTakeFirstOrThrow();
  const room = await db
    .selectFrom("rooms as r")
    .innerJoin("places as p", "p.id", "r.place_id")
    .select("r.id")
    .where("p.slug", "=", "soder")
    .executeTakeFirstOrThrow();
  const soder = await db
    .selectFrom("places")
    .select("id")
    .where("slug", "=", "soder")
    .executeTakeFirstOrThrow();
  const fyra = await db
    .selectFrom("partners")
    .select("id")
    .where("slug", "=", "fyra-farger")
    .executeTakeFirstOrThrow();
  const staffUser = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", "staff@example.org")
    .executeTakeFirstOrThrow();
  const proposal = await db.selectFrom("proposals").select("id").executeTakeFirstOrThrow();
  params.set("activityId", String(malarkurs.id));
  params.set("occurrenceId", String(session.id));
  params.set("roomId", String(room.id));
  params.set("placeId", String(soder.id));
  params.set("partnerId", String(fyra.id));
  params.set("userId", String(staffUser.id));
  params.set("proposalId", String(proposal.id));
  params.set("report", "weekly");
  params.set("bookingId", "1");

  cookies.set("anonymous", null);
  cookies.set("partnerA", await loginAs(server, "fyrafarger@example.org"));
  cookies.set("partnerB", await loginAs(server, "b@example.org"));
  cookies.set("staff", await loginAs(server, "staff@example.org"));
  cookies.set("admin", await loginAs(server, "admin@example.org"));
});
afterAll(async () => {
  await server?.stop();
});

describe("role × route matrix", () => {
  it("finds the staff and partner routes", () => {
    expect(routeFiles.length).toBeGreaterThan(20);
  });

  it.each(routeFiles)("GET %s answers each role as it should", async (file) => {
    const path = pathOf(file);
    const answers: string[] = [];
    for (const role of ROLES) {
      const cookie = cookies.get(role);
      const response = await fetch(`${server.url}${path}`, {
        redirect: "manual",
        headers: cookie ? { Cookie: cookie } : {},
      });
      await response.arrayBuffer();
      const want = expected(file, role);
      const got =
        response.status === 302 &&
        (response.headers.get("location") ?? "").startsWith("/login?redirectTo=")
          ? "login"
          : response.status === 403 || response.status === 404
            ? "forbidden"
            : response.status === 200
              ? "ok"
              : `status ${response.status}`;
      answers.push(`${role}: ${got}${got === want ? "" : ` (wanted ${want})`}`);
    }
    expect(
      answers.filter((answer) => answer.includes("wanted")),
      `${path}\n${answers.join("\n")}`,
    ).toEqual([]);
  });

  it.each(routeFiles)("POST %s changes nothing for those without access", async (file) => {
    const path = pathOf(file);
    for (const role of ROLES) {
      if (expected(file, role) === "ok") continue;
      const before = await counts();
      const cookie = cookies.get(role);
      const response = await fetch(`${server.url}${path}`, {
        method: "POST",
        redirect: "manual",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          ...(cookie ? { Cookie: cookie } : {}),
        },
        body: new URLSearchParams({
          intent: "add",
          status: "published",
          name: "x",
          title: "x",
          partnerId: "1",
        }),
      });
      await response.arrayBuffer();
      expect([302, 403, 404, 405], `${role} POST ${path}`).toContain(response.status);
      if (response.status === 302)
        expect(response.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
      expect(await counts(), `${role} POST ${path}`).toEqual(before);
    }
  });
});
