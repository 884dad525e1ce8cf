// `npm run bench`: the production build on the large data set (db/seed/large.ts), loaded with
// autocannon, every figure set against a framework floor measured in the same run on the same
// server, so the ratios hold on a noisy machine. A measurement, not a test: it never runs inside
// `npm test`. It exits 1 only when a sign-up failed or a session was overbooked.
import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, totalmem } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { createLargeDatabase } from "#db/seed/large";
import { SERVER_NODE_FLAGS } from "~/cli/server-flags";
import { todayIn, toInstantString } from "~/domain/time";
import { openDatabase, type DB } from "~/utils/db.server";
import { hashToken } from "~/utils/tokens.server";
import { ROOT, SERVER_BUILD, TMP } from "../support/paths";
import { load, merge, startServer, type Measured } from "./load";
import { pageAssets, type PageAssets } from "./page-assets";
import { findTargets, pageRecipes, recordingDatabase, type PageTargets } from "./page-queries";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const ROUNDS = 3;
const WARMUP_SECONDS = 2;
const CONNECTIONS = 10;
// Browsers and calendar apps ask for gzip, and the server's `compression` answers with it.
const HEADERS = { "accept-encoding": "gzip" };
const SIGNUP_SESSIONS = 20;
const KB = 1000;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * The large set for today, built once per day and per version of the schema and generator (the
 * name carries both, as the test templates' do), then copied for each run.
 */
async function largeTemplate(today: string): Promise<string> {
  const hash = createHash("sha256");
  for (const file of [...filesUnder(join(ROOT, "db")), ...filesUnder(join(ROOT, "app/domain"))]
    .filter((file) => file.endsWith(".ts"))
    .sort()) {
    hash.update(file).update(readFileSync(file));
  }
  const name = `bench-large-${today}-${hash.digest("hex").slice(0, 12)}.db`;
  const file = join(TMP, name);
  for (const old of readdirSync(TMP).filter((entry) => entry.startsWith("bench-large-"))) {
    if (old !== name) rmSync(join(TMP, old), { force: true });
  }
  if (!existsSync(file)) {
    const started = performance.now();
    const summary = await createLargeDatabase(file, today);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.info(
      `Large set built in ${seconds} s: ${summary.occurrences} sessions, ` +
        `${summary.rsvps} sign-ups, ${summary.attendance} attendance rows.`,
    );
  }
  return file;
}

/** A staff login the report requests carry, made the way a magic link would make it. */
async function staffCookie(db: DB, now: Date): Promise<string> {
  const staff = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", "staff@example.org")
    .executeTakeFirstOrThrow();
  const token = randomBytes(32).toString("base64url");
  await db
    .insertInto("sessions")
    .values({
      id: hashToken(token),
      user_id: staff.id,
      created_at: toInstantString(now),
      expires_at: toInstantString(new Date(now.getTime() + 86_400_000)),
      revoked_at: null,
    })
    .execute();
  return `traffpunkt_session=${token}`;
}

type SignupTarget = { path: string; occurrenceId: number; party: boolean };

/** Future sessions with a capacity and places left, so the POSTs are confirmed and waitlisted. */
async function signupTargets(db: DB, now: Date): Promise<SignupTarget[]> {
  const rows = await db
    .selectFrom("occurrences as o")
    .innerJoin("activities as a", "a.id", "o.activity_id")
    .select(["o.id", "a.slug", "a.ask_party_size"])
    .where("a.signup_mode", "=", "session")
    .where("a.status", "=", "published")
    .where("a.capacity", "is not", null)
    .where("o.status", "=", "scheduled")
    // Far enough ahead that most still have places, so some sign-ups are confirmed, some wait.
    .where("o.starts_at", ">", toInstantString(new Date(now.getTime() + 70 * 86_400_000)))
    .orderBy("o.starts_at")
    .orderBy("o.id")
    .limit(SIGNUP_SESSIONS)
    .execute();
  return rows.map((row) => ({
    path: `/activities/${row.slug}/${row.id}`,
    occurrenceId: row.id,
    party: row.ask_party_size === 1,
  }));
}

/** Confirmed people against capacity for each session, and the sign-ups this run made. */
async function signupOutcome(db: DB, targets: SignupTarget[], tag: string) {
  const rows = await db
    .selectFrom("occurrences as o")
    .innerJoin("activities as a", "a.id", "o.activity_id")
    .leftJoin("rsvps as r", "r.occurrence_id", "o.id")
    .select((eb) => [
      "o.id",
      eb.fn.coalesce("o.capacity", "a.capacity").as("capacity"),
      eb.fn
        .sum<number>(
          eb.case().when("r.status", "=", "confirmed").then(eb.ref("r.party_size")).else(0).end(),
        )
        .as("confirmed"),
      eb.fn.count<number>(eb.case().when("r.email", "like", `${tag}-%`).then(1).end()).as("ours"),
      eb.fn
        .count<number>(
          eb
            .case()
            .when(eb.and([eb("r.email", "like", `${tag}-%`), eb("r.status", "=", "confirmed")]))
            .then(1)
            .end(),
        )
        .as("ours_confirmed"),
    ])
    .where(
      "o.id",
      "in",
      targets.map((target) => target.occurrenceId),
    )
    .groupBy("o.id")
    .execute();
  return {
    overbooked: rows.filter((row) => row.capacity !== null && Number(row.confirmed) > row.capacity)
      .length,
    full: rows.filter((row) => row.capacity !== null && Number(row.confirmed) >= row.capacity - 5)
      .length,
    created: rows.reduce((sum, row) => sum + Number(row.ours), 0),
    confirmed: rows.reduce((sum, row) => sum + Number(row.ours_confirmed), 0),
  };
}

const fmt = (value: number, digits = 1) => value.toFixed(digits);
const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024)} MB`;
const mark = (ok: boolean) => (ok ? "yes" : "NO");

function machine(): string {
  const cpu =
    /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown";
  return `${availableParallelism()} cores (nproc), ${cpu}, ${mb(totalmem())} memory, Node ${process.version}`;
}

if (!existsSync(SERVER_BUILD))
  throw new Error("No build: run `npm run bench`, which builds first.");
mkdirSync(TMP, { recursive: true });
const now = new Date();
const today = todayIn(now);
const template = await largeTemplate(today);
const runFile = join(TMP, `bench-run-${process.pid}.db`);
copyFileSync(template, runFile);
const outbox = `${runFile}-outbox`;

const setup = openDatabase(runFile);
const targets: PageTargets = await findTargets(setup, now);
const cookie = await staffCookie(setup, now);
const signups = await signupTargets(setup, now);
await setup.destroy();

// A build with a change applied by hand, to measure a proposal before it lands in app code.
const serverBuild = process.env.BENCH_SERVER_BUILD ?? SERVER_BUILD;
const serverEnv = {
  DATABASE_URL: runFile,
  SEED_DEMO: "0",
  MAIL_OUTBOX_DIR: outbox,
  ERASURE_LOG: `${runFile}-erasures.log`,
  BACKUP_DIR: `${runFile}-backups`,
  // One client address sends every sign-up here; the limits guard against abuse, not load.
  SIGNUP_LIMIT_PER_IP: "100000000",
  SIGNUP_LIMIT_PER_EMAIL: "100000000",
};
// The flags `npm start` runs the server with, or others to try, e.g. BENCH_SERVER_FLAGS="" for
// V8's defaults.
const serverFlags =
  process.env.BENCH_SERVER_FLAGS === undefined
    ? SERVER_NODE_FLAGS
    : process.env.BENCH_SERVER_FLAGS.split(" ").filter(Boolean);
const server = await startServer(serverEnv, serverBuild, serverFlags);
console.info(`Server ${server.url} (pid ${server.pid}) on a copy of ${template}`);
console.info(`Machine: ${machine()}`);
console.info(`Server build: ${serverBuild}`);
console.info(`Server flags: ${serverFlags.join(" ") || "(none)"}\n`);

const recipes = pageRecipes(targets, now);
const path = (name: string) => {
  const recipe = recipes.find((candidate) => candidate.name === name);
  if (!recipe) throw new Error(`no page ${name}`);
  return recipe.path;
};
const PAGES = {
  home: path("/ (this week, every place)"),
  place: path("/places/:slug (busy week)"),
  activity: path("/activities/:slug"),
  feed: path("place feed, 200"),
  report: path("staff report, a year, one place"),
};
const FLOOR = "/login";
const ok = (status: number) => status === 200;

let signupCount = 0;
const tag = `bench-${process.pid}`;
const signupRequests = [
  {
    method: "POST" as const,
    path: signups[0].path,
    headers: { ...HEADERS, "content-type": "application/x-www-form-urlencoded" },
    // A new resident each time, spread over the sessions, parties of one to five where asked.
    setupRequest: (request: { path?: string; body?: string | Buffer }) => {
      const index = signupCount++;
      const target = signups[index % signups.length];
      const adults = target.party ? 1 + (index % 3) : 1;
      const children = target.party ? Math.floor(index / 3) % 3 : 0;
      return {
        ...request,
        path: target.path,
        body: new URLSearchParams({
          intent: "signup",
          name: `Granne ${index}`,
          email: `${tag}-${index}@example.test`,
          phone: "",
          adults: String(adults),
          children: String(children),
          note: "",
          website: "",
        }).toString(),
      };
    },
  },
];
const signedUp = (status: number) => status === 302;

type Pair = { page: Measured; floor: Measured };

/**
 * The page and the floor in turns (floor, page, floor, page, …) with the same connections, so
 * both see the same background load; the page's ratio is to the floor slices beside it.
 */
async function paired(
  name: string,
  target: string,
  options: {
    connections?: number;
    headers?: Record<string, string>;
    requests?: typeof signupRequests;
    expect?: (status: number) => boolean;
    /** Another server than the main one. */
    base?: string;
  } = {},
): Promise<Pair> {
  const connections = options.connections ?? CONNECTIONS;
  const base = options.base ?? server.url;
  const floorBase = {
    name: "floor",
    url: `${base}${FLOOR}`,
    connections,
    headers: HEADERS,
    expect: ok,
  };
  const pageBase = {
    name,
    url: `${base}${target}`,
    connections,
    headers: { ...HEADERS, ...options.headers },
    requests: options.requests,
    expect: options.expect ?? ok,
  };
  await load({ ...floorBase, seconds: 1 });
  const runs = [await load({ ...pageBase, seconds: WARMUP_SECONDS })];
  const floors: Measured[] = [];
  const pages: Measured[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    floors.push(await load({ ...floorBase, seconds: SECONDS / ROUNDS }));
    pages.push(await load({ ...pageBase, seconds: SECONDS / ROUNDS }));
  }
  runs.push(...pages);
  answered302 += runs.reduce((sum, run) => sum + (run.statuses[302] ?? 0), 0);
  const page = merge(name, pages);
  const floor = merge(`floor beside ${name}`, floors);
  if (connections === CONNECTIONS && base === server.url) floorSlices.push(...floors);
  console.info(
    `  ${name.padEnd(32)} ${fmt(page.reqPerSec, 0).padStart(5)} req/s  p50 ${fmt(page.p50).padStart(6)} ms  ` +
      `p99 ${fmt(page.p99).padStart(6)} ms  errors ${page.errors}  | floor ${fmt(floor.reqPerSec, 0)} ` +
      `req/s, p50 ${fmt(floor.p50)} ms  | × ${fmt(page.reqPerSec / floor.reqPerSec, 2)}`,
  );
  return { page, floor };
}

const floorSlices: Measured[] = [];
let answered302 = 0;
let exitCode = 0;
try {
  // The startup jobs (reminders, anonymising) run once right after listen; let them finish.
  await new Promise((resolve) => setTimeout(resolve, 3000));

  const assetChecks: { path: string; assets: PageAssets }[] = [];
  const sessionPage = signups[0].path;
  const sessionLink = {
    what: "session links",
    pattern: /href="\/activities\/[^"]+\/\d+"/,
    atLeast: 1,
  };
  for (const [page, checks] of [
    [
      PAGES.home,
      [sessionLink, { what: "filter form (GET)", pattern: /<form method="get"/, atLeast: 1 }],
    ],
    [
      PAGES.place,
      [sessionLink, { what: "week links", pattern: /href="[^"]*\?week=\d{4}-W\d{2}"/, atLeast: 2 }],
    ],
    [PAGES.activity, [{ what: "sign-up form (POST)", pattern: /<form method="post"/, atLeast: 2 }]],
    [sessionPage, [{ what: "sign-up form (POST)", pattern: /<form method="post"/, atLeast: 2 }]],
  ] as const) {
    assetChecks.push({ path: page, assets: await pageAssets(server.url, page, [...checks]) });
  }

  // The feed's first request renders the calendar; later ones are served from the cache.
  const first = await fetch(`${server.url}${PAGES.feed}`, { headers: HEADERS });
  const etag = first.headers.get("etag") ?? "";
  const feedBody = Buffer.from(await first.arrayBuffer());
  const feedGzip = gzipSync(feedBody, { level: 6 }).length;

  console.info(
    `Load: ${CONNECTIONS} connections unless said; each endpoint ${SECONDS} s in ${ROUNDS} slices ` +
      `taking turns with the floor (GET ${FLOOR}), after ${WARMUP_SECONDS} s of warm-up.`,
  );
  const home = await paired("GET / (this week)", PAGES.home);
  const place = await paired("GET /places/:slug (busy week)", PAGES.place);
  const activity = await paired("GET /activities/:slug", PAGES.activity);
  const feed200 = await paired("place feed 200", PAGES.feed);
  const feed304 = await paired("place feed 304", PAGES.feed, {
    headers: { "if-none-match": etag },
    expect: (status) => status === 304,
  });
  const signup = await paired("sign-up POST", signups[0].path, {
    requests: signupRequests,
    expect: signedUp,
  });
  const report = await paired("staff report, year, place, c=1", PAGES.report, {
    connections: 1,
    headers: { cookie },
  });
  const healthz = await paired("GET /healthz (select 1)", "/healthz");

  const hwm = server.highWaterMark();
  const sampled = server.sampledPeakRss();
  await server.stop();

  // The same pages on a server that renders every request (no page cache): what a visitor pays
  // right after a change, and what the page cache saves.
  console.info("\nRendered on every request (PAGE_CACHE_MB=0), a second server on the same data:");
  const uncachedServer = await startServer(
    { ...serverEnv, PAGE_CACHE_MB: "0" },
    serverBuild,
    serverFlags,
  );
  let uncached: { home: Pair; place: Pair; report: Pair };
  try {
    uncached = {
      home: await paired("GET / rendered", PAGES.home, { base: uncachedServer.url }),
      place: await paired("GET /places/:slug rendered", PAGES.place, {
        base: uncachedServer.url,
      }),
      // Also without the report memo: every request computes the year's figures.
      report: await paired("staff report computed, c=1", PAGES.report, {
        base: uncachedServer.url,
        connections: 1,
        headers: { cookie },
      }),
    };
  } finally {
    await uncachedServer.stop();
  }

  const floor = merge("floor GET /login (all slices)", floorSlices);
  const check = openDatabase(runFile);
  const outcome = await signupOutcome(check, signups, tag);
  await check.destroy();

  const counted = recordingDatabase(runFile);
  const queries: { name: string; count: number }[] = [];
  for (const recipe of recipes) {
    counted.queries.length = 0;
    await recipe.run(counted.db);
    queries.push({ name: recipe.name, count: counted.queries.length });
  }
  await counted.db.destroy();

  const ratio = ({ page, floor: beside }: Pair) => page.reqPerSec / beside.reqPerSec;
  const rows: [Pair, string, boolean | null][] = [
    [home, "", null],
    [
      place,
      "≥ 0.5 × floor; p99 < 4 × p50",
      ratio(place) >= 0.5 && place.page.p99 < 4 * place.page.p50 && place.page.errors === 0,
    ],
    [activity, "", null],
    [feed200, "≥ 0.5 × floor", ratio(feed200) >= 0.5 && feed200.page.errors === 0],
    [feed304, "≥ 2 × floor", ratio(feed304) >= 2 && feed304.page.errors === 0],
    [
      signup,
      "≥ 0.3 × floor; no errors, no overbooking",
      ratio(signup) >= 0.3 && signup.page.errors === 0 && outcome.overbooked === 0,
    ],
    [
      report,
      "median < 4 × floor's median (c=1)",
      report.page.p50 < 4 * report.floor.p50 && report.page.errors === 0,
    ],
    [healthz, "", null],
    [uncached.home, "(rendered every request)", null],
    [uncached.place, "(rendered every request)", null],
    [uncached.report, "(computed every request)", null],
  ];
  console.info(
    "\n| endpoint | req/s | p50 ms | p99 ms | errors | floor req/s | floor p50 ms | ÷ floor req/s | budget | met |",
  );
  console.info("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
  for (const [pair, budget, met] of rows) {
    const { page, floor: beside } = pair;
    console.info(
      `| ${page.name} | ${fmt(page.reqPerSec, 0)} | ${fmt(page.p50)} | ${fmt(page.p99)} | ` +
        `${page.errors} | ${fmt(beside.reqPerSec, 0)} | ${fmt(beside.p50)} | ${fmt(ratio(pair), 2)} | ` +
        `${budget} | ${met === null ? "" : mark(met)} |`,
    );
  }
  console.info(
    `\nFloor GET ${FLOOR} over all its c=10 slices: ${fmt(floor.reqPerSec, 0)} req/s, ` +
      `p50 ${fmt(floor.p50)} ms, p99 ${fmt(floor.p99)} ms, errors ${floor.errors}.`,
  );
  for (const [label, pair] of [
    ["Report (c=1)", report],
    ["Report computed every request (c=1)", uncached.report],
  ] as const) {
    console.info(
      `${label}: median ${fmt(pair.page.p50)} ms = ` +
        `${fmt(pair.page.p50 / pair.floor.p50)} × the floor's ${fmt(pair.floor.p50)} ms.`,
    );
  }
  console.info(
    `Feed: ${feedBody.length} bytes per 200, ${feedGzip} gzipped; ` +
      `${(feedBody.toString().match(/BEGIN:VEVENT/g) ?? []).length} events.`,
  );
  console.info(
    `Sign-ups: ${signupCount} POSTs over ${signups.length} sessions, ${outcome.created} stored ` +
      `(${outcome.confirmed} confirmed, the rest waitlisted), ${outcome.full} sessions full or ` +
      `nearly, ${outcome.overbooked} overbooked.`,
  );
  const rssOk = Math.max(hwm, sampled) < 250 * 1024 * 1024;
  console.info(
    `Server peak RSS: ${mb(hwm)} (VmHWM at the end; sampled peak ${mb(sampled)}). ` +
      `Budget < 250 MB: ${mark(rssOk)}.`,
  );
  console.info("\n| public page | scripts | JS gzipped | ≤ 90 KB | works without JS |");
  console.info("| --- | ---: | ---: | --- | --- |");
  for (const { path: page, assets } of assetChecks) {
    console.info(
      `| ${page} | ${assets.files} | ${fmt(assets.gzipBytes / KB)} KB | ` +
        `${mark(assets.gzipBytes <= 90 * KB)} | ${mark(assets.noJs.ok)}: ${assets.noJs.detail} |`,
    );
  }
  console.info("\n| page | SQL statements |");
  console.info("| --- | ---: |");
  for (const query of queries) console.info(`| ${query.name} | ${query.count} |`);

  // Every answered sign-up is stored; a POST cut off when the run stopped may be stored too.
  const stored = outcome.created >= answered302 && outcome.created <= signupCount;
  if (signup.page.errors > 0 || outcome.overbooked > 0 || !stored) {
    console.error("Sign-ups failed, were lost or overbooked: see above.");
    exitCode = 1;
  }
} finally {
  await server.stop();
  for (const suffix of ["", "-wal", "-shm", "-outbox", "-erasures.log", "-backups"]) {
    rmSync(`${runFile}${suffix}`, { force: true, recursive: true });
  }
}
process.exit(exitCode);
