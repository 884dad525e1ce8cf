import { sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Time to clear up and air the room between two uses; a booking must keep this far from others.
  await db.schema
    .alterTable("rooms")
    .addColumn("buffer_minutes", "integer", (col) =>
      col
        .notNull()
        .defaultTo(15)
        .check(sql`buffer_minutes between 0 and 240`),
    )
    .execute();

  // A room reserved for a time span. A repeated request is one row per date sharing series_id,
  // so one date can be cancelled on its own while the series is decided as a whole.
  await db.schema
    .createTable("bookings")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    // No cascade: a room with bookings is kept, so the history of who used it stays.
    .addColumn("room_id", "integer", (col) => col.notNull().references("rooms.id"))
    // Null for staff's own bookings.
    .addColumn("partner_id", "integer", (col) => col.references("partners.id"))
    .addColumn("requested_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    // Private: shown to staff and the partner, never on public pages.
    .addColumn("purpose", "text", (col) => col.notNull())
    .addColumn("starts_at", "text", (col) => col.notNull())
    .addColumn("ends_at", "text", (col) => col.notNull())
    .addColumn("status", "text", (col) =>
      col.notNull().check(sql`status in ('pending', 'approved', 'declined', 'cancelled')`),
    )
    .addColumn("decline_reason", "text")
    .addColumn("series_id", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .addColumn("decided_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "text")
    .addCheckConstraint("bookings_order", sql`starts_at < ends_at`)
    .execute();
  await db.schema
    .createIndex("bookings_room_starts_at")
    .on("bookings")
    .columns(["room_id", "starts_at"])
    .execute();
  await db.schema
    .createIndex("bookings_partner_starts_at")
    .on("bookings")
    .columns(["partner_id", "starts_at"])
    .execute();
  await db.schema.createIndex("bookings_series").on("bookings").column("series_id").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("bookings").execute();
  await db.schema.alterTable("rooms").dropColumn("buffer_minutes").execute();
}
