import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { openDatabase, type DB } from "~/utils/db.server";
import { SERVER_NODE_FLAGS } from "~/cli/server-flags";
import { ROOT, SERVER_BUILD, TMP } from "./paths";

export type TestServer = {
  url: string;
  dbFile: string;
  /** A connection of the test's own to the server's database file, for setup and checks. */
  db: DB;
  logs: () => string;
  stop: () => Promise<void>;
};

/** A fresh copy of a template database for one test file. */
export function freshDatabase(template: "demo" | "empty" = "demo"): string {
  mkdirSync(TMP, { recursive: true });
  const file = join(TMP, `test-${randomUUID()}.db`);
  copyFileSync(inject(template === "demo" ? "templateDb" : "emptyTemplateDb"), file);
  return file;
}

/**
 * Starts the production build (`node build/index.js`) on its own copy of the database and a
 * free port, the way `npm start` runs it.
 */
export async function startTestServer(
  options: { template?: "demo" | "empty"; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const dbFile = freshDatabase(options.template);
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
      // Mail without SMTP_URL lands in files: keep them with the test's database, not in data/.
      MAIL_OUTBOX_DIR: `${dbFile}-outbox`,
      ERASURE_LOG: `${dbFile}-erasures.log`,
      BACKUP_DIR: `${dbFile}-backups`,
      ...options.env,
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
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Server exited with ${code}:\n${output}`));
    });
  });
  const db = openDatabase(dbFile);
  return {
    url,
    dbFile,
    db,
    logs: () => output,
    stop: async () => {
      await db.destroy();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      for (const suffix of ["", "-wal", "-shm", "-outbox", "-erasures.log", "-backups"]) {
        rmSync(`${dbFile}${suffix}`, { force: true, recursive: true });
      }
    },
  };
}
