import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { migrateToLatest } from "#db/migrate";
import { seedDemo } from "#db/seed/demo";
import { openDatabase } from "~/utils/db.server";
import { todayIn } from "~/domain/time";
import { ROOT, SERVER_BUILD, TMP } from "./paths";

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
    emptyTemplateDb: string;
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * One migrated (and one migrated + demo-seeded) template database per run, copied by each test
 * file. The name carries a hash of the migrations and the seed, plus today's date (the demo is
 * relative to today), so a changed migration never meets a stale template.
 */
export default async function setup(project: TestProject) {
  mkdirSync(TMP, { recursive: true });
  const hash = createHash("sha256");
  for (const file of [
    ...filesUnder(join(ROOT, "db")),
    ...filesUnder(join(ROOT, "app/domain")),
  ].sort()) {
    hash.update(file).update(readFileSync(file));
  }
  const key = `${hash.digest("hex").slice(0, 12)}-${todayIn(new Date())}`;

  const build = async (name: string, seed: boolean) => {
    const file = join(TMP, `template-${name}-${key}.db`);
    if (existsSync(file)) return file;
    const partial = `${file}.partial`;
    rmSync(partial, { force: true });
    const db = openDatabase(partial);
    await migrateToLatest(db);
    if (seed) await db.transaction().execute((trx) => seedDemo(trx, new Date()));
    // Closing checkpoints the WAL, so the single .db file holds everything.
    await db.destroy();
    renameSync(partial, file);
    return file;
  };
  project.provide("templateDb", await build("demo", true));
  project.provide("emptyTemplateDb", await build("empty", false));

  // Integration and browser tests run the production build; `npm test` builds first, a bare
  // `vitest` run builds here when there is no build yet.
  if (!existsSync(SERVER_BUILD)) {
    const result = spawnSync("npx", ["remix", "build"], { cwd: ROOT, stdio: "inherit" });
    if (result.status !== 0) throw new Error("remix build failed");
  }
}
