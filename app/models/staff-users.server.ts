import type { Kysely } from "kysely";
import type { Database, Role } from "#db/schema";
import { toInstantString } from "~/domain/time";
import { audit } from "~/models/auth.server";
import type { DB } from "~/utils/db.server";
import type { FieldErrors, Saved } from "~/utils/staff-form.server";
import { writeTransaction } from "~/utils/write-transaction.server";

type Trx = Kysely<Database>;

export type UserInput = {
  email: string;
  name: string;
  role: Role;
  partnerId: number | null;
};

const ROLE_NAMES: Record<Role, string> = {
  admin: "administratör",
  staff: "personal",
  partner: "partner",
};

export async function listUsers(db: DB, now = new Date()) {
  return db
    .selectFrom("users as u")
    .leftJoin("partners as pa", "pa.id", "u.partner_id")
    .select((eb) => [
      "u.id",
      "u.email",
      "u.name",
      "u.role",
      "pa.name as partner_name",
      eb
        .selectFrom("sessions as s")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("s.user_id", "=", "u.id")
        .where("s.revoked_at", "is", null)
        .where("s.expires_at", ">", toInstantString(now))
        .as("sessions"),
    ])
    .orderBy("u.name")
    .execute();
}

export async function listPartnerChoices(db: DB) {
  return db.selectFrom("partners").select(["id", "name"]).orderBy("name").execute();
}

export async function getUserForEdit(db: DB, userId: number, now = new Date()) {
  const user = await db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
  if (!user) return undefined;
  const sessions = await db
    .selectFrom("sessions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", toInstantString(now))
    .executeTakeFirstOrThrow();
  return { ...user, sessions: Number(sessions.n) };
}

/**
 * What the form cannot check: a free address and an existing partner. The database also insists
 * that exactly the partner role has a partner; the form's schema checks that before we get here.
 */
async function problems(
  trx: Trx,
  input: UserInput,
  exceptId: number | null,
): Promise<FieldErrors | null> {
  let byEmail = trx.selectFrom("users").select("id").where("email", "=", input.email);
  if (exceptId !== null) byEmail = byEmail.where("id", "!=", exceptId);
  if (await byEmail.executeTakeFirst()) return { email: { key: "staffAdmin.error.emailTaken" } };
  if (input.partnerId !== null) {
    const partner = await trx
      .selectFrom("partners")
      .select("id")
      .where("id", "=", input.partnerId)
      .executeTakeFirst();
    if (!partner) return { partnerId: { key: "staffAdmin.error.choose" } };
  }
  return null;
}

async function partnerName(trx: Trx, partnerId: number | null): Promise<string> {
  if (partnerId === null) return "";
  const row = await trx
    .selectFrom("partners")
    .select("name")
    .where("id", "=", partnerId)
    .executeTakeFirst();
  return row ? ` för ${row.name}` : "";
}

export async function createUser(
  db: DB,
  adminId: number,
  input: UserInput,
  now = new Date(),
): Promise<Saved> {
  return writeTransaction(db, async (trx) => {
    const errors = await problems(trx, input, null);
    if (errors) return { ok: false, errors };
    const { id } = await trx
      .insertInto("users")
      .values({
        email: input.email,
        name: input.name,
        role: input.role,
        partner_id: input.role === "partner" ? input.partnerId : null,
        created_at: toInstantString(now),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // The address stays out of the log: every staff member can read it.
    const role = `${ROLE_NAMES[input.role]}${await partnerName(trx, input.partnerId)}`;
    await audit(
      trx,
      adminId,
      "create",
      "user",
      id,
      `Skapade användaren ${input.name} (${role})`,
      now,
    );
    return { ok: true, id };
  });
}

/**
 * Returns null when there is no such user. An admin cannot take away their own admin role, so
 * there is always someone left who can manage users.
 */
export async function updateUser(
  db: DB,
  adminId: number,
  userId: number,
  input: UserInput,
  now = new Date(),
): Promise<Saved | null> {
  return writeTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom("users")
      .selectAll()
      .where("id", "=", userId)
      .executeTakeFirst();
    if (!current) return null;
    if (userId === adminId && input.role !== "admin") {
      return { ok: false, errors: { role: { key: "staffAdmin.error.ownAdmin" } } };
    }
    const errors = await problems(trx, input, userId);
    if (errors) return { ok: false, errors };
    const partnerId = input.role === "partner" ? input.partnerId : null;
    const changes: string[] = [];
    if (current.name !== input.name) changes.push(`namn ${current.name} → ${input.name}`);
    if (current.email !== input.email) changes.push("e-post");
    if (current.role !== input.role || current.partner_id !== partnerId) {
      const from = `${ROLE_NAMES[current.role]}${await partnerName(trx, current.partner_id)}`;
      const to = `${ROLE_NAMES[input.role]}${await partnerName(trx, partnerId)}`;
      changes.push(`roll ${from} → ${to}`);
    }
    if (changes.length === 0) return { ok: true, id: userId };
    await trx
      .updateTable("users")
      .set({ email: input.email, name: input.name, role: input.role, partner_id: partnerId })
      .where("id", "=", userId)
      .execute();
    await audit(
      trx,
      adminId,
      "update",
      "user",
      userId,
      `Ändrade användaren ${input.name}: ${changes.join(", ")}`,
      now,
    );
    return { ok: true, id: userId };
  });
}

/** "Log out everywhere": ends every open session of the user. Returns null for no such user. */
export async function revokeUserSessions(
  db: DB,
  adminId: number,
  userId: number,
  now = new Date(),
): Promise<{ revoked: number } | null> {
  return writeTransaction(db, async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select("name")
      .where("id", "=", userId)
      .executeTakeFirst();
    if (!user) return null;
    const stamp = toInstantString(now);
    const result = await trx
      .updateTable("sessions")
      .set({ revoked_at: stamp })
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", stamp)
      .executeTakeFirst();
    const revoked = Number(result.numUpdatedRows);
    await audit(
      trx,
      adminId,
      "logout-everywhere",
      "user",
      userId,
      `Loggade ut ${user.name} överallt (${revoked} inloggningar)`,
      now,
    );
    return { revoked };
  });
}
