import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer, { type SendMailOptions } from "nodemailer";
import type { OutboxMail } from "#db/schema";
import { fromInstantString } from "~/domain/time";
import { env } from "./env.server";
import { log } from "./log.server";

export const ICS_CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH";

/** Where delivery hands a mail over: an SMTP server, or a folder of .eml files. */
export type MailTransport = {
  /** Resolves once the SMTP server has accepted the mail (or the file is written). */
  send(mail: OutboxMail): Promise<void>;
  close(): void;
};

export type MailTransportOptions = {
  /** `smtp://host:port` or `smtps://user:pass@host`; without it mail is written to `outboxDir`. */
  smtpUrl?: string;
  from: string;
  outboxDir: string;
};

export function createMailTransport(
  options: MailTransportOptions = {
    smtpUrl: env.SMTP_URL,
    from: env.MAIL_FROM,
    outboxDir: env.MAIL_OUTBOX_DIR,
  },
): MailTransport {
  return options.smtpUrl
    ? smtpTransport(options.smtpUrl, options.from)
    : fileTransport(options.outboxDir, options.from);
}

function toMessage(mail: OutboxMail, from: string): SendMailOptions {
  return {
    from,
    to: mail.to_address,
    subject: mail.subject,
    text: mail.text_body,
    html: mail.html_body ?? undefined,
    // The row's own id and date, so a mail sent again is recognisably the same mail.
    messageId: mail.message_id,
    date: fromInstantString(mail.created_at),
    headers: { "Auto-Submitted": "auto-generated", "Content-Language": mail.locale },
    attachments:
      mail.ics === null
        ? []
        : [{ filename: "invitation.ics", content: mail.ics, contentType: ICS_CONTENT_TYPE }],
  };
}

function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    // Fail fast so that a mail is settled long before its claim in the outbox runs out.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
  return {
    send: async (mail) => {
      await transporter.sendMail(toMessage(mail, from));
    },
    close: () => transporter.close(),
  };
}

function fileTransport(dir: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true });
  return {
    send: async (mail) => {
      const { message } = await transporter.sendMail(toMessage(mail, from));
      if (!Buffer.isBuffer(message)) throw new Error("The stream transport returned no buffer");
      await mkdir(dir, { recursive: true });
      const file = join(dir, emlFileName(mail));
      await writeFile(file, message);
      // The file name only: addresses and links stay out of the logs.
      log("mail-file", { file });
    },
    close: () => transporter.close(),
  };
}

// Named after the row, so writing the same mail again replaces its file instead of adding one.
function emlFileName(mail: OutboxMail): string {
  const stamp = mail.created_at.replace(/[-:]/g, "");
  const kind = mail.kind.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
  return `${stamp}-${kind}-${mail.id}.eml`;
}
