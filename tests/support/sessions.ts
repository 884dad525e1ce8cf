import { toInstantString } from "~/domain/time";
import type { DB } from "~/utils/db.server";

/** The public page of an activity's next scheduled session, e.g. the demo's family day. */
export async function nextSessionPath(db: DB, activitySlug: string): Promise<string> {
  const session = await db
    .selectFrom("occurrences as o")
    .innerJoin("activities as a", "a.id", "o.activity_id")
    .select("o.id")
    .where("a.slug", "=", activitySlug)
    .where("o.status", "=", "scheduled")
    .where("o.starts_at", ">", toInstantString(new Date()))
    .orderBy("o.starts_at")
    .executeTakeFirstOrThrow();
  return `/activities/${activitySlug}/${session.id}`;
}
