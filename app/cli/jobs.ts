// `npm run jobs`: delivers the mail that is due once and exits, for cron or for a look at what
// the outbox holds without starting the server.
import { migrateToLatest } from "#db/migrate";
import { closeDb, getDb } from "~/utils/db.server";
import { deliverDue } from "~/utils/mail-worker.server";
import { createMailTransport } from "~/utils/mailer.server";

const db = getDb();
await migrateToLatest(db);
const transport = createMailTransport();
try {
  const { sent, retrying, failed } = await deliverDue(db, transport, new Date());
  console.log(`Mail: ${sent} sent, ${retrying} to retry, ${failed} given up`);
} finally {
  transport.close();
  await closeDb();
}
