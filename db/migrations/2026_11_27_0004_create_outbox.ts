import { sql, type Kysely } from "kysely";

// Mail is written here in the same transaction as the change it reports, and delivered after
// commit by the mail worker, so a crash or an SMTP outage never loses it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("outbox")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("to_address", "text", (col) => col.notNull())
    .addColumn("locale", "text", (col) => col.notNull())
    .addColumn("subject", "text", (col) => col.notNull())
    .addColumn("text_body", "text", (col) => col.notNull())
    .addColumn("html_body", "text")
    .addColumn("ics", "text")
    .addColumn("status", "text", (col) =>
      col
        .notNull()
        .defaultTo("pending")
        .check(sql`status in ('pending', 'sending', 'sent', 'failed')`),
    )
    .addColumn("attempts", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (col) => col.notNull())
    // While a worker holds a claim; a claim that runs out belongs to a worker that died.
    .addColumn("locked_until", "text")
    .addColumn("last_error", "text")
    .addColumn("sent_at", "text")
    // Fixed at enqueue, so every retry of the same mail carries the same Message-ID.
    .addColumn("message_id", "text", (col) => col.notNull().unique())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addCheckConstraint(
      "outbox_sending_locked",
      sql`(status = 'sending') = (locked_until is not null)`,
    )
    .execute();
  await db.schema
    .createIndex("outbox_status_next_attempt_at")
    .on("outbox")
    .columns(["status", "next_attempt_at"])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("outbox").execute();
}
