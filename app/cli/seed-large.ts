// `npm run seed:large [file] [--date YYYY-MM-DD] [--force]`: a new database file (default
// data/large.db) migrated and filled with the large benchmark set around the given date (default
// today, Stockholm). The same date gives the same rows.
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { createLargeDatabase } from "#db/seed/large";
import { isValidLocalDate, todayIn } from "~/domain/time";

const USAGE = "Usage: npm run seed:large -- [file] [--date YYYY-MM-DD] [--force]";

const { values, positionals } = parseArgs({
  options: {
    date: { type: "string" },
    force: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
  allowPositionals: true,
});
if (values.help || positionals.length > 1) {
  console.info(USAGE);
  process.exit(values.help ? 0 : 1);
}
const file = positionals[0] ?? "data/large.db";
const today = values.date ?? todayIn(new Date());
if (!isValidLocalDate(today)) {
  console.error(`Not a date: ${today}\n${USAGE}`);
  process.exit(1);
}
// A database file is somebody's data until told otherwise.
if (existsSync(file) && !values.force) {
  console.error(`${file} exists; add --force to replace it.`);
  process.exit(1);
}

mkdirSync(dirname(file), { recursive: true });
const started = performance.now();
const summary = await createLargeDatabase(file, today);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.info(`Wrote ${file} in ${seconds} s, built around ${summary.today}:`);
for (const [name, value] of Object.entries(summary)) {
  if (name !== "today") console.info(`  ${name.padEnd(16)} ${value}`);
}
