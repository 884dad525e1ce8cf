// The large data set of `npm run seed:large` and `npm run bench`: the demo's kind of content
// (meeting places, activities, sessions, sign-ups, attendance) at the size of a whole city.
// Deterministic: the same date and sizes give the same rows, so two bench runs measure the same.
import { existsSync, renameSync, rmSync } from "node:fs";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, type Insertable } from "kysely";
import { migrateToLatest } from "#db/migrate";
import type { Audience, Category, Database, SignupMode } from "#db/schema";
import { DEMO_LOGINS } from "#db/seed/demo";
import { generateSessions, type Schedule } from "~/domain/recurrence";
import {
  addDays,
  isoWeekMonday,
  isoWeekOf,
  toInstantString,
  zonedToUtc,
  type LocalDate,
} from "~/domain/time";
import { scheduleToRow } from "~/models/schedules.server";
import { hashToken, manageToken } from "~/utils/tokens.server";

export type LargeSize = {
  places: number;
  activities: number;
  /** Sign-ups in all, course sign-ups included. */
  rsvps: number;
};

/** The issue's numbers: 30 places, 400 activities, two years of sessions, 300,000 sign-ups. */
export const LARGE_SIZE: LargeSize = { places: 30, activities: 400, rsvps: 300_000 };

export type LargeSummary = Record<
  | "areas"
  | "places"
  | "rooms"
  | "partners"
  | "users"
  | "activities"
  | "occurrences"
  | "pastOccurrences"
  | "attendance"
  | "rsvps"
  | "bookings",
  number
> & { today: LocalDate; busiestPlace: string };

const DAY_MS = 86_400_000;
const RETENTION_DAYS = 90;
const RESIDENTS = 25_000;

const AREAS: [slug: string, name: string][] = [
  ["soder", "Söder"],
  ["dalhem", "Dalhem"],
  ["drottninghog", "Drottninghög"],
  ["fredriksdal", "Fredriksdal"],
  ["planteringen", "Planteringen"],
  ["narlunda", "Närlunda"],
  ["husensjo", "Husensjö"],
  ["eneborg", "Eneborg"],
  ["stattena", "Stattena"],
  ["adakra", "Ödåkra"],
];

// "soder" first: the busiest place has the slug the demo and the docs talk about.
const PLACE_NAMES: [slug: string, name: string][] = [
  ["soder", "@Söder"],
  ["plantan", "@Plantan"],
  ["dalhem", "Dalhemsgården"],
  ["drottninghog", "Träffpunkt Drottninghög"],
  ["fredriksdal", "Fredriksdals mötesplats"],
  ["narlunda", "Närlundastugan"],
  ["husensjo", "Husensjö kvarterslokal"],
  ["eneborg", "Eneborgs träffpunkt"],
  ["stattena", "Stattenahuset"],
  ["adakra", "Ödåkra bygdegård"],
  ["gustavslund", "Gustavslunds lokal"],
  ["tagaborg", "Tågaborgs träffpunkt"],
  ["mariastaden", "Mariastadens mötesplats"],
  ["ringstorp", "Ringstorps kvarterslokal"],
  ["olympia", "Olympiagården"],
  ["berga", "Bergagården"],
  ["miatorp", "Miatorps träffpunkt"],
  ["elineberg", "Elinebergs mötesplats"],
  ["hogasten", "Högastens kvarterslokal"],
  ["wilson-park", "Wilson Park-lokalen"],
  ["raa", "Råå träffpunkt"],
  ["pahlsson", "Påarps mötesplats"],
  ["rydeback", "Rydebäcksgården"],
  ["gantofta", "Gantofta bygdegård"],
  ["hittarp", "Hittarps lokal"],
  ["larod", "Laröds träffpunkt"],
  ["kattarp", "Kattarps bygdegård"],
  ["allerum", "Allerums mötesplats"],
  ["norr", "Träffpunkt Norr"],
  ["karnan", "Kärnans kvarterslokal"],
];

type Flag = "party" | "firstNameOnly" | "requirePhone";

type Kind = {
  slug: string;
  title: string;
  category: Category;
  audience: Audience;
  mode: SignupMode;
  /** Visitors at a drop-in session, before noise. */
  turnout: number;
  /** party: sign-ups give adults and children; the other two are the form's settings. */
  flag?: Flag;
};

