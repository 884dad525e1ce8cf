import type { Kysely } from "kysely";
import type { Database } from "#db/schema";
import { toInstantString } from "~/domain/time";
import { audit } from "~/models/auth.server";
import type { DB } from "~/utils/db.server";
import { isConstraintError, type Saved } from "~/utils/staff-form.server";
import { writeTransaction } from "~/utils/write-transaction.server";

type Trx = Kysely<Database>;

// ---------------------------------------------------------------------------------------------
// Areas

export async function listAreas(db: DB) {
  return db
    .selectFrom("areas as a")
    .select((eb) => [
      "a.id",
      "a.slug",
      "a.name",
      eb
        .selectFrom("places as p")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("p.area_id", "=", "a.id")
        .as("places"),
    ])
    .orderBy("a.name")
    .execute();
}

export async function createArea(
  db: DB,
  userId: number,
  input: { name: string; slug: string },
  now = new Date(),
): Promise<Saved> {
  return writeTransaction(db, async (trx) => {
    const taken = await trx
      .selectFrom("areas")
      .select("id")
      .where("slug", "=", input.slug)
      .executeTakeFirst();
    if (taken) return { ok: false, errors: { slug: { key: "staffAdmin.error.slugTaken" } } };
    const { id } = await trx
      .insertInto("areas")
      .values({ name: input.name, slug: input.slug, created_at: toInstantString(now) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(
      trx,
      userId,
      "create",
      "area",
      id,
      `Skapade området ${input.name} (${input.slug})`,
      now,
    );
    return { ok: true, id };
  });
}

/**
 * A new name only: the slug is in published calendar addresses (/feeds/areas/:slug.ics), which
 * must stay the same forever. Returns null when there is no such area.
 */
export async function renameArea(
  db: DB,
  userId: number,
  areaId: number,
  name: string,
  now = new Date(),
): Promise<Saved | null> {
  return writeTransaction(db, async (trx) => {
    const area = await trx
      .selectFrom("areas")
      .select("name")
      .where("id", "=", areaId)
      .executeTakeFirst();
    if (!area) return null;
    if (area.name === name) return { ok: true, id: areaId };
    await trx.updateTable("areas").set({ name }).where("id", "=", areaId).execute();
    // The area's name is printed in every event of its feeds; a newer updated_at makes
    // calendar apps fetch them again instead of getting 304 Not Modified.
    const stamp = toInstantString(now);
    await trx
      .updateTable("activities")
      .set({ updated_at: stamp })
      .where("area_id", "=", areaId)
      .execute();
    await trx
      .updateTable("places")
      .set({ updated_at: stamp })
      .where("area_id", "=", areaId)
      .execute();
    await audit(
      trx,
      userId,
      "update",
      "area",
      areaId,
      `Bytte namn på området ${area.name} till ${name}`,
      now,
    );
    return { ok: true, id: areaId };
  });
}

// ---------------------------------------------------------------------------------------------
// Places

export type PlaceDetails = {
  name: string;
  slug: string;
  areaId: number;
  streetAddress: string;
  postalCode: string;
  city: string;
  description: string;
  accessibility: string;
};

export async function listPlaces(db: DB) {
  return db
    .selectFrom("places as p")
    .innerJoin("areas as a", "a.id", "p.area_id")
    .select((eb) => [
      "p.id",
      "p.slug",
      "p.name",
      "p.street_address",
      "a.name as area_name",
      eb
        .selectFrom("rooms as r")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("r.place_id", "=", "p.id")
        .as("rooms"),
    ])
    .orderBy("p.name")
    .execute();
}

/** A place with its opening hours and its rooms, each room with how many activities use it. */
export async function getPlaceForEdit(db: DB, placeId: number) {
  const place = await db
    .selectFrom("places")
    .selectAll()
    .where("id", "=", placeId)
    .executeTakeFirst();
  if (!place) return undefined;
  const [hours, rooms] = await Promise.all([
    db
      .selectFrom("place_hours")
      .select(["weekday", "opens", "closes"])
      .where("place_id", "=", placeId)
      .orderBy("weekday")
      .orderBy("opens")
      .execute(),
    db
      .selectFrom("rooms as r")
      .select((eb) => [
        "r.id",
        "r.name",
        "r.capacity",
        eb
          .selectFrom("activities as a")
          .select((sub) => sub.fn.count<number>("a.id").distinct().as("n"))
          .where((inner) =>
            inner.or([
              inner("a.room_id", "=", inner.ref("r.id")),
              inner.exists(
                inner
                  .selectFrom("occurrences as o")
                  .select("o.id")
                  .whereRef("o.activity_id", "=", "a.id")
                  .whereRef("o.room_id", "=", "r.id"),
              ),
            ]),
          )
          .as("activities"),
      ])
      .where("r.place_id", "=", placeId)
      .orderBy("r.name")
      .execute(),
  ]);
  return {
    ...place,
    hours,
    rooms: rooms.map((room) => ({ ...room, activities: Number(room.activities ?? 0) })),
  };
}

/**
 * How many activities use a room, as their usual room or for one of their sessions: such a room
 * cannot be removed without leaving the activity nowhere.
 */
async function activitiesUsingRoom(trx: Trx, roomId: number): Promise<number> {
  const row = await trx
    .selectFrom("activities as a")
    .select((eb) => eb.fn.count<number>("a.id").distinct().as("n"))
    .where((eb) =>
      eb.or([
        eb("a.room_id", "=", roomId),
        eb.exists(
          eb
            .selectFrom("occurrences as o")
            .select("o.id")
            .whereRef("o.activity_id", "=", "a.id")
            .where("o.room_id", "=", roomId),
        ),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function slugTaken(trx: Trx, slug: string, exceptId: number | null): Promise<boolean> {
  let query = trx.selectFrom("places").select("id").where("slug", "=", slug);
  if (exceptId !== null) query = query.where("id", "!=", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

async function areaExists(trx: Trx, areaId: number): Promise<boolean> {
  const row = await trx
    .selectFrom("areas")
    .select("id")
    .where("id", "=", areaId)
    .executeTakeFirst();
  return row !== undefined;
}

function placeColumns(details: PlaceDetails) {
  return {
    name: details.name,
    slug: details.slug,
    area_id: details.areaId,
    street_address: details.streetAddress,
    postal_code: details.postalCode,
    city: details.city,
    description: details.description,
    accessibility: details.accessibility,
  };
}

// Swedish, like the rest of the audit log: staff read it.
const PLACE_FIELD_NAMES: [keyof ReturnType<typeof placeColumns>, string][] = [
  ["name", "namn"],
  ["slug", "kortnamn"],
  ["area_id", "område"],
  ["street_address", "adress"],
  ["postal_code", "postnummer"],
  ["city", "ort"],
  ["description", "beskrivning"],
  ["accessibility", "tillgänglighet"],
];

export async function createPlace(
  db: DB,
  userId: number,
  details: PlaceDetails,
  now = new Date(),
): Promise<Saved> {
  return writeTransaction(db, async (trx) => {
    if (!(await areaExists(trx, details.areaId))) {
      return { ok: false, errors: { areaId: { key: "staffAdmin.error.choose" } } };
    }
    if (await slugTaken(trx, details.slug, null)) {
      return { ok: false, errors: { slug: { key: "staffAdmin.error.slugTaken" } } };
    }
    const stamp = toInstantString(now);
    const { id } = await trx
      .insertInto("places")
      .values({
        ...placeColumns(details),
        phone: null,
        email: null,
        created_at: stamp,
        updated_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(
      trx,
      userId,
      "create",
      "place",
      id,
      `Skapade mötesplatsen ${details.name} (${details.slug})`,
      now,
    );
    return { ok: true, id };
  });
}

/** Returns null when there is no such place. */
export async function updatePlace(
  db: DB,
  userId: number,
  placeId: number,
  details: PlaceDetails,
  now = new Date(),
): Promise<Saved | null> {
  return writeTransaction(db, async (trx) => {
    const place = await trx
      .selectFrom("places")
      .selectAll()
      .where("id", "=", placeId)
      .executeTakeFirst();
    if (!place) return null;
    if (!(await areaExists(trx, details.areaId))) {
      return { ok: false, errors: { areaId: { key: "staffAdmin.error.choose" } } };
    }
    if (await slugTaken(trx, details.slug, placeId)) {
      return { ok: false, errors: { slug: { key: "staffAdmin.error.slugTaken" } } };
    }
    const columns = placeColumns(details);
    const changed = PLACE_FIELD_NAMES.filter(([column]) => place[column] !== columns[column]);
    if (changed.length === 0) return { ok: true, id: placeId };
    await trx
      .updateTable("places")
      .set({ ...columns, updated_at: toInstantString(now) })
      .where("id", "=", placeId)
      .execute();
    const what = changed.map(([, label]) => label).join(", ");
    await audit(
      trx,
      userId,
      "update",
      "place",
      placeId,
      `Ändrade mötesplatsen ${details.name}: ${what}`,
      now,
    );
    return { ok: true, id: placeId };
  });
}

/** One day's hours, or null for closed. Weekday 1 is Monday, as in ISO 8601. */
export type DayHours = { opens: string; closes: string } | null;

const DAY_NAMES = ["mån", "tis", "ons", "tors", "fre", "lör", "sön"];

function describeHours(days: { weekday: number; opens: string; closes: string }[]): string {
  if (days.length === 0) return "stängt alla dagar";
  return days.map((day) => `${DAY_NAMES[day.weekday - 1]} ${day.opens}–${day.closes}`).join(", ");
}

/** Replaces a place's opening hours with one span (or closed) per weekday, Monday first. */
export async function setOpeningHours(
  db: DB,
  userId: number,
  placeId: number,
  week: DayHours[],
  now = new Date(),
): Promise<Saved | null> {
  return writeTransaction(db, async (trx) => {
    const place = await trx
      .selectFrom("places")
      .select("name")
      .where("id", "=", placeId)
      .executeTakeFirst();
    if (!place) return null;
    const before = await trx
      .selectFrom("place_hours")
      .select(["weekday", "opens", "closes"])
      .where("place_id", "=", placeId)
      .orderBy("weekday")
      .orderBy("opens")
      .execute();
    const after = week.flatMap((day, index) => (day ? [{ weekday: index + 1, ...day }] : []));
    if (describeHours(before) === describeHours(after)) return { ok: true, id: placeId };
    await trx.deleteFrom("place_hours").where("place_id", "=", placeId).execute();
    if (after.length > 0) {
      await trx
        .insertInto("place_hours")
        .values(after.map((day) => ({ place_id: placeId, ...day })))
        .execute();
    }
    await touchPlace(trx, placeId, now);
    await audit(
      trx,
      userId,
      "update",
      "place",
      placeId,
      `Ändrade öppettiderna för ${place.name}: ${describeHours(after)}`,
      now,
    );
    return { ok: true, id: placeId };
  });
}

/** Rooms are shown with the place, so a change to them is a change to the place (feeds, pages). */
async function touchPlace(trx: Trx, placeId: number, now: Date) {
  await trx
    .updateTable("places")
    .set({ updated_at: toInstantString(now) })
    .where("id", "=", placeId)
    .execute();
}

async function roomNameTaken(
  trx: Trx,
  placeId: number,
  name: string,
  exceptId: number | null,
): Promise<boolean> {
  // Case-insensitive, so "köket" is not a second "Köket" (the database only checks exact names).
  const rooms = await trx
    .selectFrom("rooms")
    .select(["id", "name"])
    .where("place_id", "=", placeId)
    .execute();
  const wanted = name.toLocaleLowerCase("sv");
  return rooms.some((room) => room.id !== exceptId && room.name.toLocaleLowerCase("sv") === wanted);
}

export type RoomInput = { name: string; capacity: number };

export async function addRoom(
  db: DB,
  userId: number,
  placeId: number,
  room: RoomInput,
  now = new Date(),
): Promise<Saved | null> {
  return writeTransaction(db, async (trx) => {
    const place = await trx
      .selectFrom("places")
      .select("name")
      .where("id", "=", placeId)
      .executeTakeFirst();
    if (!place) return null;
    if (await roomNameTaken(trx, placeId, room.name, null)) {
      return { ok: false, errors: { name: { key: "staffAdmin.error.roomNameTaken" } } };
    }
    const { id } = await trx
      .insertInto("rooms")
      .values({
        place_id: placeId,
        name: room.name,
        capacity: room.capacity,
        created_at: toInstantString(now),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await touchPlace(trx, placeId, now);
    await audit(
      trx,
      userId,
      "create",
      "room",
      id,
      `Lade till lokalen ${room.name} (${room.capacity} personer) på ${place.name}`,
      now,
    );
    return { ok: true, id };
  });
}

/** Returns null when the room does not exist at this place. */
export async function updateRoom(
  db: DB,
  userId: number,
  placeId: number,
  roomId: number,
  room: RoomInput,
  now = new Date(),
): Promise<Saved | null> {
  return writeTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom("rooms as r")
      .innerJoin("places as p", "p.id", "r.place_id")
      .select(["r.name", "r.capacity", "p.name as place_name"])
      .where("r.id", "=", roomId)
      .where("r.place_id", "=", placeId)
      .executeTakeFirst();
    if (!current) return null;
    if (await roomNameTaken(trx, placeId, room.name, roomId)) {
      return { ok: false, errors: { name: { key: "staffAdmin.error.roomNameTaken" } } };
    }
    if (current.name === room.name && current.capacity === room.capacity) {
      return { ok: true, id: roomId };
    }
    await trx
      .updateTable("rooms")
      .set({ name: room.name, capacity: room.capacity })
      .where("id", "=", roomId)
      .execute();
    await touchPlace(trx, placeId, now);
    await audit(
      trx,
      userId,
      "update",
      "room",
      roomId,
      `Ändrade lokalen ${current.name} (${current.capacity}) på ${current.place_name} till ${room.name} (${room.capacity})`,
      now,
    );
    return { ok: true, id: roomId };
  });
}

/** Removes a room nothing uses; a room in use stays, with a message saying why. */
export async function removeRoom(
  db: DB,
  userId: number,
  placeId: number,
  roomId: number,
  now = new Date(),
): Promise<Saved | null> {
  return writeTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom("rooms as r")
      .innerJoin("places as p", "p.id", "r.place_id")
      .select(["r.name", "p.name as place_name"])
      .where("r.id", "=", roomId)
      .where("r.place_id", "=", placeId)
      .executeTakeFirst();
    if (!current) return null;
    const inUse = await activitiesUsingRoom(trx, roomId);
    if (inUse > 0) {
      return {
        ok: false,
        errors: { form: { key: "staffAdmin.error.roomInUse", params: { count: inUse } } },
      };
    }
    try {
      await trx.deleteFrom("rooms").where("id", "=", roomId).execute();
    } catch (error) {
      // Something else points at the room (a booking, an imported calendar): keep it too.
      if (isConstraintError(error, "SQLITE_CONSTRAINT_FOREIGNKEY")) {
        return { ok: false, errors: { form: { key: "staffAdmin.error.roomUsed" } } };
      }
      throw error;
    }
    await touchPlace(trx, placeId, now);
    await audit(
      trx,
      userId,
      "delete",
      "room",
      roomId,
      `Tog bort lokalen ${current.name} på ${current.place_name}`,
      now,
    );
    return { ok: true, id: roomId };
  });
}
