import { sql, type Kysely } from "kysely";

// Try, evaluate, decide: a trial activity has a turnout target and a review date, and staff
// record what they decided about it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("activities")
    .addColumn("is_trial", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
  // Average visitors per session that would make the trial a success.
  await db.schema.alterTable("activities").addColumn("trial_target", "real").execute();
  await db.schema.alterTable("activities").addColumn("review_date", "text").execute();

  await db.schema
    .createTable("decisions")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("activity_id", "integer", (col) =>
      col.notNull().references("activities.id").onDelete("cascade"),
    )
    .addColumn("decision", "text", (col) =>
      col.notNull().check(sql`decision in ('continue', 'adjust', 'end')`),
    )
    .addColumn("reason", "text", (col) => col.notNull())
    .addColumn("decided_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("decisions_activity")
    .on("decisions")
    .columns(["activity_id", "decided_at"])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("decisions").execute();
  for (const column of ["review_date", "trial_target", "is_trial"]) {
    await db.schema.alterTable("activities").dropColumn(column).execute();
  }
}
