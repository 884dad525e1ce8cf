import { spawn } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toInstantString } from "~/domain/time";
import { anonymiseOldData } from "~/models/privacy.server";
import { openDatabase, type DB } from "~/utils/db.server";
import { getPage, text } from "../support/html";
import { loginAs, postForm } from "../support/login";
import { ROOT } from "../support/paths";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let session = 0;

beforeAll(async () => {
  server = await startTestServer({
    env: { SIGNUP_LIMIT_PER_IP: "100000", SIGNUP_LIMIT_PER_EMAIL: "1000" },
  });
  session = (
    await server.db
      .selectFrom("occurrences as o")
      .innerJoin("activities as a", "a.id", "o.activity_id")
      .select("o.id")
      .where("a.slug", "=", "familjedag")
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await server?.stop();
});

async function signUp(
  fields: Record<string, string>,
  target = `/activities/familjedag/${session}`,
) {
  const answer = await postForm(server, target, null, {
    intent: "signup",
    adults: "1",
    children: "0",
    ...fields,
  });
  expect(answer.status).toBe(302);
  return (answer.headers.get("location") ?? "").replace(/\?.*$/, "");
}

/** Every text cell of every table that contains `needle`, as "table.column". */
async function findEverywhere(db: DB, needle: string): Promise<string[]> {
  const tables = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(
    db,
  );
  const found: string[] = [];
  for (const { name } of tables.rows) {
    const columns = await sql<{
      name: string;
      type: string;
    }>`select name, type from pragma_table_info(${name})`.execute(db);
    for (const column of columns.rows.filter((c) => c.type.toLowerCase() === "text")) {
      const hits = await sql<{
        n: number;
      }>`select count(*) as n from ${sql.table(name)} where ${sql.ref(column.name)} like ${`%${needle}%`}`.execute(
        db,
      );
      if (Number(hits.rows[0]?.n) > 0) found.push(`${name}.${column.name}`);
    }
  }
  return found;
}

/** The figures the reports are made of: visitors, and sign-ups counted in people. */
async function figures(db: DB) {
  const visitors = await sql<{
    total: number;
  }>`select coalesce(sum(headcount), 0) as total from attendance`.execute(db);
  const signups = await sql<{
    status: string;
    people: number;
    n: number;
  }>`select status, sum(party_size) as people, count(*) as n from rsvps group by status order by status`.execute(
    db,
  );
  return { visitors: visitors.rows[0]?.total, signups: signups.rows };
}

describe("retention: keep the statistics, drop the names", () => {
  it("anonymises sign-ups of sessions ended more than 90 days ago; the figures stay the same", async () => {
    const past = await server.db
      .selectFrom("occurrences as o")
      .innerJoin("activities as a", "a.id", "o.activity_id")
      .select(["o.id", "o.activity_id"])
      .where("a.slug", "=", "ungdomsgruppen")
      .where("o.ends_at", "<", toInstantString(new Date()))
      .orderBy("o.starts_at")
      .executeTakeFirstOrThrow();
    const stamp = toInstantString(new Date());
    await server.db
      .insertInto("rsvps")
      .values({
        activity_id: past.activity_id,
        occurrence_id: past.id,
        name: "Retentia Gammal",
        email: "retentia@example.org",
        phone: "0709998877",
        adults: 1,
        children: 0,
        party_size: 1,
        note: "Allergisk mot retention",
        locale: "sv",
        status: "confirmed",
        token_nonce: "nonce-old-signup",
        token_hash: "hash-old-signup",
        created_at: stamp,
        updated_at: stamp,
        promoted_at: null,
        cancelled_at: null,
      })
      .execute();
    // A fresh sign-up for a future session must keep its data.
    await signUp({ name: "Framtida Färsk", email: "framtida@example.org" });
    const before = await figures(server.db);

    // Fake clock: 200 days from now, every demo session so far is older than 90 days.
    const later = new Date(Date.now() + 200 * 86_400_000);
    const result = await anonymiseOldData(server.db, later, 90);
    expect(result.rsvps).toBeGreaterThanOrEqual(1);

    expect(await figures(server.db)).toEqual(before);
    for (const needle of ["Retentia", "retentia@example.org", "0709998877", "Allergisk"]) {
      expect(await findEverywhere(server.db, needle), needle).toEqual([]);
    }
    // The family day is within 200 − 90 days from now? Only sessions ended before the cutoff lose data.
    const fresh = await server.db
      .selectFrom("rsvps as r")
      .innerJoin("occurrences as o", "o.id", "r.occurrence_id")
      .select(["r.name", "o.ends_at"])
      .where("r.email", "=", "framtida@example.org")
      .executeTakeFirst();
    if (fresh)
      expect(fresh.ends_at >= toInstantString(new Date(later.getTime() - 90 * 86_400_000))).toBe(
        true,
      );
  });
});

describe("erasure", () => {
  it("lets a resident erase their sign-up from the manage link; the waiting list moves up", async () => {
    await server.db
      .updateTable("occurrences")
      .set({ capacity: 1 })
      .where("id", "=", session)
      .execute();
    await server.db
      .updateTable("rsvps")
      .set({ status: "cancelled" })
      .where("occurrence_id", "=", session)
      .execute();
    const manage = await signUp({
      name: "Eja Raderasson",
      email: "eja@example.org",
      phone: "070 111 22 33",
      note: "hej",
    });
    await signUp({ name: "Väntande", email: "vantande@example.org" });
    const erased = await postForm(server, manage, null, { intent: "erase" });
    expect(erased.status).toBe(302);
    const page = await getPage(`${server.url}${manage}?done=erased`);
    expect(text(page.$, ".notice")).toBe("Dina uppgifter är raderade och anmälan är avbokad.");
    expect(page.html).not.toContain("Eja");
    for (const needle of ["Eja Raderasson", "eja@example.org", "070 111 22 33"]) {
      expect(await findEverywhere(server.db, needle), needle).toEqual([]);
    }
    const waiting = await server.db
      .selectFrom("rsvps")
      .select("status")
      .where("email", "=", "vantande@example.org")
      .executeTakeFirstOrThrow();
    expect(waiting.status).toBe("confirmed");
    const log = await server.db
      .selectFrom("erasures")
      .selectAll()
      .where("kind", "=", "rsvp")
      .execute();
    expect(log).toHaveLength(1);
    expect(JSON.stringify(log)).not.toContain("eja");
    expect(readFileSync(`${server.dbFile}-erasures.log`, "utf8")).toContain(
      log[0]?.subject_hash ?? "missing",
    );
  });

  it("lets staff erase everything held for an email or a phone number, with a receipt", async () => {
    await server.db
      .updateTable("occurrences")
      .set({ capacity: null })
      .where("id", "=", session)
      .execute();
    await signUp({ name: "Stina Staff", email: "stina@example.org", phone: "+46 70-555 66 77" });
    await signUp({ name: "Stina Kurs", email: "stina@example.org" }, "/activities/malarkurs");
    await signUp(
      { name: "Telefon Tor", phone: "070 5556677" },
      `/activities/pizzatavling/${(await server.db.selectFrom("occurrences as o").innerJoin("activities as a", "a.id", "o.activity_id").select("o.id").where("a.slug", "=", "pizzatavling").executeTakeFirstOrThrow()).id}`,
    );
    const cookie = await loginAs(server, "staff@example.org");

    const byEmail = await getPage(`${server.url}/staff/erase`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ kind: "email", value: "Stina@Example.org" }),
    });
    expect(byEmail.status).toBe(200);
    expect(text(byEmail.$, ".notice")).toMatch(
      /^Kvitto: 2 anmälningar raderade, varav 2 avbokade, \d+ mejl och 0 kalenderlänkar borttagna\.$/,
    );
    expect(await findEverywhere(server.db, "stina@example.org")).toEqual([]);
    expect(await findEverywhere(server.db, "Stina")).toEqual([]);

    const byPhone = await getPage(`${server.url}/staff/erase`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ kind: "phone", value: "070-555 66 77" }),
    });
    expect(text(byPhone.$, ".notice")).toMatch(/^Kvitto: 1 anmälningar raderade/);
    expect(await findEverywhere(server.db, "Telefon Tor")).toEqual([]);

    const bad = await getPage(`${server.url}/staff/erase`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ kind: "email", value: "inte en adress" }),
    });
    expect(bad.status).toBe(400);
    expect(text(bad.$, "#erase-value-error")).toBe(
      "Skriv en e-postadress eller ett telefonnummer.",
    );
    const audit = await server.db
      .selectFrom("audit_log")
      .select("summary")
      .where("action", "=", "erase")
      .execute();
    expect(audit.length).toBe(2);
    expect(JSON.stringify(audit)).not.toContain("stina");
  });
});

