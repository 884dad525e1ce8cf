import type { Insertable, Kysely } from "kysely";
import type { Audience, Category, Database, Role, SignupMode } from "#db/schema";
import type { Schedule } from "~/domain/recurrence";
import {
  addDays,
  isoWeekMonday,
  isoWeekOf,
  todayIn,
  toInstantString,
  utcToZoned,
  zonedToUtc,
  type LocalDate,
} from "~/domain/time";
import { saveSchedule } from "~/models/schedules.server";

export const DEMO_LOGINS: { email: string; role: Role; name: string; partner?: string }[] = [
  { email: "staff@example.org", role: "staff", name: "Sara Områdesvärd" },
  { email: "admin@example.org", role: "admin", name: "Adam Administratör" },
  {
    email: "fyrafarger@example.org",
    role: "partner",
    name: "Fatima (Fyra färger)",
    partner: "fyra-farger",
  },
];

const WEEKS_BACK = 12;
const WEEKS_AHEAD = 26;

type DemoActivity = {
  slug: string;
  title: string;
  summary: string;
  description: string;
  category: Category;
  audience: Audience;
  languages: string[];
  partner?: string;
  area: string;
  place?: string;
  room?: string;
  locationName?: string;
  locationAddress?: string;
  signupMode: SignupMode;
  capacity?: number;
  askPartySize?: boolean;
  firstNameOnly?: boolean;
  requireEmail?: boolean;
  requirePhone?: boolean;
  status: "published" | "ended";
  statusReason?: string;
  schedule: Schedule;
};

/** Adds the demo of PRODUCT.md when the database holds no areas yet. */
export async function seedDemoIfEmpty(db: Kysely<Database>, now: Date): Promise<boolean> {
  const existing = await db.selectFrom("areas").select("id").limit(1).executeTakeFirst();
  if (existing) return false;
  // One transaction: a crash half-way leaves an empty database that the next start seeds again.
  await db.transaction().execute((trx) => seedDemo(trx, now));
  return true;
}

/**
 * The demo, generated relative to `now` and otherwise fully deterministic: sessions from
 * 12 weeks back to 26 weeks ahead, attendance on every past session matching the seed
 * document (@Söder 100–130 visitors a week, block coffee mornings about 30).
 */
