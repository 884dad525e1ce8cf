import { rmSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { migrateToLatest } from "#db/migrate";
import { DEMO_LOGINS, seedDemo, seedDemoIfEmpty } from "#db/seed/demo";
import { addDays, isoWeekMonday, isoWeekOf, todayIn, utcToZoned, zonedToUtc } from "~/domain/time";
import { openDatabase, type DB } from "~/utils/db.server";
import { TMP } from "../support/paths";

const opened: { db: DB; file: string }[] = [];

async function migratedDb() {
  const file = join(TMP, `seed-${randomUUID()}.db`);
  const db = openDatabase(file);
  opened.push({ db, file });
  await migrateToLatest(db);
  return db;
}

afterEach(async () => {
  for (const { db, file } of opened.splice(0)) {
    await db.destroy();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  }
});

async function dump(db: DB) {
  const tables = [
    "areas",
    "places",
    "place_hours",
    "rooms",
    "partners",
    "partner_places",
    "activities",
    "activity_languages",
    "schedules",
    "occurrences",
    "attendance",
    "users",
  ] as const;
  const result: Record<string, unknown[]> = {};
  for (const table of tables) result[table] = await db.selectFrom(table).selectAll().execute();
  return result;
}

/** Weekly visitor totals at @Söder, by ISO week (Monday–Sunday, Stockholm time). */
async function soderWeeks(db: DB) {
  const rows = await db
    .selectFrom("attendance as at")
    .innerJoin("occurrences as o", "o.id", "at.occurrence_id")
    .innerJoin("activities as a", "a.id", "o.activity_id")
    .innerJoin("places as p", "p.id", "a.place_id")
    .select(["o.starts_at", "at.headcount"])
    .where("p.slug", "=", "soder")
    .execute();
  const weeks = new Map<string, number>();
  for (const row of rows) {
    const week = isoWeekOf(utcToZoned(new Date(row.starts_at)).date);
    const key = `${week.year}-W${week.week}`;
    weeks.set(key, (weeks.get(key) ?? 0) + row.headcount);
  }
  return weeks;
}

describe("migrations", () => {
  it("running them twice changes nothing", async () => {
    const db = await migratedDb();
    const schema = () =>
      sql<{ sql: string }>`select sql from sqlite_master order by name`.execute(db);
    const before = (await schema()).rows;
    expect(await migrateToLatest(db)).toEqual([]);
    expect((await schema()).rows).toEqual(before);
  });

  it("turn on WAL and foreign keys", async () => {
    const db = await migratedDb();
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
    const keys = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
    expect(mode.rows[0].journal_mode).toBe("wal");
    expect(keys.rows[0].foreign_keys).toBe(1);
  });
});

describe("the demo", () => {
  const now = new Date("2026-11-27T10:00:00Z");

  it("is the same every time for the same day", async () => {
    const a = await migratedDb();
    const b = await migratedDb();
    await seedDemo(a, now);
    await seedDemo(b, now);
    expect(await dump(a)).toEqual(await dump(b));
  });

  it("is seeded only into an empty database", async () => {
    const db = await migratedDb();
    expect(await seedDemoIfEmpty(db, now)).toBe(true);
    expect(await seedDemoIfEmpty(db, now)).toBe(false);
    const areas = await db
      .selectFrom("areas")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    expect(areas.n).toBe(6);
  });

  it("holds the places, rooms, partners, activities and logins of the product brief", async () => {
    const db = await migratedDb();
    await seedDemo(db, now);
    const slugs = (await db.selectFrom("activities").select("slug").orderBy("slug").execute()).map(
      (r) => r.slug,
    );
    expect(slugs).toEqual([
      "familjedag",
      "kvartersfika-dalhem",
      "laxhjalp",
      "malarkurs",
      "pizzatavling",
      "pratcafe",
      "ungdomsgruppen",
    ]);
    const rooms = await db
      .selectFrom("rooms as r")
      .innerJoin("places as p", "p.id", "r.place_id")
      .select(["r.name", "r.capacity"])
      .where("p.slug", "=", "soder")
      .orderBy("r.capacity", "desc")
      .execute();
    expect(rooms).toEqual([
      { name: "Stora rummet", capacity: 40 },
      { name: "Köket", capacity: 12 },
      { name: "Studierummet", capacity: 8 },
    ]);
    const partners = await db.selectFrom("partners").select("name").orderBy("name").execute();
    expect(partners.map((p) => p.name)).toEqual([
      "Fyra färger",
      "Helsingborgs bibliotek",
      "Inva-Sam",
      "Palestinska kvinnoföreningen",
      "Stadsdelsmammorna",
      "Studiefrämjandet",
    ]);
    const users = await db.selectFrom("users").select(["email", "role"]).orderBy("email").execute();
    expect(users).toEqual(
      [...DEMO_LOGINS]
        .map(({ email, role }) => ({ email, role }))
        .sort((x, y) => x.email.localeCompare(y.email)),
    );
    const malarkurs = await db
      .selectFrom("activities")
      .selectAll()
      .where("slug", "=", "malarkurs")
      .executeTakeFirstOrThrow();
    expect([malarkurs.signup_mode, malarkurs.capacity]).toEqual(["course", 12]);
    const familjedag = await db
      .selectFrom("activities")
      .selectAll()
      .where("slug", "=", "familjedag")
      .executeTakeFirstOrThrow();
    expect([familjedag.signup_mode, familjedag.capacity, familjedag.ask_party_size]).toEqual([
      "session",
      300,
      1,
    ]);
    const laxhjalp = await db
      .selectFrom("activities")
      .selectAll()
      .where("slug", "=", "laxhjalp")
      .executeTakeFirstOrThrow();
    expect(laxhjalp.status).toBe("ended");
  });

  it("has sessions from 12 weeks back to 26 weeks ahead", async () => {
    const db = await migratedDb();
    await seedDemo(db, now);
    const monday = isoWeekMonday(isoWeekOf(todayIn(now)));
    const range = await db
      .selectFrom("occurrences")
      .select([sql<string>`min(starts_at)`.as("first"), sql<string>`max(starts_at)`.as("last")])
      .executeTakeFirstOrThrow();
    expect(
      range.first >= zonedToUtc(addDays(monday, -84), "00:00").toISOString().slice(0, 19),
    ).toBe(true);
    expect(utcToZoned(new Date(range.first)).date < addDays(monday, -77)).toBe(true);
    expect(utcToZoned(new Date(range.last)).date >= addDays(monday, 7 * 25)).toBe(true);
    expect(utcToZoned(new Date(range.last)).date < addDays(monday, 7 * 26)).toBe(true);
  });

  it.each([
    ["a Friday", "2026-11-27T10:00:00Z"],
    ["a Tuesday evening", "2026-12-01T18:00:00Z"],
    ["a Monday morning", "2027-03-29T07:00:00Z"],
  ])(
    "counts 100–130 visitors a week at @Söder, and no more in a half-finished week (%s)",
    async (_, at) => {
      const when = new Date(at);
      const db = await migratedDb();
      await seedDemo(db, when);
      const weeks = await soderWeeks(db);
      const current = isoWeekOf(todayIn(when));
      const currentKey = `${current.year}-W${current.week}`;
      const full = [...weeks].filter(([key]) => key !== currentKey);
      expect(full).toHaveLength(12);
      for (const [week, total] of full) {
        expect(total, week).toBeGreaterThanOrEqual(100);
        expect(total, week).toBeLessThanOrEqual(130);
      }
      expect(weeks.get(currentKey) ?? 0).toBeLessThanOrEqual(130);
    },
  );

  it("counts about 30 visitors per block coffee morning", async () => {
    const db = await migratedDb();
    await seedDemo(db, now);
    const average = await db
      .selectFrom("attendance as at")
      .innerJoin("occurrences as o", "o.id", "at.occurrence_id")
      .innerJoin("activities as a", "a.id", "o.activity_id")
      .select([sql<number>`avg(at.headcount)`.as("average"), sql<number>`count(*)`.as("sessions")])
      .where("a.slug", "=", "kvartersfika-dalhem")
      .executeTakeFirstOrThrow();
    expect(average.sessions).toBeGreaterThanOrEqual(2);
    expect(average.average).toBeGreaterThanOrEqual(26);
    expect(average.average).toBeLessThanOrEqual(34);
  });

  it("records attendance only on sessions that have happened and were not cancelled", async () => {
    const db = await migratedDb();
    await seedDemo(db, now);
    const wrong = await db
      .selectFrom("attendance as at")
      .innerJoin("occurrences as o", "o.id", "at.occurrence_id")
      .select("o.id")
      .where((eb) =>
        eb.or([eb("o.ends_at", ">", "2026-11-27T10:00:00Z"), eb("o.status", "=", "cancelled")]),
      )
      .execute();
    expect(wrong).toEqual([]);
  });
});
