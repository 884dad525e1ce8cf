import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Migrator } from "kysely";
import { simpleParser } from "mailparser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import * as createOutbox from "#db/migrations/2026_11_27_0004_create_outbox";
import { migrations } from "#db/migrations/index";
import { fromInstantString, toInstantString } from "~/domain/time";
import { claimDue, enqueueMail, retryDelayMs, type NewMail } from "~/models/outbox.server";
import { openDatabase, type DB } from "~/utils/db.server";
import { deliverDue, startMailWorker } from "~/utils/mail-worker.server";
import { createMailTransport, type MailTransport } from "~/utils/mailer.server";
import { freePort, startMailCatcher } from "../support/mail-catcher";
import { ROOT, TMP } from "../support/paths";

const FROM = "Träffpunkt <noreply@traffpunkt.example>";
const MINUTE = 60_000;

type Smtp = { port: number; messages: Buffer[]; close: () => Promise<void> };

/** The shared SMTP catcher, seen as the raw messages it accepted. */
async function startSmtp(port = 0): Promise<Smtp> {
  const catcher = await startMailCatcher(port);
  return {
    port: catcher.port,
    get messages() {
      return catcher.mails.map((mail) => mail.raw);
    },
    close: catcher.close,
  };
}

function messageIds(smtp: Smtp): string[] {
  return smtp.messages.map((raw) => /^Message-ID:\s*(<[^>]+>)/im.exec(raw.toString())?.[1] ?? "");
}

function confirmation(n: number): NewMail {
  return {
    kind: "rsvp-confirmation",
    to: `boende${n}@example.org`,
    locale: "sv",
    subject: `Du är anmäld (${n})`,
    text: `Hej! Du är anmäld till Målarkurs. Nummer ${n}.`,
  };
}

const WORKER_PROCESS = `
  const { openDatabase } = await import("~/utils/db.server");
  const { deliverDue } = await import("~/utils/mail-worker.server");
  const { createMailTransport } = await import("~/utils/mailer.server");
  const db = openDatabase(process.env.OUTBOX_DB);
  const transport = createMailTransport({
    smtpUrl: process.env.OUTBOX_SMTP_URL, from: "Träffpunkt <noreply@traffpunkt.example>", outboxDir: "",
  });
  console.log("ready");
  await new Promise((resolve) => process.stdin.once("data", resolve));
  const counts = await deliverDue(db, transport, new Date(), { batchSize: 5 });
  transport.close();
  await db.destroy();
  console.log(JSON.stringify(counts));
`;
const countsSchema = z.object({ sent: z.number(), retrying: z.number(), failed: z.number() });

/** A mail worker in a process of its own, which starts delivering when told to. */
function spawnWorker(dbFile: string, smtpUrl: string) {
  const child = spawn(
    process.execPath,
    [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "--input-type=module", "--eval", WORKER_PROCESS],
    { cwd: ROOT, env: { ...process.env, OUTBOX_DB: dbFile, OUTBOX_SMTP_URL: smtpUrl } },
  );
  let output = "";
  let errors = "";
  child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.startsWith("ready\n")) resolve();
    });
    child.once("exit", () => reject(new Error(`worker did not start:\n${errors}`)));
  });
  const result = new Promise<z.infer<typeof countsSchema>>((resolve, reject) => {
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`worker exited with ${code}:\n${errors}`));
      else resolve(countsSchema.parse(JSON.parse(output.trim().split("\n").pop() ?? "")));
    });
  });
  return { ready, go: () => child.stdin.end("go\n"), result };
}

let dbFile: string;
let db: DB;
let smtp: Smtp | undefined;
const transports: MailTransport[] = [];
const extraDbs: DB[] = [];

function smtpTransport(port: number): MailTransport {
  const transport = createMailTransport({
    smtpUrl: `smtp://127.0.0.1:${port}`,
    from: FROM,
    outboxDir: join(TMP, "unused-outbox"),
  });
  transports.push(transport);
  return transport;
}

