// What a public page makes the browser download in JavaScript, and whether it works without it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT } from "../support/paths";

export type PageAssets = {
  path: string;
  status: number;
  files: number;
  /** Bytes of the page's scripts, each gzipped at level 6 (what `compression` sends). */
  gzipBytes: number;
  /** What a browser without JavaScript still gets from the server's HTML. */
  noJs: { ok: boolean; detail: string };
};

/** Content a page must carry in its server-rendered HTML, so it is usable with no script. */
export type NoJsCheck = { what: string; pattern: RegExp; atLeast: number };

/**
 * The scripts of one page as the browser loads them on arrival: the modulepreload links and the
 * module script's imports (the manifest, the entry, root and the matched routes, and their
 * shared chunks). Lazy route discovery loads other routes' code only when a link is followed.
 */
export async function pageAssets(
  baseUrl: string,
  path: string,
  checks: NoJsCheck[],
): Promise<PageAssets> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { "Accept-Encoding": "gzip" } });
  const html = await response.text();
  // Only what is fetched: the inline manifest also names routes the page never loads.
  const scripts = new Set(
    [
      ...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g),
      ...html.matchAll(/import(?:[^"';]*from)?\s*\(?\s*"(\/build\/[^"]+)"/g),
      ...html.matchAll(/<script[^>]* src="(\/build\/[^"]+)"/g),
    ].map((match) => match[1]),
  );
  let gzipBytes = 0;
  for (const script of scripts) {
    const file = join(ROOT, "public", script);
    gzipBytes += gzipSync(readFileSync(file), { level: 6 }).length;
  }
  const failed = checks.filter(
    (check) => (html.match(new RegExp(check.pattern, "g")) ?? []).length < check.atLeast,
  );
  return {
    path,
    status: response.status,
    files: scripts.size,
    gzipBytes,
    noJs: {
      ok: response.status === 200 && failed.length === 0,
      detail:
        failed.length === 0
          ? checks.map((check) => check.what).join(", ")
          : `missing: ${failed.map((check) => check.what).join(", ")}`,
    },
  };
}
