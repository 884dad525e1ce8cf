import { sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("activities")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("slug", "text", (col) => col.notNull().unique())
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("summary", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("description", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("category", "text", (col) => col.notNull())
    .addColumn("audience", "text", (col) => col.notNull())
    .addColumn("organiser_kind", "text", (col) =>
      col.notNull().check(sql`organiser_kind in ('staff', 'partner')`),
    )
    .addColumn("partner_id", "integer", (col) => col.references("partners.id"))
    // Every activity belongs to an area; a place (and room) when it is held indoors at one,
    // otherwise a free location in the area such as an outdoor courtyard.
    .addColumn("area_id", "integer", (col) => col.notNull().references("areas.id"))
    .addColumn("place_id", "integer", (col) => col.references("places.id"))
    .addColumn("room_id", "integer", (col) => col.references("rooms.id"))
    .addColumn("location_name", "text")
    .addColumn("location_address", "text")
    .addColumn("signup_mode", "text", (col) =>
      col.notNull().check(sql`signup_mode in ('none', 'session', 'course')`),
    )
    .addColumn("capacity", "integer", (col) => col.check(sql`capacity is null or capacity > 0`))
    .addColumn("ask_party_size", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("status", "text", (col) =>
      col.notNull().check(sql`status in ('draft', 'pending', 'published', 'cancelled', 'ended')`),
    )
    .addColumn("status_reason", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .addCheckConstraint(
      "activities_partner_organiser",
      sql`(organiser_kind = 'partner') = (partner_id is not null)`,
    )
    .addCheckConstraint("activities_where", sql`place_id is not null or location_name is not null`)
    .execute();
  await db.schema.createIndex("activities_place_id").on("activities").column("place_id").execute();
  await db.schema.createIndex("activities_area_id").on("activities").column("area_id").execute();
  await db.schema
    .createIndex("activities_partner_id")
    .on("activities")
    .column("partner_id")
    .execute();

  await db.schema
    .createTable("activity_languages")
    .addColumn("activity_id", "integer", (col) =>
      col.notNull().references("activities.id").onDelete("cascade"),
    )
    .addColumn("language", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("activity_languages_pk", ["activity_id", "language"])
    .execute();
  await db.schema
    .createIndex("activity_languages_language")
    .on("activity_languages")
    .columns(["language", "activity_id"])
    .execute();

  await db.schema
    .createTable("schedules")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("activity_id", "integer", (col) =>
      col.notNull().references("activities.id").onDelete("cascade"),
    )
    .addColumn("kind", "text", (col) =>
      col.notNull().check(sql`kind in ('once', 'weekly', 'monthly')`),
    )
    .addColumn("interval_weeks", "integer")
    .addColumn("weekdays", "text")
    .addColumn("nth", "integer")
    .addColumn("weekday", "integer")
    .addColumn("start_date", "text", (col) => col.notNull())
    .addColumn("end_date", "text", (col) => col.notNull())
    .addColumn("start_time", "text", (col) => col.notNull())
    .addColumn("end_time", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("schedules_activity_id")
    .on("schedules")
    .column("activity_id")
    .execute();

  // One row per session. scheduled_date is the date the schedule put it on and never changes,
  // so regenerating a series finds the same row even after staff moved or cancelled it.
  await db.schema
    .createTable("occurrences")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("activity_id", "integer", (col) =>
      col.notNull().references("activities.id").onDelete("cascade"),
    )
    .addColumn("schedule_id", "integer", (col) =>
      col.references("schedules.id").onDelete("set null"),
    )
    .addColumn("scheduled_date", "text", (col) => col.notNull())
    .addColumn("starts_at", "text", (col) => col.notNull())
    .addColumn("ends_at", "text", (col) => col.notNull())
    .addColumn("status", "text", (col) =>
      col
        .notNull()
        .defaultTo("scheduled")
        .check(sql`status in ('scheduled', 'cancelled')`),
    )
    .addColumn("cancel_reason", "text")
    .addColumn("moved", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("move_reason", "text")
    .addColumn("room_id", "integer", (col) => col.references("rooms.id"))
    .addColumn("location_name", "text")
    .addColumn("capacity", "integer", (col) => col.check(sql`capacity is null or capacity > 0`))
    // Goes up with every change of time, place or status (the iCal SEQUENCE).
    .addColumn("sequence", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .addUniqueConstraint("occurrences_activity_scheduled_date", ["activity_id", "scheduled_date"])
    .addCheckConstraint("occurrences_order", sql`starts_at < ends_at`)
    .execute();
  await db.schema
    .createIndex("occurrences_starts_at")
    .on("occurrences")
    .column("starts_at")
    .execute();
  await db.schema
    .createIndex("occurrences_activity_starts_at")
    .on("occurrences")
    .columns(["activity_id", "starts_at"])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["occurrences", "schedules", "activity_languages", "activities"]) {
    await db.schema.dropTable(table).execute();
  }
}
