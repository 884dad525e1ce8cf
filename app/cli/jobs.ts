// `npm run jobs`: queues the day-before reminders, delivers the mail that is due, and exits; for
// cron, or for a look at what the outbox holds without starting the server.
import { migrateToLatest } from "#db/migrate";
import { enqueueReminders } from "~/models/rsvps.server";
import { closeDb, getDb } from "~/utils/db.server";
import { deliverDue } from "~/utils/mail-worker.server";
import { createMailTransport } from "~/utils/mailer.server";

const db = getDb();
await migrateToLatest(db);
const transport = createMailTransport();
try {
  console.log(`Reminders queued: ${await enqueueReminders(db, new Date())}`);
  const { sent, retrying, failed } = await deliverDue(db, transport, new Date());
  console.log(`Mail: ${sent} sent, ${retrying} to retry, ${failed} given up`);
} finally {
  transport.close();
  await closeDb();
}
