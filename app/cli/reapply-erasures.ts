// `npm run reapply-erasures`: after restoring a backup, erase again everyone the erasure log
// names (the log survives in the live database; see README "Backups and restore").
import { migrateToLatest } from "#db/migrate";
import { reapplyErasures } from "~/models/privacy.server";
import { closeDb, getDb } from "~/utils/db.server";

const db = getDb();
await migrateToLatest(db);
try {
  console.info(`Erasures applied again: ${await reapplyErasures(db, new Date())} subjects`);
} finally {
  await closeDb();
}
