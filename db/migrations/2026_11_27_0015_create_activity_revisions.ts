import { sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // A partner's change to an activity the public already sees: the published version stays as it
  // is until staff approve the change, so the public never sees unreviewed text.
  await db.schema
    .createTable("activity_revisions")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("activity_id", "integer", (col) =>
      col.notNull().references("activities.id").onDelete("cascade"),
    )
    // Set null: removing a partner's user must not remove the history of what was decided.
    .addColumn("submitted_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    // JSON: the proposed form fields ({"details": {...}, "schedule": {...}}), checked again on approval.
    .addColumn("data", "text", (col) => col.notNull())
    .addColumn("status", "text", (col) =>
      col.notNull().check(sql`status in ('pending', 'approved', 'declined')`),
    )
    .addColumn("decline_reason", "text")
    .addColumn("decided_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addCheckConstraint(
      "activity_revisions_declined_reason",
      sql`status <> 'declined' or decline_reason is not null`,
    )
    .execute();
  // At most one waiting change per activity: a second edit is merged into the first.
  await db.schema
    .createIndex("activity_revisions_one_pending")
    .on("activity_revisions")
    .column("activity_id")
    .unique()
    .where(sql.ref("status"), "=", "pending")
    .execute();
  await db.schema
    .createIndex("activity_revisions_activity")
    .on("activity_revisions")
    .columns(["activity_id", "created_at"])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("activity_revisions").execute();
}