const KINDS: Kind[] = (
  [
    ["pratcafe", "Pratcafé", "social", "everyone", "none", 28],
    ["sprakcafe", "Språkcafé", "learning", "adults", "none", 18],
    ["malarkurs", "Målarkurs", "creative", "families", "course", 10],
    ["laxhjalp", "Läxhjälp", "learning", "children", "none", 8],
    ["stickcafe", "Stickcafé", "creative", "seniors", "none", 12],
    ["schack", "Schackklubb", "social", "youth", "session", 10],
    ["boule", "Boule", "sport", "seniors", "none", 10],
    ["seniorgympa", "Seniorgympa", "sport", "seniors", "session", 14],
    ["yoga", "Yoga", "sport", "adults", "session", 12],
    ["barnteater", "Barnteater", "festival", "children", "session", 30, "party"],
    ["filmkvall", "Filmkväll", "social", "everyone", "session", 25, "party"],
    ["lasecirkel", "Läsecirkel", "learning", "adults", "course", 8],
    ["datorhjalp", "Datorhjälp", "learning", "seniors", "session", 8],
    ["matlagning", "Laga mat tillsammans", "food", "families", "session", 16, "party"],
    ["syjunta", "Syjunta", "creative", "adults", "none", 9],
    ["fotboll", "Kvällsfotboll", "sport", "youth", "none", 20],
    ["dans", "Dansgrupp", "sport", "youth", "course", 14],
    ["korsang", "Kör", "creative", "everyone", "course", 16],
    ["tradgard", "Trädgårdsgruppen", "social", "everyone", "none", 8],
    ["cykelverkstad", "Cykelverkstad", "learning", "youth", "none", 9],
    ["familjefika", "Familjefika", "food", "families", "none", 24],
    ["kvartersfika", "Kvartersfika", "dialogue", "everyone", "none", 30],
    ["ungdomsgruppen", "Ungdomsgruppen", "social", "youth", "session", 12, "firstNameOnly"],
    ["babysang", "Babysång", "creative", "families", "session", 18, "party"],
    ["jobbcafe", "Jobbcafé", "learning", "adults", "session", 9],
    ["spelkvall", "Spelkväll", "social", "youth", "none", 15],
    ["samtalsgrupp", "Samtalsgrupp för kvinnor", "dialogue", "adults", "course", 9],
    ["pizzabak", "Pizzabak", "food", "youth", "session", 10, "requirePhone"],
    ["loppis", "Loppis", "festival", "everyone", "none", 40],
    ["promenad", "Promenadgruppen", "sport", "seniors", "none", 11],
  ] satisfies [string, string, Category, Audience, SignupMode, number, Flag?][]
).map(([slug, title, category, audience, mode, turnout, flag]) => ({
  slug,
  title,
  category,
  audience,
  mode,
  turnout,
  flag,
}));

const SUMMARIES: Record<SignupMode, string> = {
  none: "Drop-in, ingen anmälan: kom när du vill.",
  session: "Anmäl dig till det tillfälle du vill komma på.",
  course: "Anmälan till hela kursen; samma grupp varje gång.",
};

const LANGUAGES = ["ar", "en", "so", "bs", "fa", "ti", "uk", "pl"];
const FIRST_NAMES = ["Amina", "Ali", "Anna", "Bashir", "Birgitta", "Dalia", "Elias", "Emma"]
  .concat(["Farah", "Fatima", "Goran", "Hassan", "Ida", "Jamal", "Karin", "Leyla", "Lars"])
  .concat(["Maja", "Mohammed", "Nadia", "Nils", "Omar", "Petra", "Rania", "Sara", "Samir"])
  .concat(["Tove", "Yusuf", "Zainab", "Åsa"]);

/** A small deterministic generator (mulberry32) seeded from a string. */
function prng(seed: string): () => number {
  let state = 0;
  for (const char of seed) state = (Math.imul(state, 31) + char.charCodeAt(0)) | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Random = ReturnType<typeof prng>;
const between = (random: Random, low: number, high: number) =>
  low + Math.floor(random() * (high - low + 1));
const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];

/** Index by weight: the busiest places get most activities, as in a real city. */
function weighted(random: Random, weights: number[], total: number): number {
  let left = random() * total;
  for (const [index, weight] of weights.entries()) {
    left -= weight;
    if (left < 0) return index;
  }
  return weights.length - 1;
}

type Columns<T extends keyof Database> = Required<Insertable<Database[T]>>;

/**
 * One prepared INSERT per table, bound by column name: the statement is compiled once and run
 * per row, which is what lets 300,000 sign-ups go in within seconds.
 */
function inserter<T extends keyof Database, C extends keyof Columns<T> & string>(
  sqlite: SQLite.Database,
  table: T,
  columns: readonly C[],
) {
  // Named parameters: every listed column must be in the row, which the type asks for too.
  const statement = sqlite.prepare(
    `insert into ${table} (${columns.join(", ")}) values (${columns.map((c) => `@${c}`).join(", ")})`,
  );
  return (row: Pick<Columns<T>, C>) => Number(statement.run(row).lastInsertRowid);
}

type PlannedSession = {
  id: number;
  activity: PlannedActivity;
  startsAt: string;
  endsAt: string;
  status: "scheduled" | "cancelled";
  capacity: number | null;
};

type PlannedActivity = {
  id: number;
  kind: Kind;
  placeIndex: number | null;
  status: "published" | "ended" | "cancelled" | "draft" | "pending";
  capacity: number | null;
  askPartySize: boolean;
  requireEmail: boolean;
  sessions: PlannedSession[];
};

/**
 * Fills a migrated, empty database. `today` is the Stockholm date the set is built around: its
 * midnight is "now", sessions run from about a year before to a year after, every past session
 * has attendance, and sign-ups of sessions over 90 days old are anonymised, as the app's own
 * jobs would leave them (so a server started that day finds almost nothing to do).
 */
export function seedLarge(
  sqlite: SQLite.Database,
  today: LocalDate,
  size: LargeSize = LARGE_SIZE,
): LargeSummary {
  if (sqlite.prepare("select 1 from areas limit 1").get() !== undefined) {
    throw new Error("seedLarge: the database is not empty");
  }
  return sqlite.transaction(() => fill(sqlite, today, size))();
}

