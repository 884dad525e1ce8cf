import type { RequestHandler } from "express";

type Fields = Record<string, string | number | boolean | null>;

/**
 * One JSON line on stdout. Callers pass no personal data: no names, emails, tokens or IPs; as a
 * safety net, anything shaped like an email address (an SMTP error may quote one) is masked.
 */
export function log(event: string, fields: Fields = {}): void {
  const safe = Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      typeof value === "string" ? value.replace(/[^\s<>"@]+@[^\s<>"@]+/g, "<address>") : value,
    ]),
  );
  process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), event, ...safe })}\n`);
}

// Paths that carry a secret: the manage link, the login link and a resident's own feed.
const SECRET_SEGMENT = /^\/(rsvp|login|feeds\/me)\/[^/?]+/;

/** The path as logged: secrets replaced, the query string dropped (filters can be long). */
export function loggablePath(url: string): string {
  const path = url.split("?")[0] ?? "";
  return path.replace(SECRET_SEGMENT, (_, prefix: string) => `/${prefix}/:token`);
}

/** One line per request: method, path (without secrets), status, milliseconds. */
export function requestLog(): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      if (req.path.startsWith("/build/")) return;
      log("request", {
        method: req.method,
        path: loggablePath(req.originalUrl),
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      });
    });
    next();
  };
}
