import type { LoaderFunctionArgs } from "@remix-run/node";
import { PUBLIC_STATUSES } from "~/models/calendar.server";
import { feedResponse, PUBLIC_FEED_CACHE } from "~/models/feeds.server";
import { getDb } from "~/utils/db.server";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const db = getDb();
  const activity = await db
    .selectFrom("activities")
    .select(["slug", "title"])
    .where("slug", "=", params.slug ?? "")
    .where("status", "in", PUBLIC_STATUSES)
    .executeTakeFirst();
  if (!activity) throw new Response("Not found", { status: 404 });
  return feedResponse(
    request,
    db,
    { kind: "activity", slug: activity.slug },
    `Träffpunkt – ${activity.title}`,
    { cacheControl: PUBLIC_FEED_CACHE, filename: `${activity.slug}.ics` },
  );
}
