import type { RequestHandler } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses cross-site writes on every route, resource routes and `?_data=` requests included,
 * which Remix's own check does not cover. Browsers send Origin on every cross-site POST;
 * a request without one (curl, a server) cannot carry a victim's cookies from another site.
 */
export function originCheck(publicUrl: string): RequestHandler {
  const allowed = new URL(publicUrl).origin;
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get("origin");
    if (!origin) return next();
    const own = `${req.protocol}://${req.get("host") ?? ""}`;
    if (origin === allowed || origin === own) return next();
    res.status(403).type("text/plain; charset=utf-8").send("Förbjudet: fel ursprung (origin).");
  };
}

/**
 * Refuses request bodies over `maxBytes` with 413 before anything reads them. Forms send a
 * Content-Length; a body without one (chunked) is refused too, since it could be any size.
 */
export function bodyLimit(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const length = req.get("content-length");
    if (length === undefined && req.get("transfer-encoding")) {
      res.status(411).type("text/plain; charset=utf-8").send("Längd saknas (Content-Length).");
      return;
    }
    if (length !== undefined && Number(length) > maxBytes) {
      res.status(413).type("text/plain; charset=utf-8").send("För stor förfrågan.");
      req.resume();
      return;
    }
    next();
  };
}