function fill(sqlite: SQLite.Database, today: LocalDate, size: LargeSize): LargeSummary {
  const now = zonedToUtc(today, "00:00");
  const nowStamp = toInstantString(now);
  const stampOf = (date: LocalDate) => toInstantString(zonedToUtc(date, "09:00"));
  const monday = isoWeekMonday(isoWeekOf(today));
  const firstDay = addDays(monday, -52 * 7);
  const lastDay = addDays(monday, 52 * 7 - 1);
  const setUpAt = stampOf(addDays(firstDay, -30));

  const insertArea = inserter(sqlite, "areas", ["slug", "name", "created_at"]);
  const areaIds = AREAS.map(([slug, name]) => insertArea({ slug, name, created_at: setUpAt }));

  const insertPlace = inserter(sqlite, "places", [
    "slug",
    "name",
    "area_id",
    "street_address",
    "postal_code",
    "city",
    "description",
    "accessibility",
    "phone",
    "email",
    "created_at",
    "updated_at",
  ]);
  const insertHours = inserter(sqlite, "place_hours", ["place_id", "weekday", "opens", "closes"]);
  const insertRoom = inserter(sqlite, "rooms", [
    "place_id",
    "name",
    "capacity",
    "description",
    "accessibility",
    "created_at",
    "buffer_minutes",
  ]);
  const places: { id: number; slug: string; areaIndex: number; rooms: number[] }[] = [];
  for (let index = 0; index < size.places; index++) {
    const random = prng(`place-${index}`);
    const [baseSlug, baseName] = PLACE_NAMES[index % PLACE_NAMES.length];
    const round = Math.floor(index / PLACE_NAMES.length);
    const slug = round === 0 ? baseSlug : `${baseSlug}-${round + 1}`;
    const areaIndex = index % AREAS.length;
    const id = insertPlace({
      slug,
      name: round === 0 ? baseName : `${baseName} ${round + 1}`,
      area_id: areaIds[areaIndex],
      street_address: `${pick(random, ["Storgatan", "Parkvägen", "Skolgatan", "Torget"])} ${between(random, 1, 60)}`,
      postal_code: `25${between(random, 100, 999)}`,
      city: "Helsingborg",
      description:
        `En mötesplats för alla som bor i ${AREAS[areaIndex][1]}. Titta in på en kopp kaffe, ` +
        "träffa grannar eller var med i någon av veckans aktiviteter.",
      accessibility: "Entré i marknivå. Tillgänglig toalett.",
      phone: null,
      email: null,
      created_at: setUpAt,
      updated_at: setUpAt,
    });
    for (let weekday = 1; weekday <= 5; weekday++) {
      insertHours({
        place_id: id,
        weekday,
        opens: "10:00",
        closes: weekday === 3 ? "20:00" : "18:00",
      });
    }
    const rooms = [
      insertRoom(room(id, "Stora rummet", between(random, 30, 60), setUpAt)),
      insertRoom(room(id, "Köket", between(random, 8, 14), setUpAt)),
    ];
    if (random() < 0.6) rooms.push(insertRoom(room(id, "Studierummet", 8, setUpAt)));
    places.push({ id, slug, areaIndex, rooms });
  }

  const insertPartner = inserter(sqlite, "partners", [
    "slug",
    "name",
    "description",
    "website",
    "email",
    "trusted",
    "created_at",
  ]);
  const insertPartnerPlace = inserter(sqlite, "partner_places", ["partner_id", "place_id"]);
  const partnerCount = Math.max(2, Math.round(size.places * 1.3));
  const partners: { id: number; places: number[] }[] = [];
  for (let index = 0; index < partnerCount; index++) {
    const random = prng(`partner-${index}`);
    const slug = index === 0 ? "fyra-farger" : `forening-${index + 1}`;
    const id = insertPartner({
      slug,
      name: index === 0 ? "Fyra färger" : `Föreningen nr ${index + 1}`,
      description: "Förening som håller aktiviteter på våra mötesplatser.",
      website: null,
      email: null,
      trusted: random() < 0.5 ? 1 : 0,
      created_at: setUpAt,
    });
    const worksAt = new Set([index % size.places, between(random, 0, size.places - 1)]);
    for (const placeIndex of worksAt) {
      insertPartnerPlace({ partner_id: id, place_id: places[placeIndex].id });
    }
    partners.push({ id, places: [...worksAt] });
  }
  const partnersAt = (placeIndex: number) =>
    partners.filter((partner) => partner.places.includes(placeIndex));

  const insertUser = inserter(sqlite, "users", [
    "email",
    "name",
    "role",
    "partner_id",
    "created_at",
  ]);
  const userIds = DEMO_LOGINS.map((login) =>
    insertUser({
      email: login.email,
      name: login.name,
      role: login.role,
      partner_id: login.partner ? partners[0].id : null,
      created_at: setUpAt,
    }),
  );
  for (let index = 0; index < 12; index++) {
    userIds.push(
      insertUser({
        email: `personal${index + 1}@example.org`,
        name: `${FIRST_NAMES[index]} Områdesvärd`,
        role: "staff",
        partner_id: null,
        created_at: setUpAt,
      }),
    );
  }
  const staffId = userIds[0];

  const insertActivity = inserter(sqlite, "activities", [
    "slug",
    "title",
    "summary",
    "description",
    "category",
    "audience",
    "organiser_kind",
    "partner_id",
    "area_id",
    "place_id",
    "room_id",
    "location_name",
    "location_address",
    "signup_mode",
    "capacity",
    "ask_party_size",
    "first_name_only",
    "require_email",
    "require_phone",
    "status",
    "status_reason",
    "source_id",
    "source_uid",
    "is_trial",
    "trial_target",
    "review_date",
    "created_at",
    "updated_at",
  ]);
  const insertLanguage = inserter(sqlite, "activity_languages", ["activity_id", "language"]);
  const insertSchedule = inserter(sqlite, "schedules", [
    "activity_id",
    "kind",
    "interval_weeks",
    "weekdays",
    "nth",
    "weekday",
    "start_date",
    "end_date",
    "start_time",
    "end_time",
    "created_at",
    "updated_at",
  ]);
  const insertOccurrence = inserter(sqlite, "occurrences", [
    "activity_id",
    "schedule_id",
    "scheduled_date",
    "starts_at",
    "ends_at",
    "status",
    "cancel_reason",
    "moved",
    "move_reason",
    "room_id",
    "location_name",
    "capacity",
    "sequence",
    "created_at",
    "updated_at",
  ]);
  const insertDecision = inserter(sqlite, "decisions", [
    "activity_id",
    "decision",
    "reason",
    "decided_by",
    "decided_at",
  ]);

  // Zipf-like: the first place is the busiest, as @Söder is in the demo.
  const placeWeights = places.map((_, index) => 1 / (index + 1) ** 0.8);
  const placeWeightSum = placeWeights.reduce((sum, weight) => sum + weight, 0);
  const usedSlugs = new Set<string>();
  const activities: PlannedActivity[] = [];
  for (let index = 0; index < size.activities; index++) {
    const random = prng(`activity-${index}`);
    const activityKind = KINDS[index % KINDS.length];
    const outdoors = random() < 0.1;
    const placeIndex = outdoors ? null : weighted(random, placeWeights, placeWeightSum);
    const areaIndex =
      placeIndex === null ? between(random, 0, AREAS.length - 1) : places[placeIndex].areaIndex;
    const where = placeIndex === null ? AREAS[areaIndex][0] : places[placeIndex].slug;
    let slug = `${activityKind.slug}-${where}`;
    for (let n = 2; usedSlugs.has(slug); n++) slug = `${activityKind.slug}-${where}-${n}`;
    usedSlugs.add(slug);

    const roll = random();
    const status: PlannedActivity["status"] =
      roll < 0.05 ? "ended" : roll < 0.07 ? "cancelled" : roll < 0.1 ? "pending" : "published";
    const partnerChoices = placeIndex === null ? [] : partnersAt(placeIndex);
    const partner =
      partnerChoices.length > 0 && random() < 0.4 ? pick(random, partnerChoices) : null;
    const roomId =
      placeIndex === null
        ? null
        : pick(random, places[placeIndex].rooms.slice(0, random() < 0.7 ? 1 : 3));
    const capacity =
      activityKind.mode === "none"
        ? null
        : activityKind.mode === "course"
          ? between(random, 10, 20)
          : activityKind.flag === "party"
            ? between(random, 60, 120)
            : between(random, 15, 40);
    // Ended activities ran from the start, so their end always falls after it; those awaiting
    // approval have not started yet.
    const startDate =
      status === "pending"
        ? addDays(today, between(random, 7, 60))
        : status === "ended" || random() < 0.8
          ? firstDay
          : addDays(firstDay, between(random, 0, 300));
    const endDate = status === "ended" ? addDays(today, -between(random, 14, 200)) : lastDay;
    const isTrial = random() < 0.05;
    const createdAt = stampOf(addDays(startDate, -14));

    const id = insertActivity({
      slug,
      title:
        placeIndex === null
          ? `${activityKind.title} i ${AREAS[areaIndex][1]}`
          : `${activityKind.title} på ${PLACE_NAMES[placeIndex % PLACE_NAMES.length][1]}`,
      summary: SUMMARIES[activityKind.mode],
      description: `${SUMMARIES[activityKind.mode]} Välkommen!\n\nFrågor? Prata med personalen på plats.`,
      category: activityKind.category,
      audience: activityKind.audience,
      organiser_kind: partner ? "partner" : "staff",
      partner_id: partner?.id ?? null,
      area_id: areaIds[areaIndex],
      place_id: placeIndex === null ? null : places[placeIndex].id,
      room_id: roomId,
      location_name: placeIndex === null ? "Gården vid lekplatsen" : null,
      location_address: placeIndex === null ? `${AREAS[areaIndex][1]}, Helsingborg` : null,
      signup_mode: activityKind.mode,
      capacity,
      ask_party_size: activityKind.flag === "party" ? 1 : 0,
      first_name_only: activityKind.flag === "firstNameOnly" ? 1 : 0,
      require_email:
        activityKind.flag === "firstNameOnly" || activityKind.flag === "requirePhone" ? 0 : 1,
      require_phone: activityKind.flag === "requirePhone" ? 1 : 0,
      status,
      status_reason:
        status === "ended"
          ? "Avslutad efter utvärdering."
          : status === "cancelled"
            ? "Ledaren har slutat."
            : null,
      source_id: null,
      source_uid: null,
      is_trial: isTrial ? 1 : 0,
      trial_target: isTrial ? between(random, 8, 15) : null,
      review_date: isTrial ? addDays(today, between(random, -60, 60)) : null,
      created_at: createdAt,
      updated_at: createdAt,
    });
    insertLanguage({ activity_id: id, language: "sv" });
    for (const language of new Set([pick(random, LANGUAGES), pick(random, LANGUAGES)])) {
      if (random() < 0.5) insertLanguage({ activity_id: id, language });
    }
    if (status === "ended" && isTrial) {
      insertDecision({
        activity_id: id,
        decision: "end",
        reason: "För få besökare i förhållande till målet.",
        decided_by: staffId,
        decided_at: stampOf(endDate),
      });
    }

    const schedule = scheduleFor(random, startDate, endDate, today);
    const scheduleId = insertSchedule({
      activity_id: id,
      ...scheduleToRow(schedule),
      created_at: createdAt,
      updated_at: createdAt,
    });
    const planned: PlannedActivity = {
      id,
      kind: activityKind,
      placeIndex,
      status,
      capacity,
      askPartySize: activityKind.flag === "party",
      requireEmail: !(
        activityKind.flag === "firstNameOnly" || activityKind.flag === "requirePhone"
      ),
      sessions: [],
    };
    for (const session of generateSessions(schedule)) {
      const exception = random();
      const cancelled = exception < 0.02;
      const moved = !cancelled && exception < 0.03;
      const shift = moved ? DAY_MS : 0;
      const startsAt = toInstantString(new Date(session.startsAt.getTime() + shift));
      const endsAt = toInstantString(new Date(session.endsAt.getTime() + shift));
      const ownCapacity =
        capacity !== null && random() < 0.05 ? capacity + between(random, -5, 10) : null;
      const changed = cancelled || moved ? stampOf(addDays(session.scheduledDate, -5)) : createdAt;
      const occurrenceId = insertOccurrence({
        activity_id: id,
        schedule_id: scheduleId,
        scheduled_date: session.scheduledDate,
        starts_at: startsAt,
        ends_at: endsAt,
        status: cancelled ? "cancelled" : "scheduled",
        cancel_reason: cancelled ? "Ledaren är sjuk. Vi ses nästa gång!" : null,
        moved: moved ? 1 : 0,
        move_reason: moved ? "Lokalen behövs för ett stormöte." : null,
        room_id: null,
        location_name: null,
        capacity: ownCapacity !== null && ownCapacity > 0 ? ownCapacity : null,
        sequence: cancelled || moved ? 1 : 0,
        created_at: createdAt,
        updated_at: changed < createdAt ? createdAt : changed,
      });
      planned.sessions.push({
        id: occurrenceId,
        activity: planned,
        startsAt,
        endsAt,
        status: cancelled ? "cancelled" : "scheduled",
        capacity: ownCapacity !== null && ownCapacity > 0 ? ownCapacity : capacity,
      });
    }
    activities.push(planned);
  }

  const rsvpCount = seedRsvps(sqlite, activities, now, size.rsvps);
  const attendance = seedAttendance(sqlite, activities, now, staffId);
  const bookings = seedBookings(sqlite, places, partnersAt, monday, nowStamp, staffId);
  seedProposalsAndSafety(sqlite, areaIds, places, now);

  const sessions = activities.flatMap((activity) => activity.sessions);
  const weekFrom = toInstantString(zonedToUtc(monday, "00:00"));
  const weekTo = toInstantString(zonedToUtc(addDays(monday, 7), "00:00"));
  const perPlace = new Map<number, number>();
  for (const session of sessions) {
    const placeIndex = session.activity.placeIndex;
    if (placeIndex === null || session.startsAt < weekFrom || session.startsAt >= weekTo) continue;
    perPlace.set(placeIndex, (perPlace.get(placeIndex) ?? 0) + 1);
  }
  const busiest = [...perPlace].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  return {
    today,
    busiestPlace: places[busiest].slug,
    areas: areaIds.length,
    places: places.length,
    rooms: places.reduce((sum, place) => sum + place.rooms.length, 0),
    partners: partners.length,
    users: userIds.length,
    activities: activities.length,
    occurrences: sessions.length,
    pastOccurrences: sessions.filter((session) => session.endsAt <= nowStamp).length,
    attendance,
    rsvps: rsvpCount,
    bookings,
  };
}

