import { Migrator, type Kysely } from "kysely";
import { migrationProvider } from "./migrations/index";

/** Brings the database to the newest schema; running it again changes nothing. */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === "Error")?.migrationName;
    throw new Error(`Migration ${failed ?? "(unknown)"} failed`, { cause: error });
  }
  return (results ?? []).map((result) => result.migrationName);
}
