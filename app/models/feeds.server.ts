import type { NonSharedBuffer } from "node:buffer";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { sql } from "kysely";
import { addDays, todayIn, toInstantString, zonedToUtc } from "~/domain/time";
import { translator } from "~/i18n/i18n";
import { PUBLIC_STATUSES } from "~/models/calendar.server";
import { sessionUid } from "~/models/rsvp-mail.server";
import { dataVersion, versionedCache } from "~/utils/data-version.server";
import type { DB } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { acceptsGzip, matchesEtag } from "~/utils/http.server";
import { buildCalendar, type IcsSession } from "~/utils/ics.server";

export type FeedScope =
  | { kind: "all" }
  | { kind: "place"; slug: string }
  | { kind: "area"; slug: string }
  | { kind: "activity"; slug: string }
  | { kind: "session"; activitySlug: string; occurrenceId: number }
  | { kind: "email"; email: string };

/** Feeds hold sessions from 30 days back to 12 months ahead (Stockholm dates). */
export function feedWindow(now: Date) {
  const today = todayIn(now);
  return {
    today,
    from: toInstantString(zonedToUtc(addDays(today, -30), "00:00")),
    to: toInstantString(zonedToUtc(addDays(today, 366), "00:00")),
  };
}

function feedQuery(db: DB, scope: FeedScope, now: Date) {
  const window = feedWindow(now);
  let query = db
    .selectFrom("occurrences as o")
    .innerJoin("activities as a", "a.id", "o.activity_id")
    .innerJoin("areas as ar", "ar.id", "a.area_id")
    .leftJoin("places as p", "p.id", "a.place_id")
    .leftJoin("rooms as r", (join) => join.on("r.id", "=", sql`coalesce(o.room_id, a.room_id)`))
    .leftJoin("partners as pa", "pa.id", "a.partner_id")
    .where("a.status", "in", PUBLIC_STATUSES);
  // One session's own file is wanted whenever it is, not only inside the feed window.
  if (scope.kind !== "session") {
    query = query.where("o.starts_at", ">=", window.from).where("o.starts_at", "<", window.to);
  }
  switch (scope.kind) {
    case "place":
      query = query.where("p.slug", "=", scope.slug);
      break;
    case "area":
      query = query.where("ar.slug", "=", scope.slug);
      break;
    case "activity":
      query = query.where("a.slug", "=", scope.slug);
      break;
    case "session":
      query = query.where("a.slug", "=", scope.activitySlug).where("o.id", "=", scope.occurrenceId);
      break;
    case "email":
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom("rsvps as rs")
            .select("rs.id")
            .where("rs.email", "=", scope.email)
            .where("rs.status", "<>", "cancelled")
            .where((inner) =>
              inner.or([
                inner("rs.occurrence_id", "=", inner.ref("o.id")),
                inner.and([
                  inner("rs.occurrence_id", "is", null),
                  inner("rs.activity_id", "=", inner.ref("a.id")),
                ]),
              ]),
            ),
        ),
      );
      break;
  }
  return { query, window };
}

export type FeedVersion = { etag: string; lastModified: string };

// The validators depend on nothing but the data and today's date (which fixes the window), so
// they are kept per scope and day until the data version moves: a calendar app polling an
// unchanged feed then costs one query of two counters, not an aggregate over its sessions.
const VERSIONS_LIMIT = 2000;
const versions = versionedCache<FeedVersion>({ limit: VERSIONS_LIMIT });

/**
 * The validators of a feed from one small aggregate query, kept until the data changes, so a 304
 * costs no calendar rendering. The window moves daily, hence today's date in the tag.
 */
export async function feedVersion(db: DB, scope: FeedScope, now: Date): Promise<FeedVersion> {
  return versions.get(JSON.stringify([scope, todayIn(now)]), await dataVersion(db), () =>
    aggregateVersion(db, scope, now),
  );
}

async function aggregateVersion(db: DB, scope: FeedScope, now: Date): Promise<FeedVersion> {
  const { query, window } = feedQuery(db, scope, now);
  const row = await query
    .select([
      sql<number>`count(*)`.as("sessions"),
      // Every change of time, place or status raises a sequence: two changes within the same
      // second still give a new tag.
      sql<number>`coalesce(sum(o.sequence), 0)`.as("sequences"),
      sql<string | null>`max(o.updated_at)`.as("sessions_at"),
      sql<string | null>`max(a.updated_at)`.as("activities_at"),
      sql<string | null>`max(p.updated_at)`.as("places_at"),
    ])
    .executeTakeFirstOrThrow();
  const lastModified = [row.sessions_at, row.activities_at, row.places_at]
    .filter((value): value is string => value !== null)
    .sort()
    .at(-1);
  const tag = createHash("sha256")
    .update(JSON.stringify([scope, window.today, row.sessions, row.sequences, lastModified ?? ""]))
    .digest("base64url")
    .slice(0, 27);
  return { etag: `"${tag}"`, lastModified: lastModified ?? toInstantString(new Date(0)) };
}