function room(placeId: number, name: string, capacity: number, stamp: string) {
  return {
    place_id: placeId,
    name,
    capacity,
    description: "",
    accessibility: "",
    created_at: stamp,
    buffer_minutes: 15,
  };
}

/** Weekly on one or two days, every other week, monthly or once, in the daytime or evening. */
function scheduleFor(
  random: Random,
  startDate: LocalDate,
  endDate: LocalDate,
  today: LocalDate,
): Schedule {
  const startHour = between(random, 9, 18);
  const startTime = `${String(startHour).padStart(2, "0")}:${random() < 0.5 ? "00" : "30"}`;
  const minutes = 60 + 30 * between(random, 0, 3);
  const endMinute = startHour * 60 + Number(startTime.slice(3)) + minutes;
  const endTime = `${String(Math.floor(endMinute / 60)).padStart(2, "0")}:${String(endMinute % 60).padStart(2, "0")}`;
  const roll = random();
  const day = between(random, 1, 5);
  if (roll < 0.3) {
    return {
      kind: "weekly",
      intervalWeeks: 1,
      weekdays: [day],
      startDate,
      endDate,
      startTime,
      endTime,
    };
  }
  if (roll < 0.75) {
    const other = ((day + 1) % 5) + 1;
    return {
      kind: "weekly",
      intervalWeeks: 1,
      weekdays: [day, other].sort((a, b) => a - b),
      startDate,
      endDate,
      startTime,
      endTime,
    };
  }
  if (roll < 0.85) {
    return {
      kind: "weekly",
      intervalWeeks: 2,
      weekdays: [day],
      startDate,
      endDate,
      startTime,
      endTime,
    };
  }
  if (roll < 0.95) {
    const nth = pick(random, [1, 2, 3, 4, -1] as const);
    return { kind: "monthly", nth, weekday: day, startDate, endDate, startTime, endTime };
  }
  const date = addDays(today, between(random, -300, 300));
  const inRange = date < startDate ? startDate : date > endDate ? endDate : date;
  return { kind: "once", date: inRange, startTime, endTime };
}

