// `npm run bench`: measures the running production build on its own database and prints medians.
// A measurement, not a test: it asserts nothing and never runs inside `npm test`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { addDays, todayIn, toInstantString } from "~/domain/time";
import { saveSchedule } from "~/models/schedules.server";
import { openDatabase } from "~/utils/db.server";
import { ROOT, SERVER_BUILD, TMP } from "../support/paths";

const ROUNDS = 300;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function startServer(dbFile: string) {
  const child = spawn(process.execPath, [SERVER_BUILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: dbFile,
      MAIL_OUTBOX_DIR: `${dbFile}-outbox`,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1].replace("localhost", "127.0.0.1"));
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

async function time(url: string, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status, response };
}

if (!existsSync(SERVER_BUILD))
  spawnSync("npx", ["remix", "build"], { cwd: ROOT, stdio: "inherit" });
mkdirSync(TMP, { recursive: true });
const dbFile = join(TMP, `bench-${process.pid}.db`);
rmSync(dbFile, { force: true });

// The server seeds the demo on first start; then a year of weekly sessions is added at @Söder.
let server = await startServer(dbFile);
server.stop();
await new Promise((resolve) => setTimeout(resolve, 500));
const db = openDatabase(dbFile);
const place = await db
  .selectFrom("places")
  .select(["id", "area_id"])
  .where("slug", "=", "soder")
  .executeTakeFirstOrThrow();
const stamp = toInstantString(new Date());
const { id } = await db
  .insertInto("activities")
  .values({
    slug: "bench-weekly",
    title: "Veckoträff",
    category: "social",
    audience: "everyone",
    organiser_kind: "staff",
    partner_id: null,
    area_id: place.area_id,
    place_id: place.id,
    room_id: null,
    location_name: null,
    location_address: null,
    signup_mode: "none",
    capacity: null,
    status: "published",
    status_reason: null,
    created_at: stamp,
    updated_at: stamp,
  })
  .returning("id")
  .executeTakeFirstOrThrow();
const today = todayIn(new Date());
await saveSchedule(
  db,
  id,
  {
    kind: "weekly",
    intervalWeeks: 1,
    weekdays: [2],
    startDate: addDays(today, -30),
    endDate: addDays(today, 364),
    startTime: "10:00",
    endTime: "11:00",
  },
  new Date(),
  new Date(0),
);
await db.destroy();

server = await startServer(dbFile);
try {
  const feed = `${server.url}/feeds/places/soder.ics`;
  const first = await time(feed);
  const events = (await (await fetch(feed)).text()).match(/BEGIN:VEVENT/g)?.length ?? 0;
  const etag = first.response.headers.get("etag") ?? "";
  for (let warm = 0; warm < 30; warm++) await time(feed);
  const full: number[] = [];
  const notModified: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    full.push((await time(feed)).ms);
    const conditional = await time(feed, { "If-None-Match": etag });
    if (conditional.status !== 304) throw new Error(`expected 304, got ${conditional.status}`);
    notModified.push(conditional.ms);
  }
  const floor: number[] = [];
  for (let round = 0; round < ROUNDS; round++) floor.push((await time(`${server.url}/healthz`)).ms);
  console.info(
    `Place feed /feeds/places/soder.ics, ${events} events (a year of weekly sessions + the demo):`,
  );
  console.info(`  first 200, renders the calendar: ${first.ms.toFixed(2)} ms`);
  console.info(
    `  200, rendered version cached: median ${median(full).toFixed(2)} ms over ${ROUNDS}`,
  );
  console.info(`  304: median ${median(notModified).toFixed(2)} ms over ${ROUNDS} requests`);
  console.info(`  /healthz for scale: median ${median(floor).toFixed(2)} ms`);
} finally {
  server.stop();
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const suffix of ["", "-wal", "-shm", "-outbox"])
    rmSync(`${dbFile}${suffix}`, { force: true, recursive: true });
}
