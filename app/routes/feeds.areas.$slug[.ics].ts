import type { LoaderFunctionArgs } from "@remix-run/node";
import { feedResponse, PUBLIC_FEED_CACHE } from "~/models/feeds.server";
import { getDb } from "~/utils/db.server";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const db = getDb();
  const area = await db
    .selectFrom("areas")
    .select(["slug", "name"])
    .where("slug", "=", params.slug ?? "")
    .executeTakeFirst();
  if (!area) throw new Response("Not found", { status: 404 });
  return feedResponse(request, db, { kind: "area", slug: area.slug }, `Träffpunkt – ${area.name}`, {
    cacheControl: PUBLIC_FEED_CACHE,
    filename: `${area.slug}.ics`,
  });
}