beforeEach(async () => {
  mkdirSync(TMP, { recursive: true });
  dbFile = join(TMP, `outbox-${randomUUID()}.db`);
  db = openDatabase(dbFile);
  // Named here as well, so the test does not depend on the outbox being in the app's list yet.
  const migrator = new Migrator({
    db,
    provider: {
      getMigrations: async () => ({
        ...migrations,
        "2026_11_27_0004_create_outbox": createOutbox,
      }),
    },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
});

afterEach(async () => {
  for (const transport of transports.splice(0)) transport.close();
  await smtp?.close();
  smtp = undefined;
  for (const other of extraDbs.splice(0)) await other.destroy();
  await db.destroy();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${dbFile}${suffix}`, { force: true });
  vi.restoreAllMocks();
});

const outboxRows = () => db.selectFrom("outbox").selectAll().orderBy("id").execute();

describe("enqueueMail", () => {
  it("sends a mail only when the transaction that enqueued it commits", async () => {
    smtp = await startSmtp();
    const transport = smtpTransport(smtp.port);
    const now = new Date();

    await expect(
      db.transaction().execute(async (trx) => {
        await enqueueMail(trx, confirmation(1), now);
        throw new Error("the course is full");
      }),
    ).rejects.toThrow("the course is full");
    expect(await outboxRows()).toEqual([]);

    await db.transaction().execute((trx) => enqueueMail(trx, confirmation(2), now));
    expect(await deliverDue(db, transport, now)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.messages).toHaveLength(1);
    const parsed = await simpleParser(smtp.messages[0]);
    expect(parsed.subject).toBe("Du är anmäld (2)");
  });
});

describe("deliverDue over SMTP", () => {
  it("delivers subject, text, HTML and the .ics invitation under the row's Message-ID", async () => {
    smtp = await startSmtp();
    const transport = smtpTransport(smtp.port);
    const now = new Date();
    const ics = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Träffpunkt//SV",
      "METHOD:PUBLISH",
      "BEGIN:VEVENT",
      "UID:occurrence-42@traffpunkt.example",
      "DTSTAMP:20261127T120000Z",
      "DTSTART:20261209T130000Z",
      "DTEND:20261209T150000Z",
      "SUMMARY:Målarkurs på @Söder",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ].join("\r\n");
    const { message_id } = await enqueueMail(
      db,
      {
        ...confirmation(1),
        subject: "Du är anmäld: Målarkurs",
        text: "Hej! Du är anmäld till Målarkurs tis 9 dec 14:00–16:00.",
        html: "<p>Hej! Du är anmäld till <b>Målarkurs</b> tis 9 dec 14:00–16:00.</p>",
        ics,
      },
      now,
    );
    expect(message_id).toMatch(/^<[0-9a-f-]{36}@traffpunkt\.example>$/);

    expect(await deliverDue(db, transport, now)).toEqual({ sent: 1, retrying: 0, failed: 0 });

    expect(smtp.messages).toHaveLength(1);
    const parsed = await simpleParser(smtp.messages[0]);
    expect(parsed.messageId).toBe(message_id);
    expect(parsed.subject).toBe("Du är anmäld: Målarkurs");
    expect(parsed.from?.value).toEqual([
      { name: "Träffpunkt", address: "noreply@traffpunkt.example" },
    ]);
    expect(parsed.to).toMatchObject({ value: [{ address: "boende1@example.org" }] });
    expect(parsed.headers.get("auto-submitted")).toBe("auto-generated");
    expect(parsed.text?.trim()).toBe("Hej! Du är anmäld till Målarkurs tis 9 dec 14:00–16:00.");
    expect(parsed.html).toContain("<b>Målarkurs</b>");
    expect(parsed.attachments).toHaveLength(1);
    const [invitation] = parsed.attachments;
    expect(invitation.filename).toBe("invitation.ics");
    expect(invitation.contentType).toBe("text/calendar");
    expect(invitation.headers.get("content-type")).toMatchObject({
      value: "text/calendar",
      params: { charset: "utf-8", method: "PUBLISH" },
    });
    expect(invitation.content.toString("utf8")).toBe(ics);

    const [row] = await outboxRows();
    expect(row).toMatchObject({
      status: "sent",
      attempts: 1,
      locked_until: null,
      last_error: null,
    });
    expect(row.sent_at).not.toBeNull();
  });

  it("keeps mail pending through an SMTP outage and delivers each exactly once afterwards", async () => {
    const port = await freePort();
    const transport = smtpTransport(port);
    const now = new Date("2026-12-01T09:00:00Z");
    for (const n of [1, 2, 3]) await enqueueMail(db, confirmation(n), now);

    expect(await deliverDue(db, transport, now)).toEqual({ sent: 0, retrying: 3, failed: 0 });
    for (const row of await outboxRows()) {
      expect(row).toMatchObject({ status: "pending", attempts: 1, locked_until: null });
      expect(row.last_error).toMatch(/ECONNREFUSED/);
      const wait = fromInstantString(row.next_attempt_at).getTime() - now.getTime();
      expect(wait).toBeGreaterThanOrEqual(MINUTE);
      expect(wait).toBeLessThan(MINUTE + 5_000);
    }
    // Not due again before the back-off is over.
    expect(await deliverDue(db, transport, new Date(now.getTime() + 30_000))).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
    });

    smtp = await startSmtp(port);
    const later = new Date(now.getTime() + 2 * MINUTE);
    expect(await deliverDue(db, transport, later)).toEqual({ sent: 3, retrying: 0, failed: 0 });
    expect(await deliverDue(db, transport, later)).toEqual({ sent: 0, retrying: 0, failed: 0 });

    const rows = await outboxRows();
    expect(rows.map((row) => row.status)).toEqual(["sent", "sent", "sent"]);
    expect(rows.map((row) => row.attempts)).toEqual([2, 2, 2]);
    expect(messageIds(smtp).sort()).toEqual(rows.map((row) => row.message_id).sort());
  });

  it("backs off 1, 2, 4 … minutes up to an hour, then gives up and keeps the row", async () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => retryDelayMs(n) / MINUTE)).toEqual([
      1, 2, 4, 8, 16, 32, 60, 60, 60,
    ]);

    const transport = smtpTransport(await freePort());
    let now = new Date("2026-12-01T09:00:00Z");
    await enqueueMail(db, confirmation(1), now);
    const outcomes = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      outcomes.push(await deliverDue(db, transport, now, { maxAttempts: 3 }));
      now = new Date(now.getTime() + 2 * 60 * MINUTE);
    }
    expect(outcomes).toEqual([
      { sent: 0, retrying: 1, failed: 0 },
      { sent: 0, retrying: 1, failed: 0 },
      { sent: 0, retrying: 0, failed: 1 },
      { sent: 0, retrying: 0, failed: 0 },
    ]);
    const [row] = await outboxRows();
    expect(row).toMatchObject({ status: "failed", attempts: 3, to_address: "boende1@example.org" });
    expect(row.last_error).toMatch(/ECONNREFUSED/);
  });

  it("takes over the mail of a worker that crashed once its claim has run out", async () => {
    smtp = await startSmtp();
    const transport = smtpTransport(smtp.port);
    const now = new Date("2026-12-01T09:00:00Z");
    await enqueueMail(db, confirmation(1), now);
    const lease = 10 * MINUTE;

    // The crashed worker claimed it and never reported back.
    expect(await claimDue(db, now, 10, lease)).toHaveLength(1);
    expect(await claimDue(db, now, 10, lease)).toEqual([]);
    const justBefore = new Date(now.getTime() + lease - 1000);
    expect(await deliverDue(db, transport, justBefore)).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
    });

    const expired = new Date(now.getTime() + lease);
    expect(await deliverDue(db, transport, expired)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.messages).toHaveLength(1);
    expect(await outboxRows()).toMatchObject([{ status: "sent", attempts: 2 }]);
  });

  it("sends every mail exactly once when two workers deliver at the same time", async () => {
    smtp = await startSmtp();
    const now = new Date();
    await db.transaction().execute(async (trx) => {
      for (let n = 1; n <= 200; n++) await enqueueMail(trx, confirmation(n), now);
    });
    const otherDb = openDatabase(dbFile);
    extraDbs.push(otherDb);

    const [first, second] = await Promise.all([
      deliverDue(db, smtpTransport(smtp.port), now, { batchSize: 7 }),
      deliverDue(otherDb, smtpTransport(smtp.port), now, { batchSize: 7 }),
    ]);

    expect(first.sent + second.sent).toBe(200);
    expect(first.sent).toBeGreaterThan(0);
    expect(second.sent).toBeGreaterThan(0);
    const received = messageIds(smtp);
    expect(received).toHaveLength(200);
    expect(new Set(received).size).toBe(200);
    const rows = await outboxRows();
    expect(rows.every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
  });

  it("sends every mail exactly once when three worker processes deliver at the same time", async () => {
    smtp = await startSmtp();
    const smtpUrl = `smtp://127.0.0.1:${smtp.port}`;
    const now = new Date();
    await db.transaction().execute(async (trx) => {
      for (let n = 1; n <= 300; n++) await enqueueMail(trx, confirmation(n), now);
    });

    const workers = [1, 2, 3].map(() => spawnWorker(dbFile, smtpUrl));
    await Promise.all(workers.map((worker) => worker.ready));
    for (const worker of workers) worker.go();
    const counts = await Promise.all(workers.map((worker) => worker.result));

    expect(counts.reduce((total, count) => total + count.sent, 0)).toBe(300);
    expect(counts.filter((count) => count.sent > 0).length).toBeGreaterThan(1);
    const received = messageIds(smtp);
    expect(received).toHaveLength(300);
    expect(new Set(received).size).toBe(300);
  });

  it("delivers 500 mails to a local SMTP server (a measurement)", async () => {
    smtp = await startSmtp();
    const transport = smtpTransport(smtp.port);
    const now = new Date();
    await db.transaction().execute(async (trx) => {
      for (let n = 1; n <= 500; n++) await enqueueMail(trx, confirmation(n), now);
    });

    const started = performance.now();
    const counts = await deliverDue(db, transport, now);
    const elapsed = performance.now() - started;
    console.info(`Outbox: 500 mails delivered to a local SMTP server in ${Math.round(elapsed)} ms`);

    expect(counts).toEqual({ sent: 500, retrying: 0, failed: 0 });
    expect(new Set(messageIds(smtp)).size).toBe(500);
  });
});

