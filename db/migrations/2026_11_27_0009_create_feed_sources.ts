import { sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // A partner's external calendar (an ICS URL), imported as activities at one place.
  await db.schema
    .createTable("feed_sources")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("partner_id", "integer", (col) => col.notNull().references("partners.id"))
    .addColumn("place_id", "integer", (col) => col.notNull().references("places.id"))
    .addColumn("room_id", "integer", (col) => col.references("rooms.id"))
    .addColumn("url", "text", (col) => col.notNull())
    // Only active sources are fetched on the schedule; an inactive one keeps its history.
    .addColumn("active", "integer", (col) => col.notNull().defaultTo(1))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .addColumn("last_run_at", "text")
    // The same calendar registered twice would import every activity twice.
    .addUniqueConstraint("feed_sources_partner_place_url", ["partner_id", "place_id", "url"])
    .execute();

  // One row per import run, failed or not, for the staff page.
  await db.schema
    .createTable("feed_runs")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("feed_source_id", "integer", (col) =>
      col.notNull().references("feed_sources.id").onDelete("cascade"),
    )
    .addColumn("started_at", "text", (col) => col.notNull())
    .addColumn("finished_at", "text", (col) => col.notNull())
    .addColumn("outcome", "text", (col) => col.notNull().check(sql`outcome in ('ok', 'error')`))
    .addColumn("created_count", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("updated_count", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("cancelled_count", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("skipped_count", "integer", (col) => col.notNull().defaultTo(0))
    // A short message for staff, never a stack trace.
    .addColumn("error", "text")
    .execute();
  await db.schema
    .createIndex("feed_runs_source_started_at")
    .on("feed_runs")
    .columns(["feed_source_id", "started_at"])
    .execute();

  // Imported activities remember where they came from: the source and the event's UID there.
  await db.schema
    .alterTable("activities")
    .addColumn("source_id", "integer", (col) =>
      col.references("feed_sources.id").onDelete("set null"),
    )
    .execute();
  await db.schema.alterTable("activities").addColumn("source_uid", "text").execute();
  await db.schema
    .createIndex("activities_source_uid")
    .on("activities")
    .columns(["source_id", "source_uid"])
    .unique()
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("activities_source_uid").execute();
  await db.schema.alterTable("activities").dropColumn("source_uid").execute();
  await db.schema.alterTable("activities").dropColumn("source_id").execute();
  await db.schema.dropTable("feed_runs").execute();
  await db.schema.dropTable("feed_sources").execute();
}
