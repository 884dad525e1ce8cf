import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { SERVER_NODE_FLAGS } from "~/cli/server-flags";
import { ROOT, SERVER_BUILD } from "./paths";

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

/**
 * A `node build/index.js` whose process the test holds, for tests that signal it (SIGKILL,
 * SIGTERM) or restart it on the same database file. Started the way test-server.ts starts one.
 */
export type SpawnedServer = {
  url: string;
  pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  /** Resolves when the process has ended, with its exit code or the signal that ended it. */
  exited: Promise<Exit>;
  signal: (signal: NodeJS.Signals) => void;
  /** SIGTERM, and SIGKILL if that has not ended it within `graceMs`. */
  stop: (graceMs?: number) => Promise<Exit>;
};

export async function spawnServer(
  dbFile: string,
  env: Record<string, string> = {},
): Promise<SpawnedServer> {
  let output = "";
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, SERVER_BUILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: dbFile,
      SEED_DEMO: "0",
      MAIL_OUTBOX_DIR: `${dbFile}-outbox`,
      ERASURE_LOG: `${dbFile}-erasures.log`,
      BACKUP_DIR: `${dbFile}-backups`,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<Exit>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Server did not start:\n${output}`)), 20_000);
    const check = () => {
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off("data", check);
      resolve(match[1].replace("localhost", "127.0.0.1"));
    };
    child.stdout?.on("data", check);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`Server exited with ${code ?? signal}:\n${output}`));
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("the server has no process id");
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url,
    pid,
    output: () => output,
    exited,
    signal: (signal) => {
      if (running()) child.kill(signal);
    },
    stop: async (graceMs = 10_000) => {
      if (!running()) return exited;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
  };
}

/** Removes a test database and everything a server keeps beside it. */
export function removeDatabase(dbFile: string): void {
  for (const suffix of ["", "-wal", "-shm", "-outbox", "-erasures.log", "-backups"]) {
    rmSync(`${dbFile}${suffix}`, { force: true, recursive: true });
  }
}
