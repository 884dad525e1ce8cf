import type { LoaderFunctionArgs } from "@remix-run/node";
import { feedResponse, PUBLIC_FEED_CACHE } from "~/models/feeds.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return feedResponse(request, getDb(), { kind: "all" }, "Träffpunkt – alla mötesplatser", {
    cacheControl: PUBLIC_FEED_CACHE,
    filename: "traffpunkt.ics",
  });
}
