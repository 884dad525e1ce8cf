import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Request as ExpressRequest, RequestHandler } from "express";
import { resolveLocale } from "~/i18n/i18n";
import { SESSION_COOKIE } from "./auth.server";
import { dataVersion } from "./data-version.server";
import type { DB } from "./db.server";
import { acceptsGzip, matchesEtag } from "./http.server";

// The public pages residents load most, as rendered HTML, kept until the database changes.
// Rendering @Söder's busy week costs about 20 ms of the one thread; a family day's link shared in
// a chat brings hundreds of the same request in a minute, and each changes nothing.
//
// Kept only when the answer is the same for everyone who asks the same question: GET, no login
// (a logged-in visitor sees a link to their area in the header), a 200 HTML page that sets no
// cookie and carries no CSP nonce (public pages load no scripts: app/utils/hydration.ts), keyed
// on the URL and the language it was rendered in. Every write to the database, from this process
// or another, moves the data version and so empties it in effect (app/utils/data-version.server.ts);
// what depends on the clock alone (today's mark, a session that has started) waits at most
// MAX_AGE_MS.
const CACHEABLE_PATHS = [
  /^\/$/,
  /^\/places$/,
  /^\/places\/[^/.]+$/,
  /^\/activities\/[^/.]+$/,
  /^\/activities\/[^/.]+\/\d+$/,
];
const MAX_AGE_MS = 60_000;
// The headers of the rendered answer that every copy repeats; the rest are per response.
const KEPT_HEADERS = [
  "content-type",
  "content-security-policy",
  "referrer-policy",
  "cache-control",
];

type Page = {
  version: string;
  at: number;
  headers: [string, string][];
  plain: Buffer;
  gzip: Buffer;
  etag: string;
};

function cacheable(req: ExpressRequest): boolean {
  if (req.method !== "GET") return false;
  if (!CACHEABLE_PATHS.some((pattern) => pattern.test(req.path))) return false;
  // `?_data=` asks Remix for loader data, not a page.
  if (Object.hasOwn(req.query, "_data")) return false;
  const cookie = req.headers.cookie ?? "";
  return !cookie.split(";").some((part) => part.trim().startsWith(`${SESSION_COOKIE}=`));
}

export function pageCache(db: DB, options: { maxBytes: number }): RequestHandler {
  const pages = new Map<string, Page>();
  let bytes = 0;

  const drop = (key: string) => {
    const page = pages.get(key);
    if (!page) return;
    bytes -= page.plain.length + page.gzip.length;
    pages.delete(key);
  };

  const store = (key: string, page: Page) => {
    drop(key);
    const size = page.plain.length + page.gzip.length;
    if (size > options.maxBytes / 4) return;
    pages.set(key, page);
    bytes += size;
    while (bytes > options.maxBytes) {
      const oldest = pages.keys().next().value;
      if (oldest === undefined) break;
      drop(oldest);
    }
  };

  return (req, res, next) => {
    if (options.maxBytes <= 0 || !cacheable(req)) {
      next();
      return;
    }
    const locale = resolveLocale(
      req.headers.cookie ?? null,
      req.headers["accept-language"] ?? null,
    );
    const key = `${locale} ${req.originalUrl}`;
    dataVersion(db).then((version) => {
      const page = pages.get(key);
      if (page && page.version === version && Date.now() - page.at < MAX_AGE_MS) {
        pages.delete(key);
        pages.set(key, page);
        send(req, res, page);
      } else {
        if (page) drop(key);
        capture(res, (captured) => {
          if (captured) store(key, { ...captured, version, at: Date.now() });
        });
        next();
      }
    }, next);
  };
}

function send(req: ExpressRequest, res: Parameters<RequestHandler>[1], page: Page) {
  for (const [name, value] of page.headers) res.setHeader(name, value);
  res.setHeader("ETag", page.etag);
  res.setHeader("Vary", "Accept-Encoding");
  if (matchesEtag(req.headers["if-none-match"], page.etag)) {
    res.status(304).end();
    return;
  }
  const gzip = acceptsGzip(req.headers["accept-encoding"]);
  const body = gzip ? page.gzip : page.plain;
  // `compression` leaves an answer that is already encoded as it is.
  if (gzip) res.setHeader("Content-Encoding", "gzip");
  res.setHeader("Content-Length", body.length);
  res.status(200).end(body);
}

type Captured = Omit<Page, "version" | "at">;

/** Copies what Remix writes, and hands it over once the answer is complete and may be shared. */
function capture(res: Parameters<RequestHandler>[1], done: (page: Captured | null) => void) {
  const chunks: Buffer[] = [];
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  const keep = (chunk: unknown, encoding: unknown) => {
    if (typeof chunk === "string") {
      chunks.push(
        Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"),
      );
    } else if (chunk instanceof Uint8Array) {
      chunks.push(Buffer.from(chunk));
    }
  };
  res.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
    keep(chunk, encoding);
    return write(chunk as never, encoding as never, callback as never);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
    if (typeof chunk !== "function") keep(chunk, encoding);
    done(shareable(res, Buffer.concat(chunks)));
    return end(chunk as never, encoding as never, callback as never);
  }) as typeof res.end;
}

function shareable(res: Parameters<RequestHandler>[1], plain: Buffer): Captured | null {
  const type = String(res.getHeader("content-type") ?? "");
  const policy = String(res.getHeader("content-security-policy") ?? "");
  const cacheControl = String(res.getHeader("cache-control") ?? "");
  if (
    res.statusCode !== 200 ||
    !type.startsWith("text/html") ||
    res.getHeader("set-cookie") !== undefined ||
    // A nonce is for one response only: a page carrying one is never repeated.
    policy.includes("'nonce-") ||
    /no-store|private/.test(cacheControl)
  ) {
    return null;
  }
  const headers = KEPT_HEADERS.flatMap((name): [string, string][] => {
    const value = res.getHeader(name);
    return value === undefined ? [] : [[name, String(value)]];
  });
  const etag = `"${createHash("sha256").update(plain).digest("base64url").slice(0, 27)}"`;
  return { headers, plain, gzip: gzipSync(plain, { level: 6 }), etag };
}
