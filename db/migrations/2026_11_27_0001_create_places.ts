import { sql, type Kysely } from "kysely";

// Frozen in time: migrations never import app code and never change once landed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("areas")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("slug", "text", (col) => col.notNull().unique())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("places")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("slug", "text", (col) => col.notNull().unique())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("area_id", "integer", (col) => col.notNull().references("areas.id"))
    .addColumn("street_address", "text", (col) => col.notNull())
    .addColumn("postal_code", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("city", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("description", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("accessibility", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("phone", "text")
    .addColumn("email", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("places_area_id").on("places").column("area_id").execute();

  // Opening hours as rows (not a JSON blob) so room booking can check them in SQL later.
  await db.schema
    .createTable("place_hours")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("place_id", "integer", (col) =>
      col.notNull().references("places.id").onDelete("cascade"),
    )
    .addColumn("weekday", "integer", (col) => col.notNull().check(sql`weekday between 1 and 7`))
    .addColumn("opens", "text", (col) => col.notNull())
    .addColumn("closes", "text", (col) => col.notNull())
    .addCheckConstraint("place_hours_order", sql`opens < closes`)
    .execute();
  await db.schema
    .createIndex("place_hours_place_weekday")
    .on("place_hours")
    .columns(["place_id", "weekday"])
    .execute();

  await db.schema
    .createTable("rooms")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("place_id", "integer", (col) =>
      col.notNull().references("places.id").onDelete("cascade"),
    )
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("capacity", "integer", (col) => col.notNull().check(sql`capacity > 0`))
    .addColumn("description", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("accessibility", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addUniqueConstraint("rooms_place_name", ["place_id", "name"])
    .execute();

  await db.schema
    .createTable("partners")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("slug", "text", (col) => col.notNull().unique())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("description", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("website", "text")
    .addColumn("email", "text")
    .addColumn("trusted", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("partner_places")
    .addColumn("partner_id", "integer", (col) =>
      col.notNull().references("partners.id").onDelete("cascade"),
    )
    .addColumn("place_id", "integer", (col) =>
      col.notNull().references("places.id").onDelete("cascade"),
    )
    .addPrimaryKeyConstraint("partner_places_pk", ["partner_id", "place_id"])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["partner_places", "partners", "rooms", "place_hours", "places", "areas"]) {
    await db.schema.dropTable(table).execute();
  }
}
