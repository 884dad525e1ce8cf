// `npm start`: build when the sources are newer than the build, then run the server, which
// migrates the database and seeds the demo into an empty one before it listens.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

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

await import(new URL(`../../${BUILD}`, import.meta.url).href);