/**
 * Sign-ups in arrival order per session (and per course), decided as the app decides them:
 * confirmed while the party fits, then everyone waits (first come, first served). Cancelled
 * sign-ups never held a place. Sessions far ahead have fewer sign-ups yet.
 */
function seedRsvps(
  sqlite: SQLite.Database,
  activities: PlannedActivity[],
  now: Date,
  total: number,
): number {
  const insertRsvp = inserter(sqlite, "rsvps", [
    "activity_id",
    "occurrence_id",
    "name",
    "email",
    "phone",
    "adults",
    "children",
    "party_size",
    "note",
    "locale",
    "status",
    "token_nonce",
    "token_hash",
    "created_at",
    "updated_at",
    "promoted_at",
    "cancelled_at",
    "anonymised_at",
  ]);
  const insertReminder = inserter(sqlite, "rsvp_reminders", [
    "rsvp_id",
    "occurrence_id",
    "created_at",
  ]);
  const nowMs = now.getTime();
  const cutoff = toInstantString(new Date(nowMs - RETENTION_DAYS * DAY_MS));
  // The reminder job looks 12–36 hours ahead of any moment of `today`; those are marked sent.
  const remindedFrom = toInstantString(new Date(nowMs - 14 * DAY_MS));
  const remindedTo = toInstantString(new Date(nowMs + 60 * 3_600_000));
  const open = (activity: PlannedActivity) =>
    activity.status !== "draft" && activity.status !== "pending";

  type Scope = {
    activity: PlannedActivity;
    session: PlannedSession | null;
    capacity: number | null;
    opensAt: number;
    closesAt: number;
    lastEndsAt: string;
    weight: number;
  };
  const scopes: Scope[] = [];
  for (const activity of activities) {
    if (!open(activity) || activity.sessions.length === 0) continue;
    const lastEndsAt = activity.sessions[activity.sessions.length - 1].endsAt;
    if (activity.kind.mode === "course") {
      const firstStart = Date.parse(activity.sessions[0].startsAt);
      scopes.push({
        activity,
        session: null,
        capacity: activity.capacity,
        opensAt: firstStart - 30 * DAY_MS,
        closesAt: Math.min(nowMs, firstStart + 60 * DAY_MS),
        lastEndsAt,
        weight: 2.5 * (activity.capacity ?? 10),
      });
    } else if (activity.kind.mode === "session") {
      for (const session of activity.sessions) {
        const startsAt = Date.parse(session.startsAt);
        const weeksAhead = (startsAt - nowMs) / (7 * DAY_MS);
        const fill = weeksAhead <= 2 ? 1 : Math.max(0.05, 1 - weeksAhead / 20);
        scopes.push({
          activity,
          session,
          capacity: session.capacity,
          opensAt: startsAt - 28 * DAY_MS,
          closesAt: Math.min(nowMs, startsAt - 3_600_000),
          lastEndsAt: session.endsAt,
          weight: fill * ((session.capacity ?? 20) / (activity.askPartySize ? 2.5 : 1)) * 0.9,
        });
      }
    }
  }
  const weightSum = scopes.reduce((sum, scope) => sum + scope.weight, 0);

  let inserted = 0;
  let carry = 0;
  for (const [scopeIndex, scope] of scopes.entries()) {
    const exact = (scope.weight / weightSum) * total + carry;
    const count = scopeIndex === scopes.length - 1 ? total - inserted : Math.floor(exact);
    carry = exact - count;
    if (count <= 0) continue;
    const random = prng(`rsvps-${scope.activity.id}-${scope.session?.id ?? "course"}`);
    const anonymised = scope.lastEndsAt < cutoff;
    const anonymisedAt = toInstantString(
      new Date(Date.parse(scope.lastEndsAt) + RETENTION_DAYS * DAY_MS + 600_000),
    );
    // Distinct residents within one scope: a stride coprime to RESIDENTS never repeats.
    const firstResident = between(random, 0, RESIDENTS - 1);
    const stride = 7919;
    const span = Math.max(1, scope.closesAt - scope.opensAt);
    let confirmedPeople = 0;
    let waiting = 0;
    for (let k = 0; k < count; k++) {
      const resident = (firstResident + k * stride) % RESIDENTS;
      const createdAt = toInstantString(
        new Date(scope.opensAt + Math.floor(((k + random()) / count) * span)),
      );
      const adults = scope.activity.askPartySize ? between(random, 1, 2) : 1;
      const children = scope.activity.askPartySize ? between(random, 0, 3) : 0;
      const partySize = adults + children;
      let status: "confirmed" | "waitlisted" | "cancelled";
      if (random() < 0.08) status = "cancelled";
      else if (
        scope.capacity === null ||
        (waiting === 0 && confirmedPeople + partySize <= scope.capacity)
      ) {
        status = "confirmed";
        confirmedPeople += partySize;
      } else {
        status = "waitlisted";
        waiting++;
      }
      const hasEmail = scope.activity.requireEmail || random() < 0.3;
      const nonce = `large-${scope.activity.id}-${scope.session?.id ?? 0}-${k}`;
      const firstName = FIRST_NAMES[resident % FIRST_NAMES.length];
      const id = insertRsvp({
        activity_id: scope.activity.id,
        occurrence_id: scope.session?.id ?? null,
        name: anonymised
          ? "–"
          : scope.activity.kind.flag === "firstNameOnly"
            ? firstName
            : `${firstName} ${String.fromCharCode(65 + (resident % 26))}.`,
        email: anonymised || !hasEmail ? null : `boende${resident}@example.test`,
        phone:
          anonymised || !(scope.activity.kind.flag === "requirePhone" || random() < 0.2)
            ? null
            : `070-${String(1_000_000 + resident).slice(1)}`,
        adults,
        children,
        party_size: partySize,
        note: anonymised || random() > 0.05 ? null : "Vi kommer lite senare.",
        locale: random() < 0.85 ? "sv" : "en",
        status,
        token_nonce: nonce,
        token_hash: hashToken(manageToken(nonce, "rsvp")),
        created_at: createdAt,
        updated_at: createdAt,
        promoted_at: null,
        cancelled_at: status === "cancelled" ? createdAt : null,
        anonymised_at: anonymised ? anonymisedAt : null,
      });
      inserted++;
      if (status !== "confirmed" || !hasEmail || anonymised) continue;
      const remindable = scope.session ? [scope.session] : scope.activity.sessions;
      for (const session of remindable) {
        if (session.status !== "scheduled") continue;
        if (session.startsAt < remindedFrom || session.startsAt >= remindedTo) continue;
        if (session.startsAt <= createdAt) continue;
        insertReminder({
          rsvp_id: id,
          occurrence_id: session.id,
          created_at: toInstantString(new Date(Date.parse(session.startsAt) - DAY_MS)),
        });
      }
    }
  }
  return inserted;
}

