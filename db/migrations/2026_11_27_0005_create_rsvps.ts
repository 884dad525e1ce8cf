import { sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // What the sign-up form asks, per activity: staff choose (the youth group takes first names only).
  await db.schema
    .alterTable("activities")
    .addColumn("first_name_only", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("activities")
    .addColumn("require_email", "integer", (col) => col.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable("activities")
    .addColumn("require_phone", "integer", (col) => col.notNull().defaultTo(0))
    .execute();

  // One sign-up: for one session (occurrence_id set) or for a whole course (occurrence_id null).
  await db.schema
    .createTable("rsvps")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("activity_id", "integer", (col) => col.notNull().references("activities.id"))
    .addColumn("occurrence_id", "integer", (col) => col.references("occurrences.id"))
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("email", "text")
    .addColumn("phone", "text")
    .addColumn("adults", "integer", (col) => col.notNull().check(sql`adults >= 0`))
    .addColumn("children", "integer", (col) => col.notNull().check(sql`children >= 0`))
    .addColumn("party_size", "integer", (col) => col.notNull().check(sql`party_size >= 1`))
    .addColumn("note", "text")
    .addColumn("locale", "text", (col) => col.notNull())
    .addColumn("status", "text", (col) =>
      col.notNull().check(sql`status in ('confirmed', 'waitlisted', 'cancelled')`),
    )
    // The manage link's token is HMAC(SESSION_SECRET, token_nonce): the database alone cannot
    // rebuild it, yet later mails (promoted, moved) can carry the same link. Looked up by hash.
    .addColumn("token_nonce", "text", (col) => col.notNull())
    .addColumn("token_hash", "text", (col) => col.notNull().unique())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .addColumn("promoted_at", "text")
    .addColumn("cancelled_at", "text")
    .addCheckConstraint("rsvps_party", sql`party_size = adults + children`)
    .execute();
  await db.schema
    .createIndex("rsvps_occurrence_status")
    .on("rsvps")
    .columns(["occurrence_id", "status", "id"])
    .execute();
  await db.schema
    .createIndex("rsvps_activity_status")
    .on("rsvps")
    .columns(["activity_id", "status", "id"])
    .execute();
  // The same email signs up once per session (or course) while the sign-up is active.
  await sql`create unique index rsvps_one_per_email on rsvps (activity_id, coalesce(occurrence_id, 0), email) where email is not null and status <> 'cancelled'`.execute(
    db,
  );

  // Which day-before reminders went out, so the job never sends one twice.
  await db.schema
    .createTable("rsvp_reminders")
    .addColumn("rsvp_id", "integer", (col) =>
      col.notNull().references("rsvps.id").onDelete("cascade"),
    )
    .addColumn("occurrence_id", "integer", (col) =>
      col.notNull().references("occurrences.id").onDelete("cascade"),
    )
    .addColumn("created_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("rsvp_reminders_pk", ["rsvp_id", "occurrence_id"])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rsvp_reminders").execute();
  await db.schema.dropTable("rsvps").execute();
  for (const column of ["require_phone", "require_email", "first_name_only"]) {
    await db.schema.alterTable("activities").dropColumn(column).execute();
  }
}
