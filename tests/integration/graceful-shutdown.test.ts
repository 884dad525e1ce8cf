import { existsSync, statSync } from "node:fs";
import { Agent, request, type IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, todayIn, toInstantString, zonedToUtc } from "~/domain/time";
import { openDatabase } from "~/utils/db.server";
import { startMailCatcher, type MailCatcher } from "../support/mail-catcher";
import {
  removeDatabase,
  spawnServer,
  type Exit,
  type SpawnedServer,
} from "../support/spawned-server";
import { freshDatabase } from "../support/test-server";

/**
 * A deploy or a restart sends SIGTERM, and an orchestrator sends SIGKILL some seconds later
 * (Docker after 10). A resident pressing "Anmäl" at that moment must get the answer, the
 * confirmation must still go out, and the database must be left closed and whole, in time.
 */

const SHUTDOWN_BUDGET_MS = 5_000;

let smtp: MailCatcher;
const started: { dbFile: string; server: SpawnedServer }[] = [];

beforeAll(async () => {
  smtp = await startMailCatcher();
});

afterAll(async () => {
  for (const { dbFile, server } of started) {
    await server.stop(1_000);
    removeDatabase(dbFile);
  }
  await smtp?.close();
});

/** A server of its own (each test ends one) with a future session that has room. */
async function startServerWithSession() {
  const dbFile = freshDatabase();
  const setup = openDatabase(dbFile);
  const activity = await setup
    .selectFrom("activities")
    .select("id")
    .where("slug", "=", "familjedag")
    .executeTakeFirstOrThrow();
  const date = addDays(todayIn(new Date()), 251);
  const stamp = toInstantString(new Date());
  const { id } = await setup
    .insertInto("occurrences")
    .values({
      activity_id: activity.id,
      schedule_id: null,
      scheduled_date: date,
      starts_at: toInstantString(zonedToUtc(date, "12:00")),
      ends_at: toInstantString(zonedToUtc(date, "16:00")),
      room_id: null,
      location_name: null,
      capacity: 50,
      cancel_reason: null,
      move_reason: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  // The test holds no connection while the server runs: the last one to close checkpoints.
  await setup.destroy();
  const server = await spawnServer(dbFile, {
    SMTP_URL: smtp.url,
    // Only the kick after the sign-up's commit can deliver the mail before the process ends.
    MAIL_POLL_INTERVAL_MS: "600000",
  });
  started.push({ dbFile, server });
  return { dbFile, server, sessionPath: `/activities/familjedag/${id}` };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => (body += chunk));
    response.on("end", () => resolve(body));
    response.on("error", reject);
  });
}

/**
 * Sends half a sign-up, SIGTERM, then the rest: the request is under way when the signal comes.
 * Returns the answer and when the signal was sent.
 */
async function signUpAcrossSigterm(
  server: SpawnedServer,
  path: string,
  email: string,
  agent: Agent,
  duringShutdown: () => Promise<void> = async () => {},
) {
  const body = new URLSearchParams({ name: "Signe Term", email, adults: "1", children: "0" });
  const form = body.toString();
  const post = request(`${server.url}${path}`, {
    method: "POST",
    agent,
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "Content-Length": Buffer.byteLength(form),
    },
  });
  const answered = new Promise<IncomingMessage>((resolve, reject) => {
    post.once("response", resolve);
    post.once("error", reject);
  });
  post.write(form.slice(0, 20));
  await sleep(300);
  const signalledAt = Date.now();
  server.signal("SIGTERM");
  await sleep(300);
  await duringShutdown();
  post.end(form.slice(20));
  const response = await answered;
  await readBody(response);
  return { response, signalledAt };
}

const exitWithin = (server: SpawnedServer, ms: number) =>
  Promise.race([server.exited, sleep(ms).then((): Exit | "still running" => "still running")]);

describe("SIGTERM", () => {
  it("lets an in-flight sign-up finish, delivers its mail, then exits 0 with the WAL checkpointed", async () => {
    const { dbFile, server, sessionPath } = await startServerWithSession();
    const email = "sigterm@example.org";
    const agent = new Agent({ keepAlive: false });
    const { response, signalledAt } = await signUpAcrossSigterm(
      server,
      sessionPath,
      email,
      agent,
      // A request that starts after the signal is refused, so a load balancer tries elsewhere.
      async () => {
        await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
      },
    );
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toMatch(/^\/rsvp\/[A-Za-z0-9_-]{43}\?welcome=1$/);

    expect(await exitWithin(server, SHUTDOWN_BUDGET_MS)).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(SHUTDOWN_BUDGET_MS);

    // Closing the last connection checkpoints the WAL into the database file.
    const wal = `${dbFile}-wal`;
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);

    const check = openDatabase(dbFile);
    try {
      const rsvp = await check
        .selectFrom("rsvps")
        .select(["id", "status"])
        .where("email", "=", email)
        .executeTakeFirstOrThrow();
      expect(rsvp.status).toBe("confirmed");
      // The worker finished the delivery it had started instead of being cut off mid-send.
      const mail = await check
        .selectFrom("outbox")
        .select(["status", "message_id"])
        .where("rsvp_id", "=", rsvp.id)
        .executeTakeFirstOrThrow();
      expect(mail.status).toBe("sent");
      const delivered = smtp.mails.filter((caught) => caught.to === email);
      expect(delivered.map((caught) => caught.parsed.messageId)).toEqual([mail.message_id]);
    } finally {
      await check.destroy();
    }
  });

  it("exits in time even when the in-flight request came over a keep-alive connection that stays in use", async () => {
    const { server, sessionPath } = await startServerWithSession();
    // Browsers, and reverse proxies with pooled upstream connections, keep the connection open
    // and send their next request over it.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const { response, signalledAt } = await signUpAcrossSigterm(
      server,
      sessionPath,
      "keepalive@example.org",
      agent,
    );
    expect(response.statusCode).toBe(302);

    let ended = false;
    void server.exited.then(() => (ended = true));
    // The same visitor goes on browsing; once refused, it stops.
    const visitor = (async () => {
      while (!ended && Date.now() - signalledAt < SHUTDOWN_BUDGET_MS) {
        await sleep(500);
        if ((await fetchOver(agent, `${server.url}/healthz`).catch(() => null)) === null) return;
      }
    })();
    const exit = await exitWithin(server, SHUTDOWN_BUDGET_MS - (Date.now() - signalledAt));
    await visitor;
    agent.destroy();
    expect(exit).toEqual({ code: 0, signal: null });
  });
});

function fetchOver(agent: Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    })
      .on("error", reject)
      .end();
  });
}