/** The calendar text; DTSTAMP is the feed's last change, so an unchanged feed is byte-identical. */
export async function feedCalendar(
  db: DB,
  scope: FeedScope,
  name: string,
  now: Date,
  lastModified: string,
): Promise<string> {
  const { query } = feedQuery(db, scope, now);
  const rows = await query
    .select([
      "o.id",
      "o.starts_at",
      "o.ends_at",
      "o.status",
      "o.sequence",
      "o.updated_at",
      "o.cancel_reason",
      "a.slug",
      "a.title",
      "a.summary",
      "a.category",
      "a.status as activity_status",
      "p.name as place_name",
      "p.street_address",
      "p.city",
      "r.name as room_name",
      sql<string | null>`coalesce(o.location_name, a.location_name)`.as("location_name"),
      "a.location_address",
      "ar.name as area_name",
      "pa.name as partner_name",
    ])
    .orderBy("o.starts_at")
    .orderBy("o.id")
    .execute();
  const t = translator("sv");
  const sessions = rows.map((row): IcsSession => {
    const url = `${env.PUBLIC_URL}/activities/${row.slug}/${row.id}`;
    const location = row.place_name
      ? [row.place_name, row.room_name, row.street_address, row.city].filter(Boolean).join(", ")
      : [row.location_name, row.location_address ?? row.area_name].filter(Boolean).join(", ");
    const cancelled = row.status === "cancelled" || row.activity_status === "cancelled";
    const description = [
      row.summary,
      row.partner_name ? `${t("activity.organiser")}: ${row.partner_name}` : null,
      cancelled && row.cancel_reason
        ? t("session.cancelledBecause", { reason: row.cancel_reason })
        : null,
      url,
    ]
      .filter(Boolean)
      .join("\n\n");
    return {
      uid: sessionUid(row.id),
      sequence: row.sequence,
      title: cancelled ? `${t("session.cancelled")}: ${row.title}` : row.title,
      description,
      location,
      url,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      cancelled,
      categories: [t(`category.${row.category}`)],
      updatedAt: row.updated_at,
    };
  });
  return buildCalendar({ name, sessions, now: new Date(lastModified) });
}

/**
 * Serves a feed with ETag and Last-Modified, answering 304 to either validator. No cookie is
 * read or set, so calendar apps can poll it as they like. The body goes out gzipped to every
 * client that takes gzip (all calendar apps do), from bytes compressed once per version.
 */
export async function feedResponse(
  request: Request,
  db: DB,
  scope: FeedScope,
  name: string,
  options: { cacheControl: string; filename: string },
): Promise<Response> {
  const now = new Date();
  const version = await feedVersion(db, scope, now);
  const lastModifiedHttp = new Date(version.lastModified).toUTCString();
  const headers = {
    ETag: version.etag,
    "Last-Modified": lastModifiedHttp,
    "Cache-Control": options.cacheControl,
    Vary: "Accept-Encoding",
  };
  if (notModified(request, version.etag, version.lastModified)) {
    return new Response(null, { status: 304, headers });
  }
  const feed = await rendered.get(JSON.stringify(scope), version.etag, async () => {
    const plain = Buffer.from(await feedCalendar(db, scope, name, now, version.lastModified));
    return { gzipped: await gzipAsync(plain, { level: 6 }), length: plain.length };
  });
  const compressed = acceptsGzip(request.headers.get("accept-encoding"));
  let body: NonSharedBuffer | null = null;
  if (request.method !== "HEAD") body = compressed ? feed.gzipped : await gunzipAsync(feed.gzipped);
  return new Response(body, {
    headers: {
      ...headers,
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `inline; filename="${options.filename}"`,
      // `compression` leaves an answer that is already encoded as it is.
      ...(compressed ? { "Content-Encoding": "gzip" } : {}),
      "Content-Length": String(compressed ? feed.gzipped.length : feed.length),
    },
  });
}

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

type RenderedFeed = {
  /** The calendar gzipped; for the rare client without gzip it is unpacked off the main thread. */
  gzipped: NonSharedBuffer;
  /** Octets of the calendar as text. */
  length: number;
};

// Each feed version is rendered and compressed once (@Söder's 3,757 events: some 0.2 s of the one
// thread, then 2.1 MB that gzip to 94 KB) and kept per scope, the least recently asked for dropped
// first. Only the gzipped bytes are kept, a twentieth of the text, and their total is bounded: one
// large feed weighs as much as a hundred small ones, so a count alone would not bound memory.
const RENDERED_LIMIT = 500;
const RENDERED_MAX_BYTES = 24 * 1024 * 1024;
const rendered = versionedCache<RenderedFeed>({
  limit: RENDERED_LIMIT,
  maxBytes: RENDERED_MAX_BYTES,
  sizeOf: (feed) => feed.gzipped.length,
});

function notModified(request: Request, etag: string, lastModified: string): boolean {
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch) return matchesEtag(ifNoneMatch, etag);
  const ifModifiedSince = request.headers.get("if-modified-since");
  if (!ifModifiedSince) return false;
  const since = Date.parse(ifModifiedSince);
  // HTTP dates have whole seconds; so do our instants.
  return Number.isFinite(since) && Date.parse(lastModified) <= since;
}

export const PUBLIC_FEED_CACHE = "public, max-age=300";
