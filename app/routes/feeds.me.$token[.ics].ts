import type { LoaderFunctionArgs } from "@remix-run/node";
import { emailForCalendarToken } from "~/models/calendar-tokens.server";
import { feedResponse } from "~/models/feeds.server";
import { getDb } from "~/utils/db.server";

/** A resident's own sign-ups, read-only; the token is the only key, revocable from /rsvp/:token. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const db = getDb();
  const email = await emailForCalendarToken(db, params.token ?? "");
  if (!email) throw new Response("Not found", { status: 404 });
  return feedResponse(request, db, { kind: "email", email }, "Träffpunkt – mina anmälningar", {
    cacheControl: "private, max-age=300",
    filename: "mina-anmalningar.ics",
  });
}
