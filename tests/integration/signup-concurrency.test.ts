import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toInstantString } from "~/domain/time";
import { getPage, text } from "../support/html";
import { ROOT, SERVER_BUILD, TMP } from "../support/paths";
import { startTestServer, type TestServer } from "../support/test-server";

/**
 * 200 residents press "Anmäl" for the same 50 places at the same moment, over HTTP against the
 * production build: the write lock (BEGIN IMMEDIATE) must keep the count exact and the waiting
 * list in arrival order, in one server process and in two processes sharing the database file.
 */

const SIGNUPS = 200;
const CAPACITY = 50;
const DAY_MS = 86_400_000;

type Running = { url: string; stop: () => Promise<void> };

let server: TestServer;
let second: Running | undefined;
let outboxDir: string;
let serverEnv: Record<string, string>;

beforeAll(async () => {
  mkdirSync(TMP, { recursive: true });
  outboxDir = mkdtempSync(join(TMP, "signup-outbox-"));
  serverEnv = {
    SIGNUP_LIMIT_PER_IP: "100000",
    SIGNUP_LIMIT_PER_EMAIL: "100000",
    // No SMTP server: the mail worker writes .eml files into a temp folder of our own.
    SMTP_URL: "",
    MAIL_OUTBOX_DIR: outboxDir,
  };
  server = await startTestServer({ env: serverEnv });
});

afterAll(async () => {
  // The second process first: the first server's stop removes the database file.
  await second?.stop();
  await server?.stop();
  if (outboxDir) rmSync(outboxDir, { recursive: true, force: true });
});

/** Another `node build/index.js` on the same database file, the way test-server.ts starts one. */
async function startSecondServer(dbFile: string, env: Record<string, string>): Promise<Running> {
  let output = "";
  const child = spawn(process.execPath, [SERVER_BUILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: dbFile,
      SEED_DEMO: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace("localhost", "127.0.0.1"));
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** The next scheduled familjedag session (a one-off "once" activity in the demo). */
async function familjedagSession() {
  return server.db
    .selectFrom("occurrences as o")
    .innerJoin("activities as a", "a.id", "o.activity_id")
    .selectAll("o")
    .where("a.slug", "=", "familjedag")
    .where("o.status", "=", "scheduled")
    .where("o.starts_at", ">", toInstantString(new Date()))
    .orderBy("o.starts_at")
    .executeTakeFirstOrThrow();
}

/** Adults 1–3 and children 0–2, so parties of 1 to 5 people in a fixed, mixed order. */
function party(index: number) {
  const adults = 1 + (index % 3);
  const children = Math.floor(index / 3) % 3;
  return { adults, children, size: adults + children };
}

type Outcome = {
  index: number;
  email: string;
  size: number;
  status: number;
  location: string;
  ms: number;
};

async function postSignup(
  baseUrl: string,
  path: string,
  tag: string,
  index: number,
): Promise<Outcome> {
  const { adults, children, size } = party(index);
  const email = `${tag}-${index}@example.test`;
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      intent: "signup",
      name: `Granne ${index}`,
      email,
      phone: "",
      adults: String(adults),
      children: String(children),
      note: "",
      website: "",
    }),
  });
  await response.arrayBuffer();
  const ms = performance.now() - started;
  return {
    index,
    email,
    size,
    status: response.status,
    location: response.headers.get("location") ?? "",
    ms,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** Fires every sign-up at once, alternating between the servers; reports the throughput. */
async function burst(label: string, urls: string[], path: string, tag: string) {
  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: SIGNUPS }, (_, index) =>
      postSignup(urls[index % urls.length], path, tag, index),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const latencies = outcomes.map((outcome) => outcome.ms).sort((a, b) => a - b);
  console.info(
    `[signup-concurrency] ${label}: ${SIGNUPS} sign-ups in ${seconds.toFixed(2)} s = ` +
      `${(SIGNUPS / seconds).toFixed(0)} sign-ups/s; latency p50 ${percentile(latencies, 0.5).toFixed(0)} ms, ` +
      `p99 ${percentile(latencies, 0.99).toFixed(0)} ms`,
  );
  return outcomes;
}

const TOKEN_LOCATION = /^\/rsvp\/([A-Za-z0-9_-]{43})\?welcome=1$/;

