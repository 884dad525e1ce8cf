import type { Server } from "node:http";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { migrateToLatest } from "#db/migrate";
import { DEMO_LOGINS, seedDemoIfEmpty } from "#db/seed/demo";
import { closeDb, getDb } from "./db.server";
import { importDueFeeds } from "~/models/ics-import.server";
import { anonymiseOldData } from "~/models/privacy.server";
import { enqueueReminders } from "~/models/rsvps.server";
import { env } from "./env.server";
import { startMailWorker } from "./mail-worker.server";
import { log, requestLog } from "./log.server";
import { bodyLimit, formBodies, originCheck } from "./origin.server";
import { pageCache } from "./page-cache.server";
import { securityHeaders } from "./security.server";

const JOB_INTERVAL_MS = 10 * 60_000;

export async function startServer(build: ServerBuild): Promise<Server> {
  const db = getDb();
  await migrateToLatest(db);
  const seeded = env.SEED_DEMO ? await seedDemoIfEmpty(db, new Date()) : false;
  const mailWorker = startMailWorker(db, {
    pollIntervalMs: env.MAIL_POLL_INTERVAL_MS,
    maxAttempts: env.MAIL_MAX_ATTEMPTS,
  });
  // Day-before reminders: a sign-up is reminded once (rsvp_reminders), however often this runs.
  // Partners' calendars: each source is fetched when its last run is over 6 hours old.
  const periodicJobs = async () => {
    try {
      if ((await enqueueReminders(db, new Date())) > 0) mailWorker.kick();
      await importDueFeeds(db, new Date());
      await anonymiseOldData(db, new Date());
    } catch (error) {
      log("job-failed", {
        job: "periodic",
        error: error instanceof Error ? error.message : "unknown",
      });
    }
  };
  const reminders = setInterval(() => void periodicJobs(), JOB_INTERVAL_MS);
  reminders.unref();
  void periodicJobs();

  const app = express();
  app.disable("x-powered-by");
  // While shutting down, every answer closes its connection, so keep-alive clients let go.
  let closing = false;
  app.use((_req, res, next) => {
    if (closing) res.setHeader("Connection", "close");
    next();
  });
  app.use(requestLog());
  app.use(securityHeaders());
  app.use(compression());
  // Fingerprinted by the compiler, so they can be cached for a year.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // Only names with an extension can be files there (favicon.svg): a page request would cost a
  // failed stat on the thread pool and an error object each time.
  const publicFiles = express.static("public", { maxAge: "1h", index: false });
  app.use((req, res, next) => {
    if (/\.[a-z0-9]+$/i.test(req.path)) publicFiles(req, res, next);
    else next();
  });
  app.set("trust proxy", env.TRUST_PROXY);
  app.use(originCheck(env.PUBLIC_URL));
  app.use(bodyLimit(env.MAX_BODY_BYTES));
  app.use(formBodies());
  app.use(pageCache(db, { maxBytes: env.PAGE_CACHE_MB * 1024 * 1024 }));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: build.mode,
      getLoadContext: (req, res) => ({
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        cspNonce: typeof res.locals.cspNonce === "string" ? res.locals.cspNonce : "",
      }),
    }),
  );

  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(env.PORT, env.HOST, () => resolve(listening));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  console.info(`Träffpunkt is running at http://localhost:${port}`);
  if (seeded) console.info("The database was empty: the demo content was added.");
  console.info("Demo logins (a login link is sent by email):");
  for (const login of DEMO_LOGINS) console.info(`  ${login.email.padEnd(26)} ${login.role}`);

  server.on("request", (_req, res) => {
    res.on("finish", () => {
      if (closing) server.closeIdleConnections();
    });
  });
  const shutdown = () => {
    // `npm start` passes a Ctrl-C on, and the terminal sends it too: the second is not news.
    if (closing) return;
    closing = true;
    clearInterval(reminders);
    // In-flight requests get 8 seconds; then whatever is still open is cut.
    setTimeout(() => server.closeAllConnections(), 8_000).unref();
    server.close(() => {
      void mailWorker
        .stop()
        .then(closeDb)
        .then(() => process.exit(0));
    });
    // Keep-alive connections would hold the close open.
    server.closeIdleConnections();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
  return server;
}
