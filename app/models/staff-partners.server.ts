import type { Kysely } from "kysely";
import type { Database } from "#db/schema";
import { toInstantString } from "~/domain/time";
import { audit } from "~/models/auth.server";
import type { DB } from "~/utils/db.server";
import type { FieldErrors, Saved } from "~/utils/staff-form.server";
import { writeTransaction } from "~/utils/write-transaction.server";

type Trx = Kysely<Database>;

export type PartnerInput = {
  name: string;
  slug: string;
  description: string;
  website: string | null;
  email: string | null;
  trusted: boolean;
  placeIds: number[];
};

export async function listPartners(db: DB) {
  const [partners, links] = await Promise.all([
    db
      .selectFrom("partners as pa")
      .select((eb) => [
        "pa.id",
        "pa.slug",
        "pa.name",
        "pa.trusted",
        eb
          .selectFrom("users as u")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("u.partner_id", "=", "pa.id")
          .as("members"),
      ])
      .orderBy("pa.name")
      .execute(),
    db
      .selectFrom("partner_places as pp")
      .innerJoin("places as p", "p.id", "pp.place_id")
      .select(["pp.partner_id", "p.name"])
      .orderBy("p.name")
      .execute(),
  ]);
  return partners.map((partner) => ({
    ...partner,
    places: links.filter((link) => link.partner_id === partner.id).map((link) => link.name),
  }));
}

/** The places a partner can be linked to, for the checkboxes. */
export async function listPlaceChoices(db: DB) {
  return db.selectFrom("places").select(["id", "name"]).orderBy("name").execute();
}

export async function getPartnerForEdit(db: DB, partnerId: number) {
  const partner = await db
    .selectFrom("partners")
    .selectAll()
    .where("id", "=", partnerId)
    .executeTakeFirst();
  if (!partner) return undefined;
  const [places, members] = await Promise.all([
    db
      .selectFrom("partner_places")
      .select("place_id")
      .where("partner_id", "=", partnerId)
      .execute(),
    db
      .selectFrom("users")
      .select(["id", "name"])
      .where("partner_id", "=", partnerId)
      .orderBy("name")
      .execute(),
  ]);
  return { ...partner, placeIds: places.map((row) => row.place_id), members };
}

/** Checks what the form cannot: a free slug and places that exist. */
async function problems(
  trx: Trx,
  input: PartnerInput,
  exceptId: number | null,
): Promise<FieldErrors | null> {
  let bySlug = trx.selectFrom("partners").select("id").where("slug", "=", input.slug);
  if (exceptId !== null) bySlug = bySlug.where("id", "!=", exceptId);
  if (await bySlug.executeTakeFirst()) {
    return { slug: { key: "staffAdmin.error.slugTaken" } };
  }
  if (input.placeIds.length > 0) {
    const known = await trx
      .selectFrom("places")
      .select("id")
      .where("id", "in", input.placeIds)
      .execute();
    if (known.length !== new Set(input.placeIds).size) {
      return { placeIds: { key: "staffAdmin.error.choose" } };
    }
  }
  return null;
}

async function placeNames(trx: Trx, placeIds: number[]): Promise<string> {
  if (placeIds.length === 0) return "inga";
  const rows = await trx
    .selectFrom("places")
    .select("name")
    .where("id", "in", placeIds)
    .orderBy("name")
    .execute();
  return rows.map((row) => row.name).join(", ");
}

async function setPlaces(trx: Trx, partnerId: number, placeIds: number[]) {
  await trx.deleteFrom("partner_places").where("partner_id", "=", partnerId).execute();
  const unique = [...new Set(placeIds)];
  if (unique.length > 0) {
    await trx
      .insertInto("partner_places")
      .values(unique.map((placeId) => ({ partner_id: partnerId, place_id: placeId })))
      .execute();
  }
}

// better-sqlite3 binds no booleans.
const flag = (value: boolean): 0 | 1 => (value ? 1 : 0);

function partnerColumns(input: PartnerInput) {
  return {
    name: input.name,
    slug: input.slug,
    description: input.description,
    website: input.website,
    email: input.email,
    trusted: flag(input.trusted),
  };
}

export async function createPartner(
  db: DB,
  userId: number,
  input: PartnerInput,
  now = new Date(),
): Promise<Saved> {
  return writeTransaction(db, async (trx) => {
    const errors = await problems(trx, input, null);
    if (errors) return { ok: false, errors };
    const { id } = await trx
      .insertInto("partners")
      .values({ ...partnerColumns(input), created_at: toInstantString(now) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await setPlaces(trx, id, input.placeIds);
    const trust = input.trusted ? "betrodd" : "inte betrodd";
    const places = await placeNames(trx, input.placeIds);
    await audit(
      trx,
      userId,
      "create",
      "partner",
      id,
      `Skapade samarbetspartnern ${input.name} (${input.slug}), ${trust}, mötesplatser: ${places}`,
      now,
    );
    return { ok: true, id };
  });
}

/** Returns null when there is no such partner. */
export async function updatePartner(
  db: DB,
  userId: number,
  partnerId: number,
  input: PartnerInput,
  now = new Date(),
): Promise<Saved | null> {
  return writeTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom("partners")
      .selectAll()
      .where("id", "=", partnerId)
      .executeTakeFirst();
    if (!current) return null;
    const errors = await problems(trx, input, partnerId);
    if (errors) return { ok: false, errors };

    const columns = partnerColumns(input);
    const before = await trx
      .selectFrom("partner_places")
      .select("place_id")
      .where("partner_id", "=", partnerId)
      .execute();
    const oldPlaces = before.map((row) => row.place_id).sort((a, b) => a - b);
    const newPlaces = [...new Set(input.placeIds)].sort((a, b) => a - b);
    const changes: string[] = [];
    if (current.name !== columns.name) changes.push(`namn ${current.name} → ${columns.name}`);
    if (current.slug !== columns.slug) changes.push(`kortnamn ${current.slug} → ${columns.slug}`);
    if (current.description !== columns.description) changes.push("beskrivning");
    if (current.website !== columns.website) changes.push("webbplats");
    if (current.email !== columns.email) changes.push("e-post");
    if (current.trusted !== columns.trusted) {
      changes.push(columns.trusted ? "nu betrodd" : "inte längre betrodd");
    }
    if (oldPlaces.join() !== newPlaces.join()) {
      changes.push(`mötesplatser: ${await placeNames(trx, newPlaces)}`);
    }
    if (changes.length === 0) return { ok: true, id: partnerId };

    await trx.updateTable("partners").set(columns).where("id", "=", partnerId).execute();
    await setPlaces(trx, partnerId, newPlaces);
    if (current.name !== columns.name) {
      // The organiser's name is printed in the feeds' events: make calendar apps fetch again.
      await trx
        .updateTable("activities")
        .set({ updated_at: toInstantString(now) })
        .where("partner_id", "=", partnerId)
        .execute();
    }
    await audit(
      trx,
      userId,
      "update",
      "partner",
      partnerId,
      `Ändrade samarbetspartnern ${columns.name}: ${changes.join(", ")}`,
      now,
    );
    return { ok: true, id: partnerId };
  });
}
