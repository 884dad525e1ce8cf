import {
  claimDue,
  DEFAULT_LEASE_MS,
  DEFAULT_MAX_ATTEMPTS,
  markFailed,
  markSent,
} from "~/models/outbox.server";
import type { DB } from "./db.server";
import { log } from "./log.server";
import { createMailTransport, type MailTransport } from "./mailer.server";

export type DeliveryCounts = { sent: number; retrying: number; failed: number };

export type DeliveryOptions = {
  /** Mails claimed at a time; they are handed to the transport together. */
  batchSize?: number;
  leaseMs?: number;
  maxAttempts?: number;
};

export const DEFAULT_BATCH_SIZE = 50;
export const DEFAULT_POLL_INTERVAL_MS = 5_000;

/**
 * Delivers the mail that is due at `now`, batch by batch, outside any transaction.
 *
 * Never lost: a mail leaves the outbox only as `sent`, after the SMTP server accepted it, or
 * as `failed` after `maxAttempts`; an outage or a crash leaves it `pending`, or `sending` until
 * its claim runs out, and a later pass takes it again.
 *
 * Never sent twice, with one window left: the row is marked sent right after the server
 * accepts the mail, but a crash (or a failed database write) between the two leaves the row
 * `sending`, and once its claim runs out the mail goes out again. The second copy carries the
 * same Message-ID, fixed when the mail was enqueued, so mail servers and clients that
 * de-duplicate by Message-ID (Gmail, many MTAs and mail clients) show it once.
 */
export async function deliverDue(
  db: DB,
  transport: MailTransport,
  now: Date,
  options: DeliveryOptions = {},
): Promise<DeliveryCounts> {
  const {
    batchSize = DEFAULT_BATCH_SIZE,
    leaseMs = DEFAULT_LEASE_MS,
    maxAttempts = DEFAULT_MAX_ATTEMPTS,
  } = options;
  const counts: DeliveryCounts = { sent: 0, retrying: 0, failed: 0 };
  const started = performance.now();
  const clock = () => new Date(now.getTime() + (performance.now() - started));

  // Claims are dated `now`; stopping at half the lease keeps every claim of this pass alive
  // until its batch is done. Whatever is left is due again at the next pass.
  while (performance.now() - started < leaseMs / 2) {
    const batch = await claimDue(db, now, batchSize, leaseMs);
    if (batch.length === 0) break;
    const outcomes = await Promise.allSettled(
      batch.map(async (mail) => {
        try {
          await transport.send(mail);
        } catch (error) {
          const status = await markFailed(db, mail, describe(error), clock(), maxAttempts);
          counts[status === "failed" ? "failed" : "retrying"] += 1;
          return;
        }
        await markSent(db, mail, clock());
        counts.sent += 1;
      }),
    );
    // Only database errors get here; the rest of the batch is recorded before giving up.
    const broken = outcomes.find((outcome) => outcome.status === "rejected");
    if (broken) throw broken.reason;
  }
  return counts;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export type MailWorker = {
  /** Deliver now rather than at the next poll, e.g. right after a commit that enqueued mail. */
  kick(): void;
  /** Stops polling, waits for a delivery in flight and closes the transport. */
  stop(): Promise<void>;
};

let running: MailWorker | undefined;

/**
 * Delivers due mail every `pollIntervalMs` and whenever kicked; one pass at a time. The worker
 * owns its transport (by default the one `SMTP_URL` describes).
 */
export function startMailWorker(
  db: DB,
  options: DeliveryOptions & { transport?: MailTransport; pollIntervalMs?: number } = {},
): MailWorker {
  const { transport = createMailTransport(), pollIntervalMs = DEFAULT_POLL_INTERVAL_MS } = options;
  let inFlight: Promise<void> | undefined;
  let kickedDuringPass = false;
  let stopped = false;

  const pass = () => {
    if (stopped) return;
    if (inFlight) {
      // Mail committed while a pass runs may have missed its claims; run once more after it.
      kickedDuringPass = true;
      return;
    }
    inFlight = deliverDue(db, transport, new Date(), options)
      .then(({ sent, retrying, failed }) => {
        if (sent + retrying + failed > 0) {
          log("job", { job: "mail", sent, retrying, failed });
        }
      })
      .catch((error: unknown) =>
        log("job-failed", {
          job: "mail",
          error: error instanceof Error ? error.message : "unknown",
        }),
      )
      .finally(() => {
        inFlight = undefined;
        if (kickedDuringPass) {
          kickedDuringPass = false;
          pass();
        }
      });
  };

  const timer = setInterval(pass, pollIntervalMs);
  // Polling alone must not keep a process alive that is otherwise done.
  timer.unref();

  const worker: MailWorker = {
    kick: pass,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await inFlight;
      transport.close();
      if (running === worker) running = undefined;
    },
  };
  running = worker;
  return worker;
}

/**
 * Asks this process's mail worker to deliver now. Call it after the transaction that enqueued
 * mail has committed; without a running worker (a script, a test) it does nothing.
 */
export function kickMailWorker(): void {
  running?.kick();
}
