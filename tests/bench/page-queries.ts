// The database work of each hot page, step by step as its loader (or action) does it, through the
// app's own model functions. The bench counts the SQL statements each page runs with these, and
// tests/integration/query-plans.test.ts reads their query plans. Keep each recipe in step with the
// route file named in its comment.
import { randomUUID } from "node:crypto";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, type CompiledQuery } from "kysely";
import type { Database } from "#db/schema";
import { addDays, todayIn, toInstantString, type LocalDate } from "~/domain/time";
import { userForSession } from "~/models/auth.server";
import { publicRoomUse } from "~/models/bookings.server";
import {
  getActivity,
  getPlace,
  getSession,
  listActivitySessions,
  listAreas,
  listLanguagesInUse,
  listPlaces,
  listSessions,
} from "~/models/calendar.server";
import { feedResponse, PUBLIC_FEED_CACHE } from "~/models/feeds.server";
import {
  activityTurnout,
  parseReportQuery,
  reportOptions,
  showUpReport,
  weeklyReport,
} from "~/models/reports.server";
import { signupCounts, signUp } from "~/models/rsvps.server";
import type { DB } from "~/utils/db.server";
import { weekFromUrl } from "~/utils/week";

/** What the pages are asked about: the same in the bench and in the query-plan test. */
export type PageTargets = {
  /** The busiest place of the week. */
  place: string;
  /** An activity whose page shows a course open for sign-up (the most queries). */
  activity: string;
  /** A future session with a capacity, for the sign-up POST. */
  signup: { activity: string; occurrenceId: number };
  /** The report's place. */
  reportPlace: string;
};

export type PageRecipe = {
  name: string;
  /** The URL the bench requests for this page. */
  path: string;
  run: (db: DB) => Promise<void>;
};

/** A year of the staff report: the 52 weeks up to yesterday. */
export function reportRange(now: Date): { from: LocalDate; to: LocalDate } {
  const yesterday = addDays(todayIn(now), -1);
  return { from: addDays(yesterday, -363), to: yesterday };
}

export function pageRecipes(targets: PageTargets, now: Date): PageRecipe[] {
  const week = weekFromUrl(new URL("http://bench/"), now);
  const feedPath = `/feeds/places/${targets.place}.ics`;
  const feed = (headers: Record<string, string>) => async (db: DB) => {
    // app/routes/feeds.places.$slug[.ics].ts
    const place = await db
      .selectFrom("places")
      .select(["slug", "name"])
      .where("slug", "=", targets.place)
      .executeTakeFirstOrThrow();
    const response = await feedResponse(
      new Request(`http://bench${feedPath}`, { headers }),
      db,
      { kind: "place", slug: place.slug },
      `Träffpunkt – ${place.name}`,
      { cacheControl: PUBLIC_FEED_CACHE, filename: `${place.slug}.ics` },
    );
    await response.arrayBuffer();
  };
  const range = reportRange(now);
  const reportQuery = new URLSearchParams({ ...range, place: targets.reportPlace });

  return [
    {
      name: "/ (this week, every place)",
      path: "/",
      // app/routes/_index.tsx; the root loader reads no database without a session cookie.
      run: async (db) => {
        await Promise.all([
          listSessions(db, week, {}),
          listAreas(db),
          listPlaces(db),
          listLanguagesInUse(db),
        ]);
      },
    },
    {
      name: "/places/:slug (busy week)",
      path: `/places/${targets.place}?week=${week.param}`,
      // app/routes/places.$slug.tsx
      run: async (db) => {
        const place = await getPlace(db, targets.place);
        if (!place) throw new Error(`no place ${targets.place}`);
        await Promise.all([
          listSessions(db, week, { place: place.slug }),
          publicRoomUse(db, place.id, week),
        ]);
      },
    },
    {
      name: "/activities/:slug",
      path: `/activities/${targets.activity}`,
      // app/routes/activities.$slug._index.tsx
      run: async (db) => {
        const activity = await getActivity(db, targets.activity);
        if (!activity) throw new Error(`no activity ${targets.activity}`);
        const sessions = await listActivitySessions(db, activity.id, {
          from: toInstantString(now),
          limit: 10,
        });
        const courseOpen =
          activity.signup_mode === "course" &&
          activity.status === "published" &&
          sessions.some((session) => session.status === "scheduled");
        if (courseOpen) {
          await signupCounts(
            db,
            { activityId: activity.id, occurrenceId: null },
            activity.capacity,
          );
        }
      },
    },
    { name: "place feed, 200", path: feedPath, run: feed({}) },
    // Any tag that matches: the version query runs before the comparison either way.
    { name: "place feed, 304", path: feedPath, run: feed({ "If-None-Match": "*" }) },
    {
      name: "sign-up POST",
      path: `/activities/${targets.signup.activity}/${targets.signup.occurrenceId}`,
      // app/routes/activities.$slug.$occurrenceId.tsx (action) and app/utils/signup.server.ts
      run: async (db) => {
        const activity = await getActivity(db, targets.signup.activity);
        if (!activity) throw new Error(`no activity ${targets.signup.activity}`);
        const session = await getSession(db, activity.id, targets.signup.occurrenceId);
        if (!session) throw new Error(`no session ${targets.signup.occurrenceId}`);
        const result = await signUp(
          db,
          { activityId: activity.id, occurrenceId: session.id },
          {
            name: "Plan Test",
            email: `query-count-${randomUUID()}@example.test`,
            phone: null,
            adults: 1,
            children: 0,
            note: null,
            locale: "sv",
          },
          now,
        );
        if (!result.ok) throw new Error(`sign-up refused: ${result.reason}`);
      },
    },
    {
      name: "staff report, a year, one place",
      path: `/staff/reports?${reportQuery}`,
      // The root loader, app/routes/staff.tsx and app/routes/staff.reports._index.tsx each read
      // the session; then the report's own queries.
      run: async (db) => {
        await Promise.all([0, 1, 2].map(() => userForSession(db, "no-such-session", now)));
        const options = await reportOptions(db);
        const query = parseReportQuery(reportQuery, options, now);
        if (!query.ok) throw new Error(`report query refused: ${JSON.stringify(query.errors)}`);
        await Promise.all([
          weeklyReport(db, query.range, query.filters),
          activityTurnout(db, query.range, query.filters),
          showUpReport(db, query.range, query.filters),
        ]);
      },
    },
  ];
}

