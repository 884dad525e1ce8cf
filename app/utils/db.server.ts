import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "#db/schema";
import { env } from "./env.server";

export type DB = Kysely<Database>;

export function openDatabase(file: string): DB {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // WAL makes NORMAL durable across application crashes; only a power loss can drop the last commits.
  sqlite.pragma("synchronous = NORMAL");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: keptStatements(sqlite) }) });
}

const KEPT_STATEMENTS = 500;

/**
 * The connection as Kysely sees it, with its prepared statements kept by SQL text. Kysely's driver
 * prepares every query anew, and a busy server runs the same few hundred thousands of times a
 * minute (a cached place page: 2,560 → 3,150 req/s with them kept). better-sqlite3 runs a
 * statement to the end synchronously, so a kept one is never in use twice at once (nothing here
 * streams rows).
 */
function keptStatements(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    prepare(text: string): SQLite.Statement {
      let statement = statements.get(text);
      if (statement) {
        statements.delete(text);
      } else {
        statement = sqlite.prepare(text);
        if (statements.size >= KEPT_STATEMENTS) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
      }
      statements.set(text, statement);
      return statement;
    },
    close: () => sqlite.close(),
  };
}

let instance: DB | undefined;

/** The one Kysely instance of this process. */
export function getDb(): DB {
  instance ??= openDatabase(env.DATABASE_URL);
  return instance;
}

export async function closeDb(): Promise<void> {
  const current = instance;
  instance = undefined;
  await current?.destroy();
}
