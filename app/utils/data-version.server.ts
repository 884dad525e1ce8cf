import { sql } from "kysely";
import type { DB } from "./db.server";

/**
 * A number that changes whenever the database's contents may have changed: rows written by this
 * process's connection (`total_changes()`) or a commit by any other connection to the file
 * (`PRAGMA data_version`: `npm run jobs`, a second server, a restore). One query of two counters,
 * a few microseconds, so answers computed from the data can be kept until it moves.
 *
 * Both counters only grow while the connection is open, so their pair is never repeated; the
 * connection's own number goes first, as two connections (tests open several) may count alike.
 * A rolled-back write still moves it: a cache then only recomputes once too often.
 */
export async function dataVersion(db: DB): Promise<string> {
  const result = await sql<{ own: number; others: number }>`
    select total_changes() as own, data_version as others from pragma_data_version
  `.execute(db);
  const row = result.rows[0];
  return `${connectionNumber(db)}.${row.own}.${row.others}`;
}

const connections = new WeakMap<DB, number>();
let lastConnection = 0;

function connectionNumber(db: DB): number {
  let number = connections.get(db);
  if (number === undefined) {
    number = ++lastConnection;
    connections.set(db, number);
  }
  return number;
}

/**
 * Answers kept per key while the data version is unchanged, evicting the least recently used
 * beyond `limit` entries and anything older than `maxAgeMs` (for answers that also depend on the
 * clock). Concurrent misses for the same key and version share one computation.
 */
export function versionedCache<T>(options: {
  limit: number;
  maxAgeMs?: number;
  /** The size of an answer, counted against `maxBytes`; without it entries are counted. */
  sizeOf?: (value: T) => number;
  maxBytes?: number;
}) {
  type Entry = { version: string; at: number; value: Promise<T>; size: number };
  const entries = new Map<string, Entry>();
  let bytes = 0;

  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    bytes -= entry.size;
    entries.delete(key);
  };

  const trim = () => {
    const maxBytes = options.maxBytes ?? Infinity;
    while (entries.size > options.limit || bytes > maxBytes) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      drop(oldest);
    }
  };

  return {
    async get(key: string, version: string, compute: () => Promise<T>): Promise<T> {
      const now = Date.now();
      const hit = entries.get(key);
      if (
        hit &&
        hit.version === version &&
        (options.maxAgeMs === undefined || now - hit.at < options.maxAgeMs)
      ) {
        entries.delete(key);
        entries.set(key, hit);
        return hit.value;
      }
      drop(key);
      const value = compute();
      const entry: Entry = { version, at: now, value, size: 0 };
      entries.set(key, entry);
      trim();
      try {
        const resolved = await value;
        if (entries.get(key) === entry) {
          entry.size = options.sizeOf ? options.sizeOf(resolved) : 0;
          bytes += entry.size;
          trim();
        }
        return resolved;
      } catch (error) {
        // A failure is not remembered: the next request tries again.
        if (entries.get(key) === entry) drop(key);
        throw error;
      }
    },
    clear() {
      entries.clear();
      bytes = 0;
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
  };
}
