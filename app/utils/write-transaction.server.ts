import { sql, type Kysely } from "kysely";
import type { Database } from "#db/schema";
import type { DB } from "./db.server";

/**
 * A write transaction that takes SQLite's write lock at BEGIN. Kysely's own transactions begin
 * DEFERRED, so two of them can both read "3 places left" and then both insert: a capacity check
 * must read and write under the lock. Other writers wait (busy_timeout), in this process and in
 * others on the same file.
 */
export async function writeTransaction<T>(
  db: DB,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await work(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
  });
}
