// autocannon runs and the server under test, for tests/bench/run.ts.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { SERVER_NODE_FLAGS } from "~/cli/server-flags";
import { ROOT, SERVER_BUILD, TMP } from "../support/paths";

export type Measured = {
  name: string;
  connections: number;
  requests: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and answers with a status the page should not give. */
  errors: number;
  statuses: Record<number, number>;
  /** Milliseconds per answer, to merge runs. */
  latencies: number[];
  seconds: number;
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** Several runs of the same thing as one: requests over the time of all, percentiles of all. */
export function merge(name: string, runs: Measured[]): Measured {
  const latencies = runs.flatMap((run) => run.latencies);
  const sorted = [...latencies].sort((a, b) => a - b);
  const statuses: Record<number, number> = {};
  for (const run of runs) {
    for (const [status, count] of Object.entries(run.statuses)) {
      statuses[Number(status)] = (statuses[Number(status)] ?? 0) + count;
    }
  }
  const requests = runs.reduce((sum, run) => sum + run.requests, 0);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  return {
    name,
    connections: runs[0]?.connections ?? 0,
    requests,
    reqPerSec: requests / seconds,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    statuses,
    latencies,
    seconds,
  };
}

export type LoadOptions = {
  name: string;
  url: string;
  seconds: number;
  connections: number;
  headers?: Record<string, string>;
  requests?: autocannon.Request[];
  /** The statuses that count as answered; anything else is an error. */
  expect: (status: number) => boolean;
};

/** One autocannon run; statuses are counted per answer, so a 500 is an error even if fast. */
export function load(options: LoadOptions): Promise<Measured> {
  const statuses: Record<number, number> = {};
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        headers: options.headers,
        requests: options.requests,
        timeout: 30,
      },
      (error, result) => {
        if (error) return reject(error);
        const unexpected = Object.entries(statuses)
          .filter(([status]) => !options.expect(Number(status)))
          .reduce((sum, [, count]) => sum + count, 0);
        const sorted = [...latencies].sort((a, b) => a - b);
        resolve({
          name: options.name,
          connections: options.connections,
          requests: latencies.length,
          reqPerSec: latencies.length / result.duration,
          p50: percentile(sorted, 0.5),
          p99: percentile(sorted, 0.99),
          errors: result.errors + unexpected,
          statuses,
          latencies,
          seconds: result.duration,
        });
      },
    );
    instance.on("response", (_client, status, _bytes, milliseconds) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      latencies.push(milliseconds);
    });
  });
}

export type RunningServer = {
  url: string;
  pid: number;
  /** The highest resident set size seen by sampling /proc every 100 ms, in bytes. */
  sampledPeakRss: () => number;
  /** The kernel's high-water mark of the resident set (VmHWM), in bytes. */
  highWaterMark: () => number;
  stop: () => Promise<void>;
};

function procStatus(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1];
    return kib ? Number(kib) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** `node build/index.js`, as `npm start` runs it, on its own database and outbox folder. */
export async function startServer(
  env: Record<string, string>,
  script = SERVER_BUILD,
  flags = SERVER_NODE_FLAGS,
): Promise<RunningServer> {
  // The server's output (a log line per request) goes to a file: read through a pipe, it would
  // cost the load generator, on the same two cores, thousands of chunks a second.
  const logFile = `${env.DATABASE_URL ?? join(TMP, "bench")}-server-${Date.now()}.log`;
  const log = openSync(logFile, "w");
  const child = spawn(process.execPath, [...flags, script], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  const output = () => readFileSync(logFile, "utf8").slice(0, 10_000);
  const url = await new Promise<string>((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const match = /running at (http:\/\/\S+)/.exec(output());
      if (match) {
        clearInterval(poll);
        resolve(match[1].replace("localhost", "127.0.0.1"));
      } else if (Date.now() - started > 30_000) {
        clearInterval(poll);
        reject(new Error(`server did not start:\n${output()}`));
      }
    }, 50);
    child.once("exit", (code) => {
      clearInterval(poll);
      reject(new Error(`server exited with ${code}:\n${output()}`));
    });
  });
  const pid = child.pid ?? 0;
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, procStatus(pid, "VmRSS"));
  }, 100);
  return {
    url,
    pid,
    sampledPeakRss: () => peak,
    highWaterMark: () => procStatus(pid, "VmHWM"),
    stop: async () => {
      clearInterval(sampler);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(logFile, { force: true });
    },
  };
}
