import type { Kysely } from "kysely";

// Attendance on a phone: who of those signed up came (check-ins), and how many came without
// signing up (walk-ins, a count: we keep no names of people who did not give them to us).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Part of the headcount, never more than it; the application checks that.
  await db.schema
    .alterTable("attendance")
    .addColumn("walk_ins", "integer", (col) => col.notNull().defaultTo(0))
    .execute();

  // One row per sign-up and session: a course sign-up is checked in session by session.
  await db.schema
    .createTable("checkins")
    .addColumn("rsvp_id", "integer", (col) =>
      col.notNull().references("rsvps.id").onDelete("cascade"),
    )
    .addColumn("occurrence_id", "integer", (col) =>
      col.notNull().references("occurrences.id").onDelete("cascade"),
    )
    .addColumn("checked_in_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("checkins_pk", ["rsvp_id", "occurrence_id"])
    .execute();
  await db.schema
    .createIndex("checkins_occurrence")
    .on("checkins")
    .column("occurrence_id")
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("checkins").execute();
  await db.schema.alterTable("attendance").dropColumn("walk_ins").execute();
}
