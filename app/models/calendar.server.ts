import { sql } from "kysely";
import type { Audience, Category } from "#db/schema";
import type { DB } from "~/utils/db.server";

/** Activities the public may see; drafts and those awaiting approval stay hidden. */
export const PUBLIC_STATUSES = ["published", "ended", "cancelled"] as const;

export type SessionFilters = {
  area?: string;
  place?: string;
  audience?: Audience;
  category?: Category;
  language?: string;
};

export type SessionRow = Awaited<ReturnType<typeof listSessions>>[number];

/** Public sessions starting in [from, to), with what a calendar needs to show them. */
export async function listSessions(
  db: DB,
  range: { from: string; to: string },
  filters: SessionFilters = {},
) {
  let query = db
    .selectFrom("occurrences as o")
    .innerJoin("activities as a", "a.id", "o.activity_id")
    .innerJoin("areas as ar", "ar.id", "a.area_id")
    .leftJoin("places as p", "p.id", "a.place_id")
    .leftJoin("rooms as r", (join) => join.on("r.id", "=", sql`coalesce(o.room_id, a.room_id)`))
    .select([
      "o.id",
      "o.starts_at",
      "o.ends_at",
      "o.scheduled_date",
      "o.status",
      "o.cancel_reason",
      "o.moved",
      "o.move_reason",
      "a.slug as activity_slug",
      "a.title",
      "a.summary",
      "a.category",
      "a.audience",
      "a.signup_mode",
      "a.status as activity_status",
      "ar.slug as area_slug",
      "ar.name as area_name",
      "p.slug as place_slug",
      "p.name as place_name",
      "r.name as room_name",
      sql<string | null>`coalesce(o.location_name, a.location_name)`.as("location_name"),
    ])
    .where("a.status", "in", PUBLIC_STATUSES)
    .where("o.starts_at", ">=", range.from)
    .where("o.starts_at", "<", range.to);

  if (filters.area) query = query.where("ar.slug", "=", filters.area);
  if (filters.place) query = query.where("p.slug", "=", filters.place);
  if (filters.audience) query = query.where("a.audience", "=", filters.audience);
  if (filters.category) query = query.where("a.category", "=", filters.category);
  const language = filters.language;
  if (language) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("activity_languages as l")
          .select("l.activity_id")
          .whereRef("l.activity_id", "=", "a.id")
          .where("l.language", "=", language),
      ),
    );
  }
  return query.orderBy("o.starts_at").orderBy("a.title").execute();
}

export async function listAreas(db: DB) {
  return db.selectFrom("areas").select(["id", "slug", "name"]).orderBy("name").execute();
}

export async function listPlaces(db: DB) {
  return db
    .selectFrom("places as p")
    .innerJoin("areas as ar", "ar.id", "p.area_id")
    .select([
      "p.id",
      "p.slug",
      "p.name",
      "p.street_address",
      "p.postal_code",
      "p.city",
      "p.description",
      "ar.name as area_name",
      "ar.slug as area_slug",
    ])
    .orderBy("p.name")
    .execute();
}

/** Languages spoken at some public activity, for the filter. */
export async function listLanguagesInUse(db: DB) {
  const rows = await db
    .selectFrom("activity_languages as l")
    .innerJoin("activities as a", "a.id", "l.activity_id")
    .select("l.language")
    .distinct()
    .where("a.status", "in", PUBLIC_STATUSES)
    .orderBy("l.language")
    .execute();
  return rows.map((row) => row.language);
}

export async function getPlace(db: DB, slug: string) {
  const place = await db
    .selectFrom("places as p")
    .innerJoin("areas as ar", "ar.id", "p.area_id")
    .selectAll("p")
    .select(["ar.name as area_name", "ar.slug as area_slug"])
    .where("p.slug", "=", slug)
    .executeTakeFirst();
  if (!place) return undefined;
  const [hours, rooms, partners] = await Promise.all([
    db
      .selectFrom("place_hours")
      .select(["weekday", "opens", "closes"])
      .where("place_id", "=", place.id)
      .orderBy("weekday")
      .orderBy("opens")
      .execute(),
    db
      .selectFrom("rooms")
      .select(["id", "name", "capacity", "description", "accessibility"])
      .where("place_id", "=", place.id)
      .orderBy("capacity", "desc")
      .execute(),
    db
      .selectFrom("partners as pa")
      .innerJoin("partner_places as pp", "pp.partner_id", "pa.id")
      .select(["pa.slug", "pa.name"])
      .where("pp.place_id", "=", place.id)
      .orderBy("pa.name")
      .execute(),
  ]);
  return { ...place, hours, rooms, partners };
}

export async function getActivity(db: DB, slug: string) {
  const activity = await db
    .selectFrom("activities as a")
    .innerJoin("areas as ar", "ar.id", "a.area_id")
    .leftJoin("places as p", "p.id", "a.place_id")
    .leftJoin("rooms as r", "r.id", "a.room_id")
    .leftJoin("partners as pa", "pa.id", "a.partner_id")
    .selectAll("a")
    .select([
      "ar.name as area_name",
      "ar.slug as area_slug",
      "p.slug as place_slug",
      "p.name as place_name",
      "p.street_address as place_address",
      "r.name as room_name",
      "pa.name as partner_name",
      "pa.slug as partner_slug",
    ])
    .where("a.slug", "=", slug)
    .where("a.status", "in", PUBLIC_STATUSES)
    .executeTakeFirst();
  if (!activity) return undefined;
  const [languages, schedule] = await Promise.all([
    db
      .selectFrom("activity_languages")
      .select("language")
      .where("activity_id", "=", activity.id)
      .orderBy("language")
      .execute(),
    db
      .selectFrom("schedules")
      .selectAll()
      .where("activity_id", "=", activity.id)
      .executeTakeFirst(),
  ]);
  return { ...activity, languages: languages.map((row) => row.language), schedule };
}

export type ActivityDetail = NonNullable<Awaited<ReturnType<typeof getActivity>>>;

export async function listActivitySessions(
  db: DB,
  activityId: number,
  range: { from: string; limit: number },
) {
  return db
    .selectFrom("occurrences as o")
    .leftJoin("rooms as r", "r.id", "o.room_id")
    .select([
      "o.id",
      "o.starts_at",
      "o.ends_at",
      "o.scheduled_date",
      "o.status",
      "o.cancel_reason",
      "o.moved",
      "o.move_reason",
      "o.location_name",
      "r.name as room_name",
    ])
    .where("o.activity_id", "=", activityId)
    .where("o.ends_at", ">", range.from)
    .orderBy("o.starts_at")
    .limit(range.limit)
    .execute();
}

export async function getSession(db: DB, activityId: number, occurrenceId: number) {
  return db
    .selectFrom("occurrences as o")
    .leftJoin("rooms as r", "r.id", "o.room_id")
    .select([
      "o.id",
      "o.starts_at",
      "o.ends_at",
      "o.scheduled_date",
      "o.status",
      "o.cancel_reason",
      "o.moved",
      "o.move_reason",
      "o.location_name",
      "o.capacity",
      "r.name as room_name",
    ])
    .where("o.activity_id", "=", activityId)
    .where("o.id", "=", occurrenceId)
    .executeTakeFirst();
}