/** A headcount on every past session, close to the confirmed sign-ups where there are some. */
function seedAttendance(
  sqlite: SQLite.Database,
  activities: PlannedActivity[],
  now: Date,
  staffId: number,
): number {
  const insertAttendance = inserter(sqlite, "attendance", [
    "occurrence_id",
    "headcount",
    "children",
    "youth",
    "adults",
    "seniors",
    "first_timers",
    "note",
    "recorded_by",
    "recorded_at",
    "walk_ins",
  ]);
  const confirmed = sqlite.prepare<[number], { people: number }>(
    "select coalesce(sum(party_size), 0) as people from rsvps where occurrence_id = ? and status = 'confirmed'",
  );
  const nowStamp = toInstantString(now);
  let count = 0;
  for (const activity of activities) {
    if (activity.status === "draft" || activity.status === "pending") continue;
    for (const session of activity.sessions) {
      if (session.status !== "scheduled" || session.endsAt > nowStamp) continue;
      const random = prng(`attendance-${session.id}`);
      const walkIns = between(random, 0, 4);
      const signedUp =
        activity.kind.mode === "session" ? (confirmed.get(session.id)?.people ?? 0) : 0;
      const headcount =
        activity.kind.mode === "none"
          ? Math.max(1, Math.round(activity.kind.turnout * (0.6 + random() * 0.8)))
          : activity.kind.mode === "course"
            ? Math.max(1, Math.round((activity.capacity ?? 10) * (0.6 + random() * 0.4)))
            : Math.round(signedUp * (0.7 + random() * 0.3)) + walkIns;
      const breakdown = random() < 0.3;
      const children = breakdown ? Math.round(headcount * 0.15) : null;
      const seniors = breakdown ? Math.round(headcount * 0.3) : null;
      const youth = breakdown ? Math.round(headcount * 0.05) : null;
      insertAttendance({
        occurrence_id: session.id,
        headcount,
        children,
        youth,
        seniors,
        adults: breakdown ? headcount - (children ?? 0) - (seniors ?? 0) - (youth ?? 0) : null,
        first_timers: breakdown ? between(random, 0, 3) : null,
        note: null,
        recorded_by: staffId,
        recorded_at: toInstantString(new Date(Date.parse(session.endsAt) + 3_600_000)),
        walk_ins: Math.min(walkIns, headcount),
      });
      count++;
    }
  }
  return count;
}

