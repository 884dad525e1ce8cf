import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { CompiledQuery } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLargeDatabase } from "#db/seed/large";
import { zonedToUtc } from "~/domain/time";
import { TMP } from "../support/paths";
import {
  findTargets,
  pageRecipes,
  recordingDatabase,
  type PageRecipe,
} from "../bench/page-queries";

/**
 * The hot pages' SQL must find its rows through an index: a full scan of a table that grows with
 * every week of use (or an index range open at one end, which reads all history before or after
 * a date) is fine on the demo and slow on a city's data. The statements are the ones the page's
 * model functions really run, recorded through Kysely's log, on a scaled-down large set; they
 * are checked both as the app runs today (no statistics) and after ANALYZE.
 */

const LARGE_TABLES = ["occurrences", "rsvps", "attendance", "activities"];

type Finding = { page: string; table: string; detail: string };

/**
 * Known findings: each needs a change to app code, and is listed with it so it is not forgotten.
 * The test fails when one disappears, so the entry goes as soon as the fix lands.
 */
const KNOWN: Record<"plain" | "analyzed", { page: string; detail: RegExp; why: string }[]> = {
  plain: [],
  analyzed: [
    {
      page: "/places/:slug (busy week)",
      detail: /^SCAN a$/,
      why:
        "roomItems, with statistics: SQLite walks the activities (hundreds of rows) and reaches " +
        "each one's sessions through occurrences_activity_starts_at, bounded to the week.",
    },
  ],
};

// A fixed day, so the data, the statistics and hence the plans are the same on every run.
const DAY = "2026-11-26";
const NOW = zonedToUtc(DAY, "12:00");

let file: string;

beforeAll(async () => {
  mkdirSync(TMP, { recursive: true });
  file = join(TMP, `query-plans-${process.pid}.db`);
  // As many places as the large set (the planner weighs a place's share of the rows), fewer of
  // everything else: built in about a second.
  await createLargeDatabase(file, DAY, {
    places: 30,
    activities: 100,
    rsvps: 20_000,
  });
});

afterAll(() => {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
});

/** Table names by the alias a statement gives them (`"occurrences" as "o"`), and their own. */
function aliases(query: CompiledQuery): Map<string, string> {
  const names = new Map<string, string>();
  for (const [, table, alias] of query.sql.matchAll(/(?:from|join) "(\w+)"(?: as "(\w+)")?/gi)) {
    names.set(alias ?? table, table);
  }
  return names;
}

function findings(page: string, query: CompiledQuery, plan: { detail: string }[]): Finding[] {
  const tables = aliases(query);
  return plan.flatMap(({ detail }) => {
    const scan = /^SCAN (\w+)/.exec(detail);
    const search = /^SEARCH (\w+) USING (?:COVERING )?INDEX \w+ \(([^)]*)\)/.exec(detail);
    const name = scan?.[1] ?? search?.[1];
    const table = name ? tables.get(name) : undefined;
    if (!table || !LARGE_TABLES.includes(table)) return [];
    if (scan) return [{ page, table, detail }];
    const terms = search?.[2].split(" AND ") ?? [];
    const bounded =
      terms.some((term) => /=/.test(term)) ||
      (terms.some((term) => term.includes(">")) && terms.some((term) => term.includes("<")));
    return bounded ? [] : [{ page, table, detail }];
  });
}

async function planFindings(analyze: boolean) {
  const { db, sqlite, queries } = recordingDatabase(file);
  try {
    if (analyze) sqlite.exec("analyze");
    else sqlite.exec("drop table if exists sqlite_stat1; drop table if exists sqlite_stat4");
    const recipes: PageRecipe[] = pageRecipes(await findTargets(db, NOW), NOW);
    const found: Finding[] = [];
    let statements = 0;
    for (const recipe of recipes) {
      queries.length = 0;
      await recipe.run(db);
      for (const query of queries) {
        if (!/^\s*(select|with|update|delete)\b/i.test(query.sql)) continue;
        statements++;
        const plan = sqlite
          .prepare<unknown[], { detail: string }>(`explain query plan ${query.sql}`)
          .all(...query.parameters);
        found.push(...findings(recipe.name, query, plan));
      }
    }
    return { found, statements };
  } finally {
    await db.destroy();
  }
}

describe.each([
  ["as the app runs (no statistics)", false, "plain"],
  ["after ANALYZE", true, "analyzed"],
] as const)("query plans of the hot pages, %s", (_label, analyze, mode) => {
  it("read no large table from end to end, apart from the known ones", async () => {
    const { found, statements } = await planFindings(analyze);
    expect(statements).toBeGreaterThan(30);
    const known = KNOWN[mode];
    const isKnown = (finding: Finding) =>
      known.some((entry) => entry.page === finding.page && entry.detail.test(finding.detail));
    expect(found.filter((finding) => !isKnown(finding))).toEqual([]);
    // A fixed one must leave the list.
    for (const entry of known) {
      expect(
        found.some((finding) => finding.page === entry.page && entry.detail.test(finding.detail)),
        `still found: ${entry.page} ${entry.detail}`,
      ).toBe(true);
    }
  });
});
