// `npm run backup`: a consistent copy of the database while the app keeps running (SQLite's
// online backup API copies page by page and restarts if a writer changes what it copied).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { env } from "~/utils/env.server";

const stamp = new Date()
  .toISOString()
  .replace(/[-:]/g, "")
  .replace(/\.\d+Z$/, "Z");
const target = process.argv[2] ?? join(env.BACKUP_DIR, `traffpunkt-${stamp}.db`);
mkdirSync(join(target, ".."), { recursive: true });

const source = new SQLite(env.DATABASE_URL, { fileMustExist: true });
source.pragma("busy_timeout = 5000");
try {
  await source.backup(target);
  const copy = new SQLite(target, { readonly: true });
  const check = copy.pragma("integrity_check", { simple: true });
  copy.close();
  if (check !== "ok") throw new Error(`The copy failed its integrity check: ${String(check)}`);
  console.info(`Backup written to ${target} (integrity_check: ok)`);
} finally {
  source.close();
}