export async function seedDemo(db: Kysely<Database>, now: Date): Promise<void> {
  const stamp = toInstantString(now);
  const today = todayIn(now);
  const monday = isoWeekMonday(isoWeekOf(today));
  const first = addDays(monday, -7 * WEEKS_BACK);
  const last = addDays(monday, 7 * WEEKS_AHEAD - 1);
  const weekday = (weekOffset: number, isoWeekday: number): LocalDate =>
    addDays(monday, 7 * weekOffset + isoWeekday - 1);

  const areaIds = new Map<string, number>();
  for (const [slug, name] of [
    ["soder", "Söder"],
    ["dalhem", "Dalhem"],
    ["drottninghog", "Drottninghög"],
    ["fredriksdal", "Fredriksdal"],
    ["planteringen", "Planteringen"],
    ["narlunda", "Närlunda"],
  ] as const) {
    const { id } = await db
      .insertInto("areas")
      .values({ slug, name, created_at: stamp })
      .returning("id")
      .executeTakeFirstOrThrow();
    areaIds.set(slug, id);
  }
  const areaId = (slug: string) => required(areaIds.get(slug), `area ${slug}`);

  const placeIds = new Map<string, number>();
  const roomIds = new Map<string, number>();
  const places = [
    {
      slug: "soder",
      name: "@Söder",
      area: "soder",
      street_address: "Håkan Lundbergs gata, vid Furutorpsparken",
      description:
        "En mötesplats för alla som bor på Söder. Vi driver @Söder tillsammans med projektet " +
        "Omtanke Helsingborg och föreningen Inva-Sam, och ordnar aktiviteter tillsammans med de boende. " +
        "Titta in på en kopp kaffe, måla, läs eller träffa grannar.",
      accessibility:
        "Entré i marknivå utan trösklar. Tillgänglig toalett. Hörslinga i Stora rummet.",
      hours: [
        [1, "10:00", "18:00"],
        [2, "10:00", "18:00"],
        [3, "10:00", "20:00"],
        [4, "10:00", "18:00"],
        [5, "10:00", "15:00"],
      ],
      rooms: [
        ["Stora rummet", 40],
        ["Köket", 12],
        ["Studierummet", 8],
      ],
    },
    {
      slug: "plantan",
      name: "@Plantan",
      area: "planteringen",
      street_address: "Planteringen",
      description:
        "Områdesvärdarnas mötesplats på Planteringen. Här ordnar vi aktiviteter för barn, " +
        "unga och familjer, ofta på kvällar och helger.",
      accessibility: "Entré med ramp. Tillgänglig toalett.",
      hours: [
        [2, "15:00", "19:00"],
        [4, "15:00", "19:00"],
        [6, "12:00", "18:00"],
      ],
      rooms: [
        ["Samlingssalen", 30],
        ["Köket", 10],
      ],
    },
  ] as const;
  for (const place of places) {
    const { id } = await db
      .insertInto("places")
      .values({
        slug: place.slug,
        name: place.name,
        area_id: areaId(place.area),
        street_address: place.street_address,
        postal_code: "",
        city: "Helsingborg",
        description: place.description,
        accessibility: place.accessibility,
        phone: null,
        email: null,
        created_at: stamp,
        updated_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    placeIds.set(place.slug, id);
    await db
      .insertInto("place_hours")
      .values(
        place.hours.map(([weekday, opens, closes]) => ({ place_id: id, weekday, opens, closes })),
      )
      .execute();
    for (const [name, capacity] of place.rooms) {
      const room = await db
        .insertInto("rooms")
        .values({ place_id: id, name, capacity, created_at: stamp })
        .returning("id")
        .executeTakeFirstOrThrow();
      roomIds.set(`${place.slug}/${name}`, room.id);
    }
  }
  const placeId = (slug: string) => required(placeIds.get(slug), `place ${slug}`);

  const partnerIds = new Map<string, number>();
  const partners = [
    [
      "fyra-farger",
      "Fyra färger",
      "Målarförening som håller kurser för barn och vuxna.",
      true,
      ["soder"],
    ],
    [
      "helsingborgs-bibliotek",
      "Helsingborgs bibliotek",
      "Stadsbiblioteket och stadsdelsbiblioteken.",
      true,
      ["soder", "plantan"],
    ],
    [
      "studieframjandet",
      "Studiefrämjandet",
      "Studieförbund med cirklar och kurser.",
      false,
      ["soder", "plantan"],
    ],
    [
      "stadsdelsmammorna",
      "Stadsdelsmammorna",
      "Mammor som stöttar familjer i sina stadsdelar.",
      false,
      ["soder"],
    ],
    [
      "inva-sam",
      "Inva-Sam",
      "Samarbetsorgan för funktionsrättsföreningar i Helsingborg.",
      true,
      ["soder"],
    ],
    [
      "palestinska-kvinnoforeningen",
      "Palestinska kvinnoföreningen",
      "Kvinnoförening med träffar och kurser.",
      false,
      ["soder"],
    ],
  ] as const;
  for (const [slug, name, description, trusted, worksAt] of partners) {
    const { id } = await db
      .insertInto("partners")
      .values({
        slug,
        name,
        description,
        trusted: trusted ? 1 : 0,
        website: null,
        email: null,
        created_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    partnerIds.set(slug, id);
    await db
      .insertInto("partner_places")
      .values(worksAt.map((place) => ({ partner_id: id, place_id: placeId(place) })))
      .execute();
  }

  for (const login of DEMO_LOGINS) {
    await db
      .insertInto("users")
      .values({
        email: login.email,
        name: login.name,
        role: login.role,
        partner_id: login.partner ? required(partnerIds.get(login.partner), login.partner) : null,
        created_at: stamp,
      })
      .execute();
  }

  const activities: DemoActivity[] = [
    {
      slug: "pratcafe",
      title: "Pratcafé",
      summary: "Drop-in med fika och samtal på enkel svenska. Ingen anmälan.",
      description:
        "Kom som du är och prata med grannar över en kopp kaffe. Pratcaféet är till för alla som " +
        "vill träffa folk och öva svenska i lugn takt. Det har varit så välbesökt att vi har utökat " +
        "till två eftermiddagar i veckan.",
      category: "social",
      audience: "everyone",
      languages: ["sv"],
      area: "soder",
      place: "soder",
      room: "Stora rummet",
      signupMode: "none",
      status: "published",
      schedule: weekly([2, 4], first, last, "14:00", "16:00"),
    },
    {
      slug: "malarkurs",
      title: "Målarkurs med Fyra färger",
      summary: "Måla tillsammans varje onsdag, för barn och föräldrar. Anmälan till hela kursen.",
      description:
        "Föreningen Fyra färger lär ut akvarell, akryl och teckning. Material finns på plats. " +
        "Kursen passar både barn och vuxna, och man anmäler sig till hela kursen.",
      category: "creative",
      audience: "families",
      languages: ["sv", "ar"],
      partner: "fyra-farger",
      area: "soder",
      place: "soder",
      room: "Stora rummet",
      signupMode: "course",
      capacity: 12,
      status: "published",
      schedule: weekly([3], first, last, "17:00", "19:00"),
    },
    {
      slug: "laxhjalp",
      title: "Läxhjälp",
      summary: "Hjälp med läxorna för elever i årskurs 4–9.",
      description:
        "Studenter från området hjälpte till med läxorna två eftermiddagar i veckan. " +
        "Läxhjälpen provades under hösten men var inte så välbesökt, så vi har avslutat den.",
      category: "learning",
      audience: "children",
      languages: ["sv", "ar", "so"],
      partner: "studieframjandet",
      area: "soder",
      place: "soder",
      room: "Studierummet",
      signupMode: "none",
      status: "ended",
      statusReason: "Avslutad efter utvärdering: för få besökare.",
      schedule: weekly([1, 3], first, addDays(monday, -7 * 3 - 1), "15:30", "17:00"),
    },
    {
      slug: "kvartersfika-dalhem",
      title: "Kvartersfika på Dalhem",
      summary: "Fika utomhus vid Brohult: säg vad du tycker om området.",
      description:
        "Områdesteamet bjuder på fika vid grillplatsen i Brohult. Här kan du i lugn och ro " +
        "föra fram åsikter och förslag på förbättringar i ditt bostadsområde.",
      category: "dialogue",
      audience: "everyone",
      languages: ["sv", "ar", "bs"],
      area: "dalhem",
      locationName: "Grillplatsen vid Brohult",
      locationAddress: "Brohult, Dalhem, Helsingborg",
      signupMode: "none",
      status: "published",
      schedule: {
        kind: "monthly",
        nth: 1,
        weekday: 4,
        startDate: first,
        endDate: last,
        startTime: "17:00",
        endTime: "18:30",
      },
    },
    {
      slug: "ungdomsgruppen",
      title: "Ungdomsgruppen",
      summary: "För unga från Dalhem, Drottninghög och Fredriksdal som vill ta initiativ.",
      description:
        "Vi träffas varje måndag kväll, hittar på aktiviteter och tar uppdrag i området, " +
        "till exempel att ordna fika till familjedagen. Anmälan med förnamn räcker.",
      category: "social",
      audience: "youth",
      languages: ["sv"],
      area: "dalhem",
      locationName: "Områdeskontoret på Dalhem",
      locationAddress: "Dalhem, Helsingborg",
      signupMode: "session",
      capacity: 20,
      firstNameOnly: true,
      requireEmail: false,
      status: "published",
      schedule: weekly([1], first, last, "18:00", "20:00"),
    },
    {
      slug: "familjedag",
      title: "Familjedag vid Brohult",
      summary: "Ansiktsmålning, hoppborgar, allsång och food truck. Anmäl hur många ni blir.",
      description:
        "Vi inviger grillplatsen i Brohult och bjuder grannarna på grillat. Det blir " +
        "ansiktsmålning, ballongman, hoppborgar och allsång. Ungdomsgruppen ordnar fikat.",
      category: "festival",
      audience: "families",
      languages: ["sv", "ar", "en"],
      area: "dalhem",
      locationName: "Grillplatsen vid Brohult",
      locationAddress: "Brohult, Dalhem, Helsingborg",
      signupMode: "session",
      capacity: 300,
      askPartySize: true,
      status: "published",
      schedule: { kind: "once", date: weekday(5, 6), startTime: "12:00", endTime: "16:00" },
    },
    {
      slug: "pizzatavling",
      title: "Pizzatävling på @Plantan",
      summary: "Tio lag tävlar, en riktig pizzabagare dömer. Anmäl ditt lag.",
      description:
        "Områdesvärdarna ordnar pizzatävling under jullovet. En meriterad pizzabagare är på plats " +
        "som inspiratör och domare. Högst tio lag; anmäl laget med en kontaktperson.",
      category: "food",
      audience: "youth",
      languages: ["sv"],
      area: "planteringen",
      place: "plantan",
      room: "Köket",
      signupMode: "session",
      capacity: 10,
      requireEmail: false,
      requirePhone: true,
      status: "published",
      schedule: { kind: "once", date: weekday(4, 6), startTime: "15:00", endTime: "18:00" },
    },
  ];

  const activityIds = new Map<string, number>();
  for (const activity of activities) {
    const { id } = await db
      .insertInto("activities")
      .values({
        slug: activity.slug,
        title: activity.title,
        summary: activity.summary,
        description: activity.description,
        category: activity.category,
        audience: activity.audience,
        organiser_kind: activity.partner ? "partner" : "staff",
        partner_id: activity.partner
          ? required(partnerIds.get(activity.partner), activity.partner)
          : null,
        area_id: areaId(activity.area),
        place_id: activity.place ? placeId(activity.place) : null,
        room_id: activity.room
          ? required(roomIds.get(`${activity.place}/${activity.room}`), activity.room)
          : null,
        location_name: activity.locationName ?? null,
        location_address: activity.locationAddress ?? null,
        signup_mode: activity.signupMode,
        capacity: activity.capacity ?? null,
        ask_party_size: activity.askPartySize ? 1 : 0,
        first_name_only: activity.firstNameOnly ? 1 : 0,
        require_email: activity.requireEmail === false ? 0 : 1,
        require_phone: activity.requirePhone ? 1 : 0,
        status: activity.status,
        status_reason: activity.statusReason ?? null,
        created_at: stamp,
        updated_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    activityIds.set(activity.slug, id);
    await db
      .insertInto("activity_languages")
      .values(activity.languages.map((language) => ({ activity_id: id, language })))
      .execute();
    await saveSchedule(db, id, activity.schedule, now, new Date(0));
  }
  const activityId = (slug: string) => required(activityIds.get(slug), slug);

  // Homework help was a trial with a target it never came near, so staff ended it: the seed's
  // "not well attended, so we will end them". Review date a month back, decision after the last
  // session, so its evaluation page shows both flags and the decision.
  await db
    .updateTable("activities")
    .set({ is_trial: 1, trial_target: 10, review_date: addDays(monday, -7 * 4) })
    .where("id", "=", activityId("laxhjalp"))
    .execute();
  const staffUser = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", "staff@example.org")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("decisions")
    .values({
      activity_id: activityId("laxhjalp"),
      decision: "end",
      reason:
        "Läxhjälpen har haft 2–5 besökare per gång, långt under målet på 10. " +
        "Vi avslutar den och satsar på pratcaféet.",
      decided_by: staffUser.id,
      decided_at: toInstantString(zonedToUtc(addDays(monday, -7 * 3 - 3), "10:00")),
    })
    .execute();

  // Exceptions staff made: one cancelled session this week, one moved the week after next.
  await db
    .updateTable("occurrences")
    .set({
      status: "cancelled",
      cancel_reason: "Kursledaren är sjuk. Vi ses nästa vecka!",
      sequence: 1,
    })
    .where("activity_id", "=", activityId("malarkurs"))
    .where("scheduled_date", "=", weekday(0, 3))
    .execute();
  await moveSession(
    db,
    activityId("pratcafe"),
    weekday(2, 4),
    1,
    "Stora rummet används för stormöte på torsdagen.",
  );

  await seedAttendance(db, activityIds, now, stamp);
  await seedProposalsAndSafety(db, areaId, placeId, activityId, now);
}

async function moveSession(
  db: Kysely<Database>,
  activityId: number,
  scheduledDate: LocalDate,
  days: number,
  reason: string,
): Promise<void> {
  const session = await db
    .selectFrom("occurrences")
    .select(["id", "starts_at", "ends_at"])
    .where("activity_id", "=", activityId)
    .where("scheduled_date", "=", scheduledDate)
    .executeTakeFirstOrThrow();
  const shift = (instant: string) =>
    toInstantString(new Date(Date.parse(instant) + days * 86_400_000));
  await db
    .updateTable("occurrences")
    .set({
      starts_at: shift(session.starts_at),
      ends_at: shift(session.ends_at),
      moved: 1,
      move_reason: reason,
      sequence: 1,
    })
    .where("id", "=", session.id)
    .execute();
}

/**
 * Headcounts on past sessions. @Söder's weekly total is drawn first (100–130) and then shared
 * out, so every full week lands in the seed's range whatever mix of sessions it had.
 */
async function seedAttendance(
  db: Kysely<Database>,
  activityIds: Map<string, number>,
  now: Date,
  stamp: string,
): Promise<void> {
  const slugById = new Map([...activityIds].map(([slug, id]) => [id, slug]));
  // This week's later sessions take their share of the week's total too (nobody has counted
  // them yet), so a half-finished week does not pile its whole total on the first sessions.
  const nextMonday = isoWeekMonday(isoWeekOf(addDays(todayIn(now), 7)));
  const sessions = await db
    .selectFrom("occurrences")
    .select(["id", "activity_id", "scheduled_date", "starts_at", "ends_at"])
    .where("status", "=", "scheduled")
    .where("starts_at", "<", toInstantString(zonedToUtc(nextMonday, "00:00")))
    .orderBy("starts_at")
    .execute();
  const isPast = (session: { ends_at: string }) => session.ends_at <= toInstantString(now);

  const rows: Insertable<Database["attendance"]>[] = [];
  const count = (
    session: { id: number; ends_at: string },
    headcount: number,
    breakdown = false,
  ) => {
    if (!isPast(session)) return;
    const occurrenceId = session.id;
    const random = prng(`breakdown-${occurrenceId}`);
    const children = breakdown ? Math.round(headcount * (0.1 + random() * 0.1)) : null;
    const seniors = breakdown ? Math.round(headcount * (0.25 + random() * 0.1)) : null;
    const youth = breakdown ? Math.round(headcount * 0.05) : null;
    rows.push({
      occurrence_id: occurrenceId,
      headcount,
      children,
      youth,
      seniors,
      adults: breakdown ? headcount - (children ?? 0) - (seniors ?? 0) - (youth ?? 0) : null,
      first_timers: breakdown ? Math.floor(random() * 4) : null,
      note: null,
      recorded_by: null,
      recorded_at: stamp,
    });
  };

  const soderWeeks = new Map<string, typeof sessions>();
  for (const session of sessions) {
    const slug = slugById.get(session.activity_id);
    const random = prng(`${slug}-${session.scheduled_date}`);
    if (slug === "kvartersfika-dalhem") count(session, 27 + Math.floor(random() * 7), true);
    else if (slug === "ungdomsgruppen") count(session, 9 + Math.floor(random() * 9));
    else if (slug === "familjedag" || slug === "pizzatavling") count(session, 10);
    else {
      const week = isoWeekOf(utcToZoned(new Date(session.starts_at)).date);
      const key = `${week.year}-${week.week}`;
      soderWeeks.set(key, [...(soderWeeks.get(key) ?? []), session]);
    }
  }

  for (const [week, weekSessions] of soderWeeks) {
    const random = prng(`soder-${week}`);
    let remaining = 100 + Math.floor(random() * 31);
    const cafes = [];
    for (const session of weekSessions) {
      const slug = slugById.get(session.activity_id);
      if (slug === "malarkurs") {
        const headcount = 9 + Math.floor(random() * 4);
        count(session, headcount);
        remaining -= headcount;
      } else if (slug === "laxhjalp") {
        const headcount = 2 + Math.floor(random() * 4);
        count(session, headcount);
        remaining -= headcount;
      } else cafes.push(session);
    }
    cafes.forEach((session, index) => {
      const share =
        index === cafes.length - 1
          ? remaining
          : Math.round((remaining / (cafes.length - index)) * (0.9 + random() * 0.2));
      count(session, share, true);
      remaining -= share;
    });
  }

  for (let start = 0; start < rows.length; start += 200) {
    await db
      .insertInto("attendance")
      .values(rows.slice(start, start + 200))
      .execute();
  }
}

/**
 * Residents' proposals of issue 7 (one public with supports, one gathered at the latest past
 * coffee morning, one declined with its reason) and @Söder's safety figures from the seed
 * document: 38 % feeling safe in 2021, 48 % in 2022.
 */
async function seedProposalsAndSafety(
  db: Kysely<Database>,
  areaId: (slug: string) => number,
  placeId: (slug: string) => number,
  activityId: (slug: string) => number,
  now: Date,
): Promise<void> {
  const at = (daysAgo: number) => toInstantString(new Date(now.getTime() - daysAgo * 86_400_000));
  const staff = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", "staff@example.org")
    .executeTakeFirstOrThrow();
  const coffeeMorning = await db
    .selectFrom("occurrences")
    .select("id")
    .where("activity_id", "=", activityId("kvartersfika-dalhem"))
    .where("status", "=", "scheduled")
    .where("ends_at", "<=", toInstantString(now))
    .orderBy("starts_at", "desc")
    .executeTakeFirstOrThrow();

  const proposals: (Omit<
    Insertable<Database["proposals"]>,
    "contact" | "activity_id" | "created_at" | "updated_at"
  > & { created: string; supports: number })[] = [
    {
      kind: "improvement",
      text: "Fler bänkar och bättre belysning vid Brohult\nPå kvällarna är gångvägen till grillplatsen mörk, och äldre grannar behöver någonstans att vila.",
      area_id: areaId("dalhem"),
      place_id: null,
      occurrence_id: null,
      status: "planned",
      decline_reason: null,
      is_public: 1,
      supports: 14,
      created: at(40),
    },
    {
      kind: "activity",
      text: "Läxhjälp på lördagar i stället för på vardagar",
      area_id: areaId("dalhem"),
      place_id: null,
      occurrence_id: coffeeMorning.id,
      status: "new",
      decline_reason: null,
      is_public: 0,
      supports: 0,
      created: at(1),
    },
    {
      kind: "improvement",
      text: "Bygg en simhall vid Furutorpsparken",
      area_id: null,
      place_id: placeId("soder"),
      occurrence_id: null,
      status: "declined",
      decline_reason:
        "En simhall är kommunens sak, inte bostadsbolagets. Vi har skickat idén vidare till kommunen.",
      is_public: 1,
      supports: 0,
      created: at(60),
    },
  ];
  for (const { created, ...proposal } of proposals) {
    const { id } = await db
      .insertInto("proposals")
      .values({
        ...proposal,
        contact: null,
        activity_id: null,
        created_at: created,
        updated_at: created,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // The count matches its support rows; demo browsers have made-up hashes.
    if (proposal.supports > 0) {
      await db
        .insertInto("proposal_supports")
        .values(
          Array.from({ length: proposal.supports }, (_, index) => ({
            proposal_id: id,
            supporter_hash: `demo-supporter-${index + 1}`,
            created_at: created,
          })),
        )
        .execute();
    }
  }

  const figures = [
    { label: "2021", share: 38 },
    { label: "2022", share: 48 },
  ];
  for (const { label, share } of figures) {
    await db
      .insertInto("safety_surveys")
      .values({
        area_id: areaId("soder"),
        period_label: label,
        period_end: `${label}-12-31`,
        share_safe: share,
        respondents: null,
        source: "Helsingborgshems trygghetsmätning",
        created_at: toInstantString(now),
        created_by: staff.id,
      })
      .execute();
  }
}

function weekly(
  weekdays: number[],
  startDate: LocalDate,
  endDate: LocalDate,
  startTime: string,
  endTime: string,
): Schedule {
  return { kind: "weekly", intervalWeeks: 1, weekdays, startDate, endDate, startTime, endTime };
}

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

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Demo seed: unknown ${what}`);
  return value;
}
