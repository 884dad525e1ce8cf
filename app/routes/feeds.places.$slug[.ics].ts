import type { LoaderFunctionArgs } from "@remix-run/node";
import { feedResponse, PUBLIC_FEED_CACHE } from "~/models/feeds.server";
import { getDb } from "~/utils/db.server";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const db = getDb();
  const place = await db
    .selectFrom("places")
    .select(["slug", "name"])
    .where("slug", "=", params.slug ?? "")
    .executeTakeFirst();
  if (!place) throw new Response("Not found", { status: 404 });
  return feedResponse(
    request,
    db,
    { kind: "place", slug: place.slug },
    `Träffpunkt – ${place.name}`,
    {
      cacheControl: PUBLIC_FEED_CACHE,
      filename: `${place.slug}.ics`,
    },
  );
}
