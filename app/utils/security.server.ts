import { randomBytes } from "node:crypto";
import type { RequestHandler } from "express";

/**
 * The policy for our HTML pages: scripts only from us or with this response's nonce (Remix's
 * inline hydration data), and none at all on pages that load no scripts (`nonce` null: the
 * public pages, app/utils/hydration.ts); no framing, forms only to us. Inline style attributes
 * stay allowed (SVG charts and React use them); inline <style> and <script> elements do not.
 */
export function contentSecurityPolicy(nonce: string | null): string {
  return [
    "default-src 'self'",
    nonce === null ? "script-src 'none'" : `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A fresh nonce per request, and the headers every answer carries. */
export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    next();
  };
}
