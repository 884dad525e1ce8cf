import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { dataVersion, versionedCache } from "~/utils/data-version.server";
import { openDatabase } from "~/utils/db.server";

const dir = mkdtempSync(join(tmpdir(), "data-version-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("dataVersion", () => {
  it("moves with this connection's writes and with commits by another connection, not with reads", async () => {
    const file = join(dir, "version.db");
    const ours = openDatabase(file);
    const theirs = openDatabase(file);
    await sql`create table notes (id integer primary key, body text)`.execute(ours);
    const start = await dataVersion(ours);
    await sql`select count(*) from notes`.execute(ours);
    await sql`select count(*) from notes`.execute(theirs);
    expect(await dataVersion(ours)).toBe(start);

    await sql`insert into notes (body) values ('ours')`.execute(ours);
    const afterOwn = await dataVersion(ours);
    expect(afterOwn).not.toBe(start);

    await sql`insert into notes (body) values ('theirs')`.execute(theirs);
    const afterOther = await dataVersion(ours);
    expect(afterOther).not.toBe(afterOwn);

    // An update that matches no row changes nothing.
    await sql`update notes set body = 'x' where id = 999`.execute(ours);
    expect(await dataVersion(ours)).toBe(afterOther);
    await Promise.all([ours.destroy(), theirs.destroy()]);
  });

  it("never gives two connections the same version, though their counters agree", async () => {
    const first = openDatabase(join(dir, "first.db"));
    const second = openDatabase(join(dir, "second.db"));
    expect(await dataVersion(first)).not.toBe(await dataVersion(second));
    await Promise.all([first.destroy(), second.destroy()]);
  });
});

describe("versionedCache", () => {
  it("computes once per key and version, and again when the version moves", async () => {
    const cache = versionedCache<string>({ limit: 10 });
    let computed = 0;
    const compute = async () => `answer ${++computed}`;
    const [a, b] = await Promise.all([cache.get("k", "1", compute), cache.get("k", "1", compute)]);
    expect([a, b, computed]).toEqual(["answer 1", "answer 1", 1]);
    expect(await cache.get("k", "2", compute)).toBe("answer 2");
    expect(await cache.get("other", "2", compute)).toBe("answer 3");
  });

  it("evicts the least recently used beyond its limit and its bytes", async () => {
    const cache = versionedCache<string>({
      limit: 2,
      sizeOf: (value) => value.length,
      maxBytes: 8,
    });
    await cache.get("a", "1", async () => "aaa");
    await cache.get("b", "1", async () => "bbb");
    await cache.get("a", "1", async () => "never");
    await cache.get("c", "1", async () => "ccc");
    expect(cache.size).toBe(2);
    expect(await cache.get("a", "1", async () => "again")).toBe("aaa");
    expect(await cache.get("b", "1", async () => "recomputed")).toBe("recomputed");
    await cache.get("big", "1", async () => "bbbbbbb");
    expect(cache.bytes).toBeLessThanOrEqual(8);
  });

  it("forgets a failure and an answer past its age", async () => {
    const cache = versionedCache<string>({ limit: 5, maxAgeMs: 0 });
    await expect(
      cache.get("k", "1", async () => {
        throw new Error("down");
      }),
    ).rejects.toThrow("down");
    expect(cache.size).toBe(0);
    await cache.get("k", "1", async () => "first");
    expect(await cache.get("k", "1", async () => "fresh")).toBe("fresh");
  });
});