/** The invariants of one burst: exact capacity, first come first served, nothing lost or doubled. */
async function checkBurst(occurrenceId: number, outcomes: Outcome[], urls: string[], tag: string) {
  // Every request was a sign-up that worked: 302 to its manage page, no 4xx, no 5xx.
  const statuses = new Map<number, number>();
  for (const outcome of outcomes) {
    statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
  }
  expect(Object.fromEntries(statuses)).toEqual({ 302: SIGNUPS });
  const tokenByEmail = new Map<string, string>();
  const sizeByEmail = new Map<string, number>();
  for (const outcome of outcomes) {
    const match = TOKEN_LOCATION.exec(outcome.location);
    expect(match, `Location of sign-up ${outcome.index}: ${outcome.location}`).not.toBeNull();
    tokenByEmail.set(outcome.email, match?.[1] ?? "");
    sizeByEmail.set(outcome.email, outcome.size);
  }
  expect(new Set(tokenByEmail.values()).size).toBe(SIGNUPS);

  const rows = await server.db
    .selectFrom("rsvps")
    .select(["id", "email", "status", "adults", "children", "party_size", "token_hash"])
    .where("occurrence_id", "=", occurrenceId)
    .orderBy("id")
    .execute();

  // One row per request: no duplicates, none lost, each with the party it asked for.
  expect(rows).toHaveLength(SIGNUPS);
  expect(new Set(rows.map((row) => row.email)).size).toBe(SIGNUPS);
  expect(new Set(rows.map((row) => row.token_hash)).size).toBe(SIGNUPS);
  for (const row of rows) {
    const email = row.email ?? "";
    expect(sizeByEmail.get(email), `party of ${email}`).toBe(row.party_size);
    expect(row.adults + row.children).toBe(row.party_size);
    expect(["confirmed", "waitlisted"]).toContain(row.status);
  }

  // Capacity counts people: never more than 50, and the list is not left half empty.
  const confirmed = rows.filter((row) => row.status === "confirmed");
  const waitlisted = rows.filter((row) => row.status === "waitlisted");
  const confirmedPeople = confirmed.reduce((sum, row) => sum + row.party_size, 0);
  const largestParty = Math.max(...rows.map((row) => row.party_size));
  expect(confirmedPeople).toBeLessThanOrEqual(CAPACITY);
  expect(confirmedPeople).toBeGreaterThanOrEqual(CAPACITY - (largestParty - 1));
  expect(waitlisted.length).toBeGreaterThan(0);

  // Arrival order = commit order = id order: once someone waits, nobody after is confirmed,
  // and the first one to wait really did not fit.
  const firstWaiting = rows.findIndex((row) => row.status === "waitlisted");
  expect(rows.slice(0, firstWaiting).every((row) => row.status === "confirmed")).toBe(true);
  expect(rows.slice(firstWaiting).every((row) => row.status === "waitlisted")).toBe(true);
  expect(confirmedPeople + rows[firstWaiting].party_size).toBeGreaterThan(CAPACITY);

  // The manage pages show each place in the queue: a sample from both ends of the list,
  // read from the servers in turn.
  const sample = [...waitlisted.keys()].filter((rank) => rank < 5 || rank >= waitlisted.length - 5);
  await Promise.all(
    sample.map(async (rank, i) => {
      const token = tokenByEmail.get(waitlisted[rank].email ?? "");
      const { status, $ } = await getPage(`${urls[i % urls.length]}/rsvp/${token}`);
      expect(status).toBe(200);
      expect(text($, ".rsvp-status")).toBe(`Du står på väntelistan, plats ${rank + 1}.`);
    }),
  );
  await Promise.all(
    [confirmed[0], confirmed[confirmed.length - 1]].map(async (row, i) => {
      const token = tokenByEmail.get(row.email ?? "");
      const { status, $ } = await getPage(`${urls[i % urls.length]}/rsvp/${token}`);
      expect(status).toBe(200);
      expect(text($, ".rsvp-status")).toBe("Du är anmäld.");
    }),
  );

  // Each sign-up committed its mail with it: one in the outbox per resident.
  const mails = await server.db
    .selectFrom("outbox")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("to_address", "like", `${tag}-%@example.test`)
    .executeTakeFirstOrThrow();
  expect(Number(mails.count)).toBe(SIGNUPS);
}

describe(`${SIGNUPS} concurrent sign-ups for ${CAPACITY} places`, () => {
  it("one server process: at most 50 confirmed, the rest waitlisted in arrival order", async () => {
    const session = await familjedagSession();
    await server.db
      .updateTable("occurrences")
      .set({ capacity: CAPACITY })
      .where("id", "=", session.id)
      .execute();
    const path = `/activities/familjedag/${session.id}`;

    const outcomes = await burst("1 process", [server.url], path, "one");
    await checkBurst(session.id, outcomes, [server.url], "one");
  });

  it("two server processes on one database file: the same guarantees", async () => {
    const template = await familjedagSession();
    const weekLater = (instant: string) =>
      toInstantString(new Date(Date.parse(instant) + 7 * DAY_MS));
    const stamp = toInstantString(new Date());
    const { id } = await server.db
      .insertInto("occurrences")
      .values({
        activity_id: template.activity_id,
        schedule_id: null,
        scheduled_date: new Date(Date.parse(`${template.scheduled_date}T00:00:00Z`) + 7 * DAY_MS)
          .toISOString()
          .slice(0, 10),
        starts_at: weekLater(template.starts_at),
        ends_at: weekLater(template.ends_at),
        room_id: template.room_id,
        location_name: template.location_name,
        capacity: CAPACITY,
        created_at: stamp,
        updated_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    second = await startSecondServer(server.dbFile, serverEnv);
    const urls = [server.url, second.url];
    const path = `/activities/familjedag/${id}`;

    const outcomes = await burst("2 processes", urls, path, "two");
    await checkBurst(id, outcomes, urls, "two");
  });
});
