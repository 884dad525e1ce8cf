import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSchedule } from "~/models/schedules.server";
import { addWeeks, formatIsoWeek, isoWeekOf, todayIn, toInstantString } from "~/domain/time";
import { getPage, text } from "../support/html";
import { startTestServer, type TestServer } from "../support/test-server";

// The server runs in New York time on purpose: what a person sees must not depend on it.
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { TZ: "America/New_York" } });
  const stamp = toInstantString(new Date());
  const place = await server.db
    .selectFrom("places")
    .select(["id", "area_id"])
    .where("slug", "=", "soder")
    .executeTakeFirstOrThrow();
  const { id } = await server.db
    .insertInto("activities")
    .values({
      slug: "sondagsfika",
      title: "Söndagsfika",
      category: "social",
      audience: "everyone",
      organiser_kind: "staff",
      partner_id: null,
      area_id: place.area_id,
      place_id: place.id,
      room_id: null,
      location_name: null,
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
  await saveSchedule(
    server.db,
    id,
    {
      kind: "weekly",
      intervalWeeks: 1,
      weekdays: [2, 7],
      startDate: "2026-03-01",
      endDate: "2026-11-30",
      startTime: "14:00",
      endTime: "16:00",
    },
    new Date("2026-02-01T00:00:00Z"),
    new Date(0),
  );
});
afterAll(async () => {
  await server?.stop();
});

async function fikaTimes(week: string) {
  const { status, $ } = await getPage(`${server.url}/places/soder?week=${week}`);
  expect(status).toBe(200);
  return $(".week > li")
    .toArray()
    .flatMap((day) =>
      $(day)
        .find(".session")
        .toArray()
        .filter((session) => $(session).find(".session__title").text() === "Söndagsfika")
        .map(
          (session) =>
            `${$(day).find("h3 time").text()} ${$(session).find(".session__time").text()}`,
        ),
    );
}

describe("a week view across daylight saving", () => {
  it("shows 14:00 both before and on the Sunday clocks go forward (2026-W13)", async () => {
    expect(await fikaTimes("2026-W13")).toEqual([
      "tisdag 24 mars 14:00–16:00",
      "söndag 29 mars 14:00–16:00",
    ]);
  });

  it("shows 14:00 on the Sunday clocks go back (2026-W43) and in the week after (2026-W44)", async () => {
    expect(await fikaTimes("2026-W43")).toEqual([
      "tisdag 20 oktober 14:00–16:00",
      "söndag 25 oktober 14:00–16:00",
    ]);
    expect(await fikaTimes("2026-W44")).toEqual([
      "tisdag 27 oktober 14:00–16:00",
      "söndag 1 november 14:00–16:00",
    ]);
  });

  it("stores the instants unambiguously in UTC", async () => {
    const rows = await server.db
      .selectFrom("occurrences")
      .select(["scheduled_date", "starts_at"])
      .where("scheduled_date", "in", ["2026-03-24", "2026-03-29", "2026-10-25", "2026-11-01"])
      .orderBy("scheduled_date")
      .execute();
    expect(rows).toEqual([
      { scheduled_date: "2026-03-24", starts_at: "2026-03-24T13:00:00Z" },
      { scheduled_date: "2026-03-29", starts_at: "2026-03-29T12:00:00Z" },
      { scheduled_date: "2026-10-25", starts_at: "2026-10-25T13:00:00Z" },
      { scheduled_date: "2026-11-01", starts_at: "2026-11-01T13:00:00Z" },
    ]);
  });

  it("shows the demo's past sessions at their local times (four weeks ago)", async () => {
    const week = formatIsoWeek(addWeeks(isoWeekOf(todayIn(new Date())), -4));
    const { $ } = await getPage(`${server.url}/places/soder?week=${week}`);
    expect(text($, ".week")).toContain("Pratcafé");
    const times = $(".session__time")
      .map((_, el) => $(el).text())
      .get();
    expect(times).toEqual(expect.arrayContaining(["14:00–16:00", "17:00–19:00"]));
  });
});
