import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WeeklySchedule } from "~/domain/recurrence";
import { toInstantString } from "~/domain/time";
import { saveSchedule } from "~/models/schedules.server";
import { openDatabase, type DB } from "~/utils/db.server";
import { freshDatabase } from "../support/test-server";

let db: DB;
let file: string;
let activityId: number;

const weekly = (startTime: string, endTime: string, weekdays = [2]): WeeklySchedule => ({
  kind: "weekly",
  intervalWeeks: 1,
  weekdays,
  startDate: "2027-01-05",
  endDate: "2027-03-30",
  startTime,
  endTime,
});
const before = new Date("2027-01-01T00:00:00Z");

beforeAll(async () => {
  file = freshDatabase("empty");
  db = openDatabase(file);
  const stamp = toInstantString(before);
  const area = await db
    .insertInto("areas")
    .values({ slug: "soder", name: "Söder", created_at: stamp })
    .returning("id")
    .executeTakeFirstOrThrow();
  const activity = await db
    .insertInto("activities")
    .values({
      slug: "schack",
      title: "Schackklubb",
      category: "social",
      audience: "everyone",
      organiser_kind: "staff",
      partner_id: null,
      area_id: area.id,
      place_id: null,
      room_id: null,
      location_name: "Biblioteket",
      location_address: null,
      signup_mode: "none",
      capacity: null,
      status: "published",
      status_reason: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  activityId = activity.id;
});
afterAll(async () => {
  await db.destroy();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
});

const sessions = () =>
  db
    .selectFrom("occurrences")
    .select(["id", "scheduled_date", "starts_at", "status", "cancel_reason", "moved", "sequence"])
    .where("activity_id", "=", activityId)
    .orderBy("scheduled_date")
    .execute();

describe("saving a schedule to the database", () => {
  it("creates one row per session", async () => {
    await saveSchedule(db, activityId, weekly("18:00", "20:00"), before);
    const rows = await sessions();
    expect(rows).toHaveLength(13);
    expect(rows[0]).toMatchObject({
      scheduled_date: "2027-01-05",
      starts_at: "2027-01-05T17:00:00Z",
    });
    // Summer time begins on 28 March 2027: 18:00 local is 16:00 UTC on the 30th.
    expect(rows.at(-1)).toMatchObject({
      scheduled_date: "2027-03-30",
      starts_at: "2027-03-30T16:00:00Z",
    });
  });

  it("keeps a cancellation and a move when the time changes, and never duplicates a session", async () => {
    const [, second, third] = await sessions();
    await db
      .updateTable("occurrences")
      .set({ status: "cancelled", cancel_reason: "Lokalen är stängd" })
      .where("id", "=", second.id)
      .execute();
    await db
      .updateTable("occurrences")
      .set({
        starts_at: "2027-01-20T17:00:00Z",
        ends_at: "2027-01-20T19:00:00Z",
        moved: 1,
        move_reason: "Flyttad till onsdag",
      })
      .where("id", "=", third.id)
      .execute();

    await saveSchedule(db, activityId, weekly("17:30", "19:30"), before);
    await saveSchedule(db, activityId, weekly("17:30", "19:30"), before);

    const rows = await sessions();
    expect(rows).toHaveLength(13);
    expect(new Set(rows.map((row) => row.scheduled_date)).size).toBe(13);
    const byDate = new Map(rows.map((row) => [row.scheduled_date, row]));
    expect(byDate.get("2027-01-05")).toMatchObject({
      starts_at: "2027-01-05T16:30:00Z",
      status: "scheduled",
      sequence: 1,
    });
    expect(byDate.get("2027-01-12")).toMatchObject({
      status: "cancelled",
      cancel_reason: "Lokalen är stängd",
    });
    expect(byDate.get("2027-01-19")).toMatchObject({ starts_at: "2027-01-20T17:00:00Z", moved: 1 });
  });

  it("removes future dates dropped from the schedule and leaves sessions that have started alone", async () => {
    const midway = new Date("2027-02-10T00:00:00Z");
    await saveSchedule(
      db,
      activityId,
      { ...weekly("17:30", "19:30"), endDate: "2027-02-28" },
      midway,
    );
    const rows = await sessions();
    expect(rows.map((row) => row.scheduled_date)).toEqual([
      "2027-01-05",
      "2027-01-12",
      "2027-01-19",
      "2027-01-26",
      "2027-02-02",
      "2027-02-09",
      "2027-02-16",
      "2027-02-23",
    ]);
    const schedules = await db
      .selectFrom("schedules")
      .select("end_date")
      .where("activity_id", "=", activityId)
      .execute();
    expect(schedules).toEqual([{ end_date: "2027-02-28" }]);
  });
});
