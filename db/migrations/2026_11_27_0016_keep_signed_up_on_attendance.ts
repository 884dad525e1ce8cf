import { sql, type Kysely } from "kysely";

// The show-up report sets each counted session's headcount against the people signed up for it.
// Summing them on every open read the sign-ups of every session in the range (a year of one
// place: some 50,000, 6 ms even from a covering index, where the whole page may take 20), so
// each attendance row keeps the figure, and triggers keep it exact in the same transaction as
// any write that changes it: a sign-up made, cancelled, promoted, resized or deleted, a session
// moved, attendance recorded. Triggers rather than application code, because those writes are
// spread over many models and seeds, and one that forgot the figure would go unnoticed. A
// PostgreSQL dialect needs them rewritten as trigger functions.

/** Sets `signed_up` of the attendance rows the statement's WHERE picks from the view. */
const RECOUNT = sql`update attendance set signed_up = (
  select people from session_sign_ups as v where v.occurrence_id = attendance.occurrence_id
)`;

/** Recounts the sessions an rsvps row (`new` or `old`) counts towards: its own, or its course's. */
function recountFor(row: "new" | "old") {
  const r = sql.raw(row);
  return sql`
    ${RECOUNT} where occurrence_id = ${r}.occurrence_id;
    ${RECOUNT} where occurrence_id in (
      select id from occurrences where activity_id = ${r}.activity_id and ${r}.occurrence_id is null
    );`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // A session's sign-ups, and a course's by activity, with their time and party size: the view
  // below sums them from the index alone.
  await db.schema
    .createIndex("rsvps_occurrence_signed_up")
    .on("rsvps")
    .columns(["occurrence_id", "status", "activity_id", "created_at", "party_size"])
    .execute();

  // Per session, the people with a confirmed sign-up for it or for its whole course, made
  // before it ended: a sign-up made later was not expected at it.
  const signedUp = (scope: "session" | "course") =>
    db
      .selectFrom("rsvps as r")
      .select((eb) => eb.fn.coalesce(eb.fn.sum("r.party_size"), eb.lit(0)).as("people"))
      .where("r.status", "=", "confirmed")
      .whereRef("r.created_at", "<", "o.ends_at")
      .$call((query) =>
        scope === "session"
          ? query.whereRef("r.occurrence_id", "=", "o.id")
          : query
              .where("r.occurrence_id", "is", null)
              .whereRef("r.activity_id", "=", "o.activity_id"),
      );
  await db.schema
    .createView("session_sign_ups")
    .as(
      db
        .selectFrom("occurrences as o")
        .select((eb) => [
          "o.id as occurrence_id",
          eb(signedUp("session"), "+", signedUp("course")).as("people"),
        ]),
    )
    .execute();

  await db.schema
    .alterTable("attendance")
    .addColumn("signed_up", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
  await RECOUNT.execute(db);

  await sql`create trigger attendance_signed_up after insert on attendance begin
    ${RECOUNT} where occurrence_id = new.occurrence_id;
  end`.execute(db);
  await sql`create trigger occurrences_signed_up
    after update of ends_at, activity_id on occurrences begin
    ${RECOUNT} where occurrence_id = new.id;
  end`.execute(db);
  await sql`create trigger rsvps_signed_up_insert after insert on rsvps
    when new.status = 'confirmed' begin ${recountFor("new")} end`.execute(db);
  await sql`create trigger rsvps_signed_up_delete after delete on rsvps
    when old.status = 'confirmed' begin ${recountFor("old")} end`.execute(db);
  await sql`create trigger rsvps_signed_up_update
    after update of status, party_size, created_at, occurrence_id, activity_id on rsvps
    when old.status = 'confirmed' or new.status = 'confirmed'
    begin ${recountFor("old")} ${recountFor("new")} end`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of [
    "rsvps_signed_up_update",
    "rsvps_signed_up_delete",
    "rsvps_signed_up_insert",
    "occurrences_signed_up",
    "attendance_signed_up",
  ]) {
    await sql`drop trigger ${sql.raw(trigger)}`.execute(db);
  }
  await db.schema.alterTable("attendance").dropColumn("signed_up").execute();
  await db.schema.dropView("session_sign_ups").execute();
  await db.schema.dropIndex("rsvps_occurrence_signed_up").execute();
}