/** A partner's weekly Saturday booking in each main room, most approved, some still pending. */
function seedBookings(
  sqlite: SQLite.Database,
  places: { id: number; rooms: number[] }[],
  partnersAt: (placeIndex: number) => { id: number }[],
  monday: LocalDate,
  nowStamp: string,
  staffId: number,
): number {
  const insertBooking = inserter(sqlite, "bookings", [
    "room_id",
    "partner_id",
    "requested_by",
    "purpose",
    "starts_at",
    "ends_at",
    "status",
    "decline_reason",
    "series_id",
    "created_at",
    "updated_at",
    "decided_by",
    "decided_at",
  ]);
  let count = 0;
  for (const [placeIndex, place] of places.entries()) {
    const partner = partnersAt(placeIndex)[0] ?? null;
    for (const roomId of place.rooms) {
      const seriesId = `large-${roomId}`;
      for (let week = -52; week < 52; week++) {
        const saturday = addDays(monday, 7 * week + 5);
        const createdAt = toInstantString(zonedToUtc(addDays(saturday, -30), "10:00"));
        const startsAt = toInstantString(zonedToUtc(saturday, "10:00"));
        const status = startsAt < nowStamp || week < 8 ? "approved" : "pending";
        insertBooking({
          room_id: roomId,
          partner_id: partner?.id ?? null,
          requested_by: null,
          purpose: "Föreningsmöte",
          starts_at: startsAt,
          ends_at: toInstantString(zonedToUtc(saturday, "13:00")),
          status,
          decline_reason: null,
          series_id: seriesId,
          created_at: createdAt,
          updated_at: createdAt,
          decided_by: status === "approved" ? staffId : null,
          decided_at: status === "approved" ? createdAt : null,
        });
        count++;
      }
    }
  }
  return count;
}

