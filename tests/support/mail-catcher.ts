import { createServer } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type CaughtMail = {
  raw: Buffer;
  parsed: ParsedMail;
  to: string;
  subject: string;
  text: string;
  ics: string | null;
};

export type MailCatcher = {
  port: number;
  url: string;
  mails: CaughtMail[];
  /** Resolves with the first mail (already caught or still to come) that matches. */
  waitFor: (match: (mail: CaughtMail) => boolean, timeoutMs?: number) => Promise<CaughtMail>;
  close: () => Promise<void>;
};

/** A real SMTP server in the test process that keeps and parses every message it accepts. */
export async function startMailCatcher(port = 0): Promise<MailCatcher> {
  const mails: CaughtMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 1000,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            const calendar = parsed.attachments.find((a) => a.contentType === "text/calendar");
            mails.push({
              raw,
              parsed,
              to: Array.isArray(parsed.to) ? (parsed.to[0]?.text ?? "") : (parsed.to?.text ?? ""),
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              ics: calendar ? calendar.content.toString("utf8") : null,
            });
            for (const wake of waiters) wake();
            callback();
          })
          .catch(callback);
      });
    },
  });
  // A client that dies mid-session (the crash test kills the app) resets its connection; that is
  // the client's problem, not the catcher's, so it must not become an uncaught error.
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.server.address();
  if (typeof address !== "object" || !address) throw new Error("SMTP server has no port");

  const waitFor = (match: (mail: CaughtMail) => boolean, timeoutMs = 10_000) =>
    new Promise<CaughtMail>((resolve, reject) => {
      const check = () => {
        const found = mails.find(match);
        if (!found) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(
            `No matching mail within ${timeoutMs} ms; got: ${mails.map((m) => `${m.to}: ${m.subject}`).join(" | ")}`,
          ),
        );
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });

  return {
    port: address.port,
    url: `smtp://127.0.0.1:${address.port}`,
    mails,
    waitFor,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A port with nothing listening on it: connecting is refused, like an SMTP server that is down. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== "object" || !address) throw new Error("no port");
  return address.port;
}