/**
 * A Kysely over `file` that records every statement it runs, for counting and for EXPLAIN. The
 * raw handle is returned too, to run EXPLAIN QUERY PLAN on what was recorded.
 */
export function recordingDatabase(file: string) {
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const queries: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    log: (event) => {
      if (event.level === "query") queries.push(event.query);
    },
  });
  return { db, sqlite, queries };
}

/** Picks the targets from the data: the busiest place this week, a course, a session with room. */
export async function findTargets(db: DB, now: Date): Promise<PageTargets> {
  const week = weekFromUrl(new URL("http://bench/"), now);
  const busiest = await db
    .selectFrom("occurrences as o")
    .innerJoin("activities as a", "a.id", "o.activity_id")
    .innerJoin("places as p", "p.id", "a.place_id")
    .select((eb) => ["p.slug", eb.fn.countAll<number>().as("sessions")])
    .where("o.starts_at", ">=", week.from)
    .where("o.starts_at", "<", week.to)
    .groupBy("p.slug")
    .orderBy("sessions", "desc")
    .orderBy("p.slug")
    .executeTakeFirstOrThrow();
  const stamp = toInstantString(now);
  const course = await db
    .selectFrom("activities as a")
    .innerJoin("places as p", "p.id", "a.place_id")
    .select("a.slug")
    .where("a.signup_mode", "=", "course")
    .where("a.status", "=", "published")
    .where("p.slug", "=", busiest.slug)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("occurrences as o")
          .select("o.id")
          .whereRef("o.activity_id", "=", "a.id")
          .where("o.status", "=", "scheduled")
          .where("o.starts_at", ">", stamp),
      ),
    )
    .orderBy("a.id")
    .executeTakeFirstOrThrow();
  // A week or more ahead, so it is still open whatever the time of day.
  const session = await db
    .selectFrom("occurrences as o")
    .innerJoin("activities as a", "a.id", "o.activity_id")
    .select(["a.slug", "o.id"])
    .where("a.signup_mode", "=", "session")
    .where("a.status", "=", "published")
    .where("a.capacity", "is not", null)
    .where("o.status", "=", "scheduled")
    .where("o.starts_at", ">", toInstantString(new Date(now.getTime() + 7 * 86_400_000)))
    .orderBy("o.starts_at")
    .orderBy("o.id")
    .executeTakeFirstOrThrow();
  return {
    place: busiest.slug,
    activity: course.slug,
    signup: { activity: session.slug, occurrenceId: session.id },
    reportPlace: busiest.slug,
  };
}