function seedProposalsAndSafety(
  sqlite: SQLite.Database,
  areaIds: number[],
  places: { id: number }[],
  now: Date,
): void {
  const insertProposal = inserter(sqlite, "proposals", [
    "kind",
    "text",
    "contact",
    "area_id",
    "place_id",
    "occurrence_id",
    "status",
    "decline_reason",
    "is_public",
    "supports",
    "activity_id",
    "created_at",
    "updated_at",
  ]);
  const insertSupport = inserter(sqlite, "proposal_supports", [
    "proposal_id",
    "supporter_hash",
    "created_at",
  ]);
  const insertSurvey = inserter(sqlite, "safety_surveys", [
    "area_id",
    "period_label",
    "period_end",
    "share_safe",
    "respondents",
    "source",
    "created_at",
    "created_by",
  ]);
  for (let index = 0; index < places.length * 4; index++) {
    const random = prng(`proposal-${index}`);
    const created = toInstantString(new Date(now.getTime() - between(random, 1, 300) * DAY_MS));
    const onPlace = random() < 0.6;
    const status = pick(random, ["new", "new", "planned", "tried", "declined"] as const);
    const isPublic = status !== "new" || random() < 0.3;
    const supports = isPublic ? between(random, 0, 20) : 0;
    const id = insertProposal({
      kind: random() < 0.5 ? "activity" : "improvement",
      text: `Förslag ${index + 1}: fler aktiviteter på helgerna`,
      contact: null,
      area_id: onPlace ? null : pick(random, areaIds),
      place_id: onPlace ? pick(random, places).id : null,
      occurrence_id: null,
      status,
      decline_reason: status === "declined" ? "Det ligger utanför vad vi kan ordna." : null,
      is_public: isPublic ? 1 : 0,
      supports,
      activity_id: null,
      created_at: created,
      updated_at: created,
    });
    for (let supporter = 0; supporter < supports; supporter++) {
      insertSupport({
        proposal_id: id,
        supporter_hash: `large-${index}-${supporter}`,
        created_at: created,
      });
    }
  }
  for (const [index, areaId] of areaIds.entries()) {
    for (let year = 2021; year <= 2025; year++) {
      insertSurvey({
        area_id: areaId,
        period_label: String(year),
        period_end: `${year}-12-31`,
        share_safe: 35 + ((index * 7 + (year - 2021) * 4) % 40),
        respondents: 200 + index * 10,
        source: "Helsingborgshems trygghetsmätning",
        created_at: toInstantString(now),
        created_by: null,
      });
    }
  }
}

/**
 * A new database file holding the migrated schema and the large set. Written beside the target
 * and renamed at the end, so a crash never leaves a half-filled file under the real name.
 */
export async function createLargeDatabase(
  file: string,
  today: LocalDate,
  size: LargeSize = LARGE_SIZE,
): Promise<LargeSummary> {
  const partial = `${file}.partial`;
  for (const suffix of ["", "-wal", "-shm", "-journal"])
    rmSync(`${partial}${suffix}`, { force: true });
  const sqlite = new SQLite(partial);
  try {
    // A throw-away file until the rename: no journal to keep, nothing to sync.
    sqlite.pragma("journal_mode = OFF");
    sqlite.pragma("synchronous = OFF");
    sqlite.pragma("foreign_keys = ON");
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    await migrateToLatest(db);
    const summary = seedLarge(sqlite, today, size);
    // The app opens it in WAL mode; setting it here keeps the file as the app leaves it.
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    sqlite.close();
    if (existsSync(file)) rmSync(file);
    for (const suffix of ["-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
    renameSync(partial, file);
    return summary;
  } catch (error) {
    if (sqlite.open) sqlite.close();
    throw error;
  }
}
