import type { LoaderFunctionArgs } from "@remix-run/node";
import { PUBLIC_STATUSES } from "~/models/calendar.server";
import { feedResponse, PUBLIC_FEED_CACHE } from "~/models/feeds.server";
import { getDb } from "~/utils/db.server";

/** One session as a calendar file: "add to calendar". */
export async function loader({ params, request }: LoaderFunctionArgs) {
  if (!/^\d{1,12}$/.test(params.occurrenceId ?? ""))
    throw new Response("Not found", { status: 404 });
  const db = getDb();
  const session = await db
    .selectFrom("occurrences as o")
    .innerJoin("activities as a", "a.id", "o.activity_id")
    .select(["o.id", "a.slug", "a.title"])
    .where("a.slug", "=", params.slug ?? "")
    .where("o.id", "=", Number(params.occurrenceId))
    .where("a.status", "in", PUBLIC_STATUSES)
    .executeTakeFirst();
  if (!session) throw new Response("Not found", { status: 404 });
  return feedResponse(
    request,
    db,
    { kind: "session", activitySlug: session.slug, occurrenceId: session.id },
    session.title,
    { cacheControl: PUBLIC_FEED_CACHE, filename: `${session.slug}-${session.id}.ics` },
  );
}
