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
      res.status(413).set("Connection", "close").type("html").send(TOO_LARGE_PAGE);
      req.resume();
      return;
    }
    next();
  };
}

// Rendered without React: the request never reaches the app, and the page must still be readable.
const TOO_LARGE_PAGE = `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>För mycket text – Träffpunkt</title></head>
<body><main><h1>För mycket text</h1>
<p>Det du skickade var för stort. Korta ner meddelandet och försök igen.</p>
<p lang="en">What you sent was too large. Please shorten your message and try again.</p>
<p><a href="/">Till veckans program</a></p></main></body></html>`;

// No form of this site uploads files, so multipart is not accepted either.
const FORM_TYPES = ["application/x-www-form-urlencoded"];

/**
 * Every write of this site is a plain form. A body of another type (JSON, text) would make
 * `request.formData()` throw, so it gets 415 here; an empty body is read as an empty form.
 */
export function formBodies(): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const type = (req.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    const length = Number(req.get("content-length") ?? "0");
    const hasBody = length > 0 || req.get("transfer-encoding") !== undefined;
    if (!hasBody) {
      req.headers["content-type"] = "application/x-www-form-urlencoded";
      return next();
    }
    if (FORM_TYPES.includes(type)) return next();
    res.status(415).type("text/plain; charset=utf-8").send("Skicka formuläret som ett formulär.");
    req.resume();
  };
}
