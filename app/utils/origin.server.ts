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
