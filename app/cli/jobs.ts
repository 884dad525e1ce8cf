// `npm run jobs`: imports the partners' calendars that are due, queues the day-before
// reminders, drops personal data past its retention, delivers the mail that is due, and exits.
import { migrateToLatest } from "#db/migrate";
import { importDueFeeds } from "~/models/ics-import.server";
import { anonymiseOldData } from "~/models/privacy.server";
import { enqueueReminders } from "~/models/rsvps.server";
import { closeDb, getDb } from "~/utils/db.server";
import { deliverDue } from "~/utils/mail-worker.server";
import { createMailTransport } from "~/utils/mailer.server";

const db = getDb();
await migrateToLatest(db);
const transport = createMailTransport();
try {
  const runs = await importDueFeeds(db, new Date());
  const broken = runs.filter((run) => run.outcome === "error").length;
  console.info(`Calendars: ${runs.length - broken} imported, ${broken} failed`);
  console.info(`Reminders queued: ${await enqueueReminders(db, new Date())}`);
  const retention = await anonymiseOldData(db, new Date());
  console.info(
    `Retention: ${retention.rsvps} sign-ups anonymised, ${retention.mails} old mails deleted`,
  );
  const { sent, retrying, failed } = await deliverDue(db, transport, new Date());
  console.info(`Mail: ${sent} sent, ${retrying} to retry, ${failed} given up`);
} finally {
  transport.close();
  await closeDb();
}