function run(script: string, env: Record<string, string>) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${script} exited ${code}:\n${output}`)),
    );
  });
}

describe("backup and restore", () => {
  it("copies the database consistently during a burst of writes, and a restore can be cleaned again", async () => {
    const target = `${server.dbFile}-backups/during-burst.db`;
    // 60 sign-ups in flight while the backup copies the file page by page.
    const burst = Array.from({ length: 60 }, (_, n) =>
      signUp({ name: `Burst ${n}`, email: `burst${n}@example.org` }),
    );
    const during = run("app/cli/backup.ts", {
      DATABASE_URL: server.dbFile,
      BACKUP_DIR: `${server.dbFile}-backups`,
    });
    const [output] = await Promise.all([during, ...burst]);
    expect(output).toContain("integrity_check: ok");

    // Another backup to an explicit file, once the burst has been answered.
    const explicit = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", "app/cli/backup.ts", target], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: server.dbFile },
      });
      let log = "";
      child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
      child.once("exit", (code) => (code === 0 ? resolve(log) : reject(new Error(log))));
    });
    expect(explicit).toContain(target);
    expect(existsSync(target)).toBe(true);

    const copy = openDatabase(target);
    const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(copy);
    expect(check.rows[0]?.integrity_check).toBe("ok");
    const inCopy = await copy
      .selectFrom("rsvps")
      .select("email")
      .where("email", "like", "burst%")
      .execute();
    expect(inCopy).toHaveLength(60);
    await copy.destroy();

    // Someone is erased after the backup was taken ...
    const cookie = await loginAs(server, "staff@example.org");
    const erased = await postForm(server, "/staff/erase", cookie, {
      kind: "email",
      value: "burst7@example.org",
    });
    expect(erased.status).toBe(200);
    expect(await findEverywhere(server.db, "burst7@example.org")).toEqual([]);
    // ... then the backup is restored (as its own file here) and the erasures applied again.
    const restored = `${server.dbFile}-restored.db`;
    copyFileSync(target, restored);
    const reapplied = await run("app/cli/reapply-erasures.ts", {
      DATABASE_URL: restored,
      ERASURE_LOG: `${server.dbFile}-erasures.log`,
    });
    expect(reapplied).toMatch(/Erasures applied again: [1-9]\d* subjects/);
    const db = openDatabase(restored);
    expect(await findEverywhere(db, "burst7@example.org")).toEqual([]);
    expect(
      await db.selectFrom("rsvps").select("id").where("email", "=", "burst8@example.org").execute(),
    ).toHaveLength(1);
    await db.destroy();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${restored}${suffix}`, { force: true });
  });
});
