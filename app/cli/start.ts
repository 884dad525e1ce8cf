// `npm start`: build when the sources are newer than the build, then run the server, which
// migrates the database and seeds the demo into an empty one before it listens.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { SERVER_NODE_FLAGS } from "./server-flags";

const BUILD = "build/index.js";
const SOURCES = ["app", "db", "public", "remix.config.js", "package.json", "package-lock.json"];

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  if (path === join("public", "build")) return 0;
  return readdirSync(path).reduce(
    (newest, entry) => Math.max(newest, newestChange(join(path, entry))),
    stat.mtimeMs,
  );
}

const builtAt = existsSync(BUILD) ? statSync(BUILD).mtimeMs : 0;
if (builtAt < Math.max(...SOURCES.map(newestChange))) {
  console.info("Building the app…");
  const built = spawnSync("npx", ["remix", "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

// Its own Node process, for the heap settings (app/cli/server-flags.ts) and so no TypeScript
// loader stays in the server; signals are passed on, and its exit code is ours.
// React and Remix pick their production code by NODE_ENV, which a fresh shell leaves unset.
const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, BUILD], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? "production" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