describe("deliverDue without SMTP_URL", () => {
  it("writes one .eml file per mail and logs the file name, not the address", async () => {
    const dir = mkdtempSync(join(TMP, "outbox-"));
    const transport = createMailTransport({ smtpUrl: undefined, from: FROM, outboxDir: dir });
    transports.push(transport);
    const info = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const now = new Date();
    for (const n of [1, 2, 3]) {
      await enqueueMail(
        db,
        { ...confirmation(n), ics: n === 3 ? "BEGIN:VCALENDAR\r\n" : null },
        now,
      );
    }

    expect(await deliverDue(db, transport, now)).toEqual({ sent: 3, retrying: 0, failed: 0 });

    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(3);
    for (const file of files) expect(file).toMatch(/^\d{8}T\d{6}Z-rsvp-confirmation-\d+\.eml$/);
    const parsed = await Promise.all(
      files.map((file) => simpleParser(readFileSync(join(dir, file)))),
    );
    const rows = await outboxRows();
    expect(parsed.map((mail) => mail.messageId).sort()).toEqual(
      rows.map((row) => row.message_id).sort(),
    );
    expect(parsed.map((mail) => mail.attachments.length).sort()).toEqual([0, 0, 1]);

    const lines = info.mock.calls
      .map((call) => String(call[0]))
      .filter((line) => line.includes('"event":"mail-file"'));
    expect(lines).toHaveLength(3);
    for (const file of files) expect(lines.some((line) => line.includes(file))).toBe(true);
    for (const line of lines) expect(line).not.toMatch(/example\.org/);

    // Written again after a crash before it was marked sent: the same file, not a second one.
    await db
      .updateTable("outbox")
      .set({ status: "sending", locked_until: toInstantString(new Date(now.getTime() - MINUTE)) })
      .where("id", "=", rows[0].id)
      .execute();
    expect(await deliverDue(db, transport, now)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(readdirSync(dir)).toHaveLength(3);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("startMailWorker", () => {
  it("delivers as soon as it is kicked after a commit", async () => {
    smtp = await startSmtp();
    const worker = startMailWorker(db, {
      transport: createMailTransport({
        smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
        from: FROM,
        outboxDir: join(TMP, "unused-outbox"),
      }),
      pollIntervalMs: 60 * MINUTE,
    });
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      await db.transaction().execute((trx) => enqueueMail(trx, confirmation(1), new Date()));
      worker.kick();
      await vi.waitFor(() => expect(smtp?.messages).toHaveLength(1));
    } finally {
      await worker.stop();
    }
    expect(await outboxRows()).toMatchObject([{ status: "sent" }]);
  });

  it("stop() waits for the delivery in flight to be recorded", async () => {
    let release = () => {};
    const accepted = new Promise<void>((resolve) => (release = resolve));
    let closed = false;
    const slow: MailTransport = {
      send: () => accepted,
      close: () => {
        closed = true;
      },
    };
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const worker = startMailWorker(db, { transport: slow, pollIntervalMs: 60 * MINUTE });
    await enqueueMail(db, confirmation(1), new Date());
    worker.kick();
    await vi.waitFor(async () => expect(await outboxRows()).toMatchObject([{ status: "sending" }]));

    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(closed).toBe(true);
    expect(await outboxRows()).toMatchObject([{ status: "sent" }]);
  });
});
