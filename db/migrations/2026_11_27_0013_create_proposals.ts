import { sql, type Kysely } from "kysely";

// Residents' proposals (issue 7) and the safety survey figures staff set beside turnout.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("proposals")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("kind", "text", (col) =>
      col.notNull().check(sql`kind in ('activity', 'improvement')`),
    )
    .addColumn("text", "text", (col) => col.notNull())
    // Personal data: only staff pages show it, and staff can remove it.
    .addColumn("contact", "text")
    .addColumn("area_id", "integer", (col) => col.references("areas.id"))
    .addColumn("place_id", "integer", (col) => col.references("places.id"))
    // Gathered at this session (a coffee morning), when staff logged it for residents.
    .addColumn("occurrence_id", "integer", (col) =>
      col.references("occurrences.id").onDelete("set null"),
    )
    .addColumn("status", "text", (col) =>
      col
        .notNull()
        .defaultTo("new")
        .check(sql`status in ('new', 'planned', 'tried', 'declined')`),
    )
    .addColumn("decline_reason", "text")
    // Nothing a resident writes is published until staff have read it.
    .addColumn("is_public", "integer", (col) => col.notNull().defaultTo(0))
    // Kept in step with proposal_supports, so the public list needs no count per row.
    .addColumn("supports", "integer", (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`supports >= 0`),
    )
    .addColumn("activity_id", "integer", (col) =>
      col.references("activities.id").onDelete("set null"),
    )
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .addCheckConstraint("proposals_one_target", sql`(area_id is null) <> (place_id is null)`)
    .addCheckConstraint(
      "proposals_declined_reason",
      sql`status <> 'declined' or decline_reason is not null`,
    )
    .execute();
  await db.schema
    .createIndex("proposals_status_created")
    .on("proposals")
    .columns(["status", "created_at"])
    .execute();
  await db.schema
    .createIndex("proposals_public")
    .on("proposals")
    .columns(["is_public", "supports"])
    .execute();

  // One support per browser: the hash of a random cookie id, never an address or a name.
  await db.schema
    .createTable("proposal_supports")
    .addColumn("proposal_id", "integer", (col) =>
      col.notNull().references("proposals.id").onDelete("cascade"),
    )
    .addColumn("supporter_hash", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("proposal_supports_pk", ["proposal_id", "supporter_hash"])
    .execute();

  await db.schema
    .createTable("safety_surveys")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("area_id", "integer", (col) =>
      col.notNull().references("areas.id").onDelete("cascade"),
    )
    .addColumn("period_label", "text", (col) => col.notNull())
    // Local date "2022-12-31": the survey period ends here; it starts after the area's previous one.
    .addColumn("period_end", "text", (col) => col.notNull())
    .addColumn("share_safe", "real", (col) =>
      col.notNull().check(sql`share_safe >= 0 and share_safe <= 100`),
    )
    .addColumn("respondents", "integer", (col) => col.check(sql`respondents > 0`))
    .addColumn("source", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("created_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addUniqueConstraint("safety_surveys_area_period", ["area_id", "period_label"])
    .execute();
  await db.schema
    .createIndex("safety_surveys_area_end")
    .on("safety_surveys")
    .columns(["area_id", "period_end"])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("safety_surveys").execute();
  await db.schema.dropTable("proposal_supports").execute();
  await db.schema.dropTable("proposals").execute();
}
