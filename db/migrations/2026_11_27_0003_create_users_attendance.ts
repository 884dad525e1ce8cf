import { sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("email", "text", (col) => col.notNull().unique())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("role", "text", (col) =>
      col.notNull().check(sql`role in ('admin', 'staff', 'partner')`),
    )
    .addColumn("partner_id", "integer", (col) => col.references("partners.id"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addCheckConstraint("users_partner_role", sql`(role = 'partner') = (partner_id is not null)`)
    .execute();

  // What staff count at a session: a headcount with an optional breakdown.
  await db.schema
    .createTable("attendance")
    .addColumn("occurrence_id", "integer", (col) =>
      col.primaryKey().references("occurrences.id").onDelete("cascade"),
    )
    .addColumn("headcount", "integer", (col) => col.notNull().check(sql`headcount >= 0`))
    .addColumn("children", "integer")
    .addColumn("youth", "integer")
    .addColumn("adults", "integer")
    .addColumn("seniors", "integer")
    .addColumn("first_timers", "integer")
    .addColumn("note", "text")
    .addColumn("recorded_by", "integer", (col) => col.references("users.id"))
    .addColumn("recorded_at", "text", (col) => col.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("attendance").execute();
  await db.schema.dropTable("users").execute();
}
