import type { Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // When a sign-up lost its personal data; the counts stay for the reports.
  await db.schema.alterTable("rsvps").addColumn("anonymised_at", "text").execute();
  // Which sign-up a mail is about, so erasing one sign-up can take its mails with it.
  await db.schema
    .alterTable("outbox")
    .addColumn("rsvp_id", "integer", (col) => col.references("rsvps.id").onDelete("set null"))
    .execute();

  // What was erased, for whom (as a keyed hash, never the address itself), so an erasure can be
  // applied again to a database restored from a backup taken before it.
  await db.schema
    .createTable("erasures")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("subject_hash", "text", (col) => col.notNull())
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("requested_by", "text", (col) => col.notNull())
    .addColumn("receipt", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("erasures_subject").on("erasures").column("subject_hash").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("erasures").execute();
  await db.schema.alterTable("outbox").dropColumn("rsvp_id").execute();
  await db.schema.alterTable("rsvps").dropColumn("anonymised_at").execute();
}
