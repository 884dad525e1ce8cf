/**
 * A partner association's own activities: what its members may post and change, the staff
 * approval of what untrusted partners submit, and what the partner sees of sign-ups and turnout.
 *
 * The staff activity form, its parser and its writes are reused as they are; this module decides
 * what a partner may set (never the organiser, the status or another partner's place) and whether
 * a change goes live now or waits for staff.
 */
import { z } from "zod";
import type { Activity, ActivityStatus, RsvpStatus } from "#db/schema";
import { generateSessions, type Schedule } from "~/domain/recurrence";
import { toInstantString } from "~/domain/time";
import { formatDate, formatList, languageName } from "~/i18n/format";
import { describePeriod, describeSchedule } from "~/i18n/format-schedule";
import { translator, type Locale } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { audit } from "~/models/auth.server";
import { PUBLIC_STATUSES } from "~/models/calendar.server";
import { listFeedRuns } from "~/models/ics-import.server";
import { enqueueMail } from "~/models/outbox.server";
import { scheduleToRow } from "~/models/schedules.server";
import {
  activityReferenceErrors,
  createActivity,
  getActivityForEditing,
  listSessionsForStaff,
  saveActivitySchedule,
  updateActivityDetails,
  type ActivityFormOptions,
} from "~/models/staff-activities.server";
import {
  COMMON_LANGUAGES,
  parseActivityForm,
  parseScheduleForm,
  type ActivityInput,
  type ActivityValues,
  type FieldError,
  type FieldErrors,
  type ScheduleValues,
} from "~/models/staff-activity-input";
import type { DB } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { slugify } from "~/utils/staff-form.server";
import { SLUG_MAX } from "~/utils/staff-form-types";
import { writeTransaction } from "~/utils/write-transaction.server";

export type FormFields = Record<string, string | string[]>;

/** The fields of the staff details form and schedule form, as `formStrings` reads them. */
const DETAIL_FIELDS = [
  "title",
  "slug",
  "summary",
  "description",
  "category",
  "audience",
  "languages",
  "otherLanguages",
  "organiser",
  "areaId",
  "placeId",
  "roomId",
  "locationName",
  "locationAddress",
  "signupMode",
  "capacity",
  "askPartySize",
  "firstNameOnly",
  "requireEmail",
  "requirePhone",
  "status",
  "statusReason",
] as const;
const SCHEDULE_FIELDS = [
  "kind",
  "startDate",
  "endDate",
  "startTime",
  "endTime",
  "weekdays",
  "intervalWeeks",
  "nth",
  "weekday",
  "changeReason",
] as const;
export const LIST_FIELDS = ["languages", "weekdays"];

const ACTIVE: RsvpStatus[] = ["confirmed", "waitlisted"];

function pick(fields: FormFields, names: readonly string[]): FormFields {
  const picked: FormFields = {};
  for (const name of names) {
    const value = fields[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

/** Seen on the public pages: a change to such an activity by an untrusted partner waits. */
export function isPublic(status: ActivityStatus): boolean {
  return PUBLIC_STATUSES.some((shown) => shown === status);
}

// ---------------------------------------------------------------------------------------------
// The partner and what its form offers.

export type PartnerOf = Awaited<ReturnType<typeof getPartner>>;

/** The partner with its trust (read on every request, so a change by staff applies at once). */
export async function getPartner(db: DB, partnerId: number) {
  const [partner, places] = await Promise.all([
    db
      .selectFrom("partners")
      .select(["id", "name", "trusted"])
      .where("id", "=", partnerId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("partner_places as pp")
      .innerJoin("places as p", "p.id", "pp.place_id")
      .select(["p.id", "p.name", "p.slug", "p.area_id"])
      .where("pp.partner_id", "=", partnerId)
      .orderBy("p.name")
      .execute(),
  ]);
  return { id: partner.id, name: partner.name, trusted: partner.trusted === 1, places };
}

/** The activity form's lists, narrowed to the partner's own places, their areas and rooms. */
export async function partnerFormOptions(db: DB, partner: PartnerOf): Promise<ActivityFormOptions> {
  const placeIds = partner.places.map((place) => place.id);
  const areaIds = [...new Set(partner.places.map((place) => place.area_id))];
  const [areas, rooms] = await Promise.all([
    areaIds.length === 0
      ? []
      : db
          .selectFrom("areas")
          .select(["id", "name"])
          .where("id", "in", areaIds)
          .orderBy("name")
          .execute(),
    placeIds.length === 0
      ? []
      : db
          .selectFrom("rooms")
          .select(["id", "name", "place_id", "capacity"])
          .where("place_id", "in", placeIds)
          .orderBy("place_id")
          .orderBy("name")
          .execute(),
  ]);
  return {
    areas,
    places: partner.places.map(({ id, name, area_id }) => ({ id, name, area_id })),
    rooms,
    partners: [{ id: partner.id, name: partner.name }],
  };
}

/** An empty form for a new activity at the partner's first place. */
export function newActivityValues(partner: PartnerOf): ActivityValues {
  const place = partner.places[0];
  return {
    title: "",
    slug: "",
    summary: "",
    description: "",
    category: "social",
    audience: "everyone",
    languages: ["sv"],
    otherLanguages: "",
    organiser: `partner:${partner.id}`,
    areaId: place ? String(place.area_id) : "",
    placeId: place ? String(place.id) : "",
    roomId: "",
    locationName: "",
    locationAddress: "",
    signupMode: "none",
    capacity: "",
    askPartySize: false,
    firstNameOnly: false,
    requireEmail: true,
    requirePhone: false,
    status: "pending",
    statusReason: "",
  };
}

/** A slug made from the title that no other activity has: "malarkurs", "malarkurs-2" … */
async function freeSlug(db: DB, title: string, activityId: number | null): Promise<string> {
  const base = slugify(title) || "aktivitet";
  const rows = await db
    .selectFrom("activities")
    .select(["id", "slug"])
    .where("slug", "like", `${base.slice(0, SLUG_MAX - 10)}%`)
    .execute();
  const taken = new Set(rows.filter((row) => row.id !== activityId).map((row) => row.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, SLUG_MAX - suffix.length).replace(/-+$/, "")}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export type PartnerDetails =
  | { forbidden: true }
  | {
      forbidden: false;
      /** The form as the partner may have sent it: organiser, area and status filled in by us. */
      fields: FormFields;
      values: ActivityValues;
      input: ActivityInput | null;
      errors: FieldErrors;
    };

/**
 * Reads the details form of a partner member. The organiser is always the partner and the area
 * the chosen place's; the status is the activity's own (the caller decides the new one), so a
 * posted `status` changes nothing. Naming another partner is forbidden; a place the partner does
 * not work with is a field error. An empty slug is made from the title.
 */
export async function readPartnerDetails(
  db: DB,
  partner: PartnerOf,
  form: FormFields,
  current: Pick<Activity, "id" | "status" | "status_reason"> | null,
): Promise<PartnerDetails> {
  const own = `partner:${partner.id}`;
  const named = (name: string) => (form[name] === undefined ? null : String(form[name]));
  // "staff" (or nothing) is simply overridden; only another association's id is refused.
  const organiser = named("organiser");
  const partnerId = named("partnerId");
  if (
    (organiser !== null && organiser.startsWith("partner:") && organiser !== own) ||
    (partnerId !== null && partnerId !== String(partner.id))
  ) {
    return { forbidden: true };
  }
  const fields: FormFields = {
    ...pick(form, DETAIL_FIELDS),
    organiser: own,
    status: current?.status ?? "pending",
    statusReason: current?.status_reason ?? "",
  };
  const place = partner.places.find(
    (candidate) => String(candidate.id) === named("placeId")?.trim(),
  );
  if (place) fields.areaId = String(place.area_id);
  const title = (named("title") ?? "").trim();
  if ((named("slug") ?? "").trim() === "" && title !== "") {
    fields.slug = await freeSlug(db, title, current?.id ?? null);
  }
  const parsed = parseActivityForm(fields);
  const errors: FieldErrors = { ...parsed.errors };
  if (!place) errors.placeId = { key: "partnerActivities.error.place" };
  else if (parsed.input) {
    Object.assign(errors, await activityReferenceErrors(db, parsed.input, current?.id ?? null));
  }
  const ok = Object.keys(errors).length === 0;
  return {
    forbidden: false,
    fields,
    values: parsed.values,
    input: ok ? parsed.input : null,
    errors,
  };
}

/** The schedule form; a new activity must have at least one session still to come. */
export function readPartnerSchedule(form: FormFields, now: Date, isNew: boolean) {
  const fields = pick(form, SCHEDULE_FIELDS);
  const parsed = parseScheduleForm(fields);
  const errors: FieldErrors = { ...parsed.errors };
  if (
    isNew &&
    parsed.schedule &&
    !generateSessions(parsed.schedule).some((session) => session.startsAt > now)
  ) {
    errors.startDate = { key: "staffActivities.error.noFutureSessions" };
  }
  return {
    fields,
    values: parsed.values,
    schedule: Object.keys(errors).length === 0 ? parsed.schedule : null,
    changeReason: parsed.changeReason,
    errors,
  };
}

// ---------------------------------------------------------------------------------------------
// Held changes (revisions).

const formFieldsSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const revisionDataSchema = z.object({
  details: formFieldsSchema.optional(),
  schedule: formFieldsSchema.optional(),
});
type RevisionData = z.output<typeof revisionDataSchema>;

function readRevisionData(text: string): RevisionData {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  const parsed = revisionDataSchema.safeParse(json);
  return parsed.success ? parsed.data : {};
}

/**
 * Stores a change as the activity's waiting revision, merged into one already waiting. A change
 * back to what is published withdraws that part of the waiting revision instead.
 */
async function holdChange(
  db: DB,
  activity: Pick<Activity, "id" | "title">,
  userId: number,
  change: RevisionData,
  now: Date,
): Promise<{ ok: true; outcome: EditOutcome }> {
  const changes = await describeChanges(db, activity.id, change, "sv");
  if (changes.every((entry) => entry.before === null)) {
    await dropFromWaiting(db, activity.id, change.details ? "details" : "schedule");
    return { ok: true, outcome: "applied" };
  }
  const stamp = toInstantString(now);
  await writeTransaction(db, async (trx) => {
    const waiting = await trx
      .selectFrom("activity_revisions")
      .select(["id", "data"])
      .where("activity_id", "=", activity.id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    const data = JSON.stringify({ ...(waiting ? readRevisionData(waiting.data) : {}), ...change });
    if (waiting) {
      await trx
        .updateTable("activity_revisions")
        .set({ data, submitted_by: userId })
        .where("id", "=", waiting.id)
        .execute();
    } else {
      await trx
        .insertInto("activity_revisions")
        .values({
          activity_id: activity.id,
          submitted_by: userId,
          data,
          status: "pending",
          decline_reason: null,
          decided_by: null,
          decided_at: null,
          created_at: stamp,
        })
        .execute();
    }
    await audit(
      trx,
      userId,
      "activity.revision",
      "activity",
      activity.id,
      `Föreslog en ändring av ${change.details ? "uppgifterna" : "schemat"} för ”${activity.title}”; väntar på godkännande`,
      now,
    );
  });
  return { ok: true, outcome: "held" };
}

/** After a change went live directly, the same part of a waiting revision is out of date. */
async function dropFromWaiting(db: DB, activityId: number, part: keyof RevisionData) {
  await writeTransaction(db, async (trx) => {
    const waiting = await trx
      .selectFrom("activity_revisions")
      .select(["id", "data"])
      .where("activity_id", "=", activityId)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (!waiting) return;
    const data = readRevisionData(waiting.data);
    delete data[part];
    if (!data.details && !data.schedule) {
      await trx.deleteFrom("activity_revisions").where("id", "=", waiting.id).execute();
    } else {
      await trx
        .updateTable("activity_revisions")
        .set({ data: JSON.stringify(data) })
        .where("id", "=", waiting.id)
        .execute();
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Creating and editing.

/**
 * Creates the partner's activity: published at once for a trusted partner, otherwise pending
 * until staff approve it. The organiser is the partner, whatever the input says.
 */
export async function createPartnerActivity(
  db: DB,
  partner: PartnerOf,
  userId: number,
  input: ActivityInput,
  schedule: Schedule,
  now: Date,
): Promise<
  { ok: true; id: number; status: "published" | "pending" } | { ok: false; errors: FieldErrors }
> {
  const status = partner.trusted ? "published" : "pending";
  const created = await createActivity(
    db,
    {
      ...input,
      organiser: { kind: "partner", partnerId: partner.id },
      status,
      statusReason: "",
    },
    schedule,
    userId,
    now,
  );
  if (!created.ok) return created;
  await audit(
    db,
    userId,
    partner.trusted ? "activity.publish" : "activity.submit",
    "activity",
    created.id,
    partner.trusted
      ? `${partner.name} publicerade ”${input.title}” direkt (betrodd partner)`
      : `${partner.name} skickade ”${input.title}” för godkännande`,
    now,
  );
  return { ok: true, id: created.id, status };
}

/** What became of a partner's edit. */
export type EditOutcome = "applied" | "published" | "pending" | "held";

/** A non-public activity that a partner edits is submitted (again): published if trusted. */
function statusAfterEdit(partner: PartnerOf, status: ActivityStatus): ActivityStatus {
  if (isPublic(status)) return status;
  return partner.trusted ? "published" : "pending";
}

function outcomeOf(before: ActivityStatus, after: ActivityStatus): EditOutcome {
  if (before === after) return "applied";
  return after === "published" ? "published" : "pending";
}

/**
 * Saves the details of the partner's activity. Trusted partners' edits apply now; an untrusted
 * partner's edit of a pending or declined (draft) activity applies now and waits for approval;
 * of a public one, it is held as a revision and the public keeps seeing the approved version.
 */
export async function savePartnerDetails(
  db: DB,
  partner: PartnerOf,
  userId: number,
  activity: Pick<Activity, "id" | "title" | "status" | "status_reason">,
  details: { input: ActivityInput; fields: FormFields },
  now: Date,
): Promise<{ ok: true; outcome: EditOutcome } | { ok: false; errors: FieldErrors }> {
  if (!partner.trusted && isPublic(activity.status)) {
    return holdChange(db, activity, userId, { details: details.fields }, now);
  }
  const status = statusAfterEdit(partner, activity.status);
  const saved = await updateActivityDetails(
    db,
    activity.id,
    {
      ...details.input,
      status,
      statusReason: isPublic(activity.status) ? (activity.status_reason ?? "") : "",
    },
    userId,
    now,
  );
  if (!saved.ok) return saved;
  await dropFromWaiting(db, activity.id, "details");
  return { ok: true, outcome: outcomeOf(activity.status, status) };
}

/** Saves the schedule of the partner's activity, by the same rules as the details. */
export async function savePartnerSchedule(
  db: DB,
  partner: PartnerOf,
  userId: number,
  activity: Pick<Activity, "id" | "title" | "status">,
  schedule: { schedule: Schedule; changeReason: string; fields: FormFields },
  now: Date,
): Promise<{ ok: true; outcome: EditOutcome } | { ok: false; droppedDates: string[] }> {
  if (!partner.trusted && isPublic(activity.status)) {
    return holdChange(db, activity, userId, { schedule: schedule.fields }, now);
  }
  const saved = await saveActivitySchedule(
    db,
    activity.id,
    schedule.schedule,
    schedule.changeReason,
    userId,
    now,
  );
  if (!saved.ok) return saved;
  await dropFromWaiting(db, activity.id, "schedule");
  const status = statusAfterEdit(partner, activity.status);
  if (status !== activity.status) {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable("activities")
        .set({ status, status_reason: null, updated_at: toInstantString(now) })
        .where("id", "=", activity.id)
        .execute();
      await audit(
        trx,
        userId,
        "activity.submit",
        "activity",
        activity.id,
        `Ändrade ”${activity.title}”: status ${activity.status} → ${status}`,
        now,
      );
    });
  }
  return { ok: true, outcome: outcomeOf(activity.status, status) };
}

// ---------------------------------------------------------------------------------------------
// What the partner sees.

/** The partner's activities with sign-ups to come, the waiting list and average turnout. */
export async function listPartnerActivities(db: DB, partnerId: number, now: Date) {
  const from = toInstantString(now);
  const rows = await db
    .selectFrom("activities as a")
    .leftJoin("places as p", "p.id", "a.place_id")
    .select((eb) => {
      // Course sign-ups count for every session; single-session ones only for sessions to come.
      const signups = (status: RsvpStatus) =>
        eb
          .selectFrom("rsvps as r")
          .leftJoin("occurrences as o", "o.id", "r.occurrence_id")
          .whereRef("r.activity_id", "=", "a.id")
          .where("r.status", "=", status)
          .where((w) => w.or([w("r.occurrence_id", "is", null), w("o.starts_at", ">=", from)]));
      const counted = eb
        .selectFrom("attendance as at")
        .innerJoin("occurrences as o", "o.id", "at.occurrence_id")
        .whereRef("o.activity_id", "=", "a.id");
      const latestRevision = eb
        .selectFrom("activity_revisions as rv")
        .whereRef("rv.activity_id", "=", "a.id")
        .orderBy("rv.id", "desc")
        .limit(1);
      return [
        "a.id",
        "a.slug",
        "a.title",
        "a.status",
        "a.status_reason",
        "a.signup_mode",
        "a.source_id",
        "p.name as place_name",
        eb
          .selectFrom("occurrences as o")
          .select((inner) => inner.fn.min<string>("o.starts_at").as("next"))
          .whereRef("o.activity_id", "=", "a.id")
          .where("o.status", "=", "scheduled")
          .where("o.starts_at", ">", from)
          .as("next_starts_at"),
        signups("confirmed")
          .select((s) => s.fn.coalesce(s.fn.sum<number>("r.party_size"), s.lit(0)).as("n"))
          .as("people"),
        signups("waitlisted")
          .select((s) => s.fn.countAll<number>().as("n"))
          .as("waiting"),
        counted.select((s) => s.fn.avg<number>("at.headcount").as("n")).as("average_turnout"),
        counted.select((s) => s.fn.countAll<number>().as("n")).as("counted_sessions"),
        latestRevision.select("rv.status").as("revision_status"),
        latestRevision.select("rv.decline_reason").as("revision_decline_reason"),
      ];
    })
    .where("a.partner_id", "=", partnerId)
    .orderBy("a.title")
    .execute();
  return rows.map((row) => ({
    ...row,
    people: Number(row.people ?? 0),
    waiting: Number(row.waiting ?? 0),
    average_turnout: row.average_turnout === null ? null : Math.round(Number(row.average_turnout)),
    counted_sessions: Number(row.counted_sessions ?? 0),
  }));
}

/** One of the partner's own activities with its waiting and last decided change; else undefined. */
export async function getPartnerActivity(db: DB, partnerId: number, activityId: number) {
  const found = await getActivityForEditing(db, activityId);
  if (!found || found.activity.partner_id !== partnerId) return undefined;
  const revisions = await db
    .selectFrom("activity_revisions")
    .select(["id", "status", "data", "decline_reason", "decided_at", "created_at"])
    .where("activity_id", "=", activityId)
    .orderBy("id", "desc")
    .limit(2)
    .execute();
  const waiting = revisions.find((revision) => revision.status === "pending");
  const latest = revisions[0];
  return {
    ...found,
    waiting: waiting
      ? { id: waiting.id, createdAt: waiting.created_at, data: readRevisionData(waiting.data) }
      : null,
    /** The newest decision, when nothing has been proposed since. */
    lastDecision:
      latest && latest.status !== "pending"
        ? { status: latest.status, reason: latest.decline_reason, decidedAt: latest.decided_at }
        : null,
  };
}

export type PartnerActivity = NonNullable<Awaited<ReturnType<typeof getPartnerActivity>>>;

/** The stored details as the form shows them. */
export function storedValues(found: PartnerActivity): ActivityValues {
  const { activity, languages } = found;
  return {
    title: activity.title,
    slug: activity.slug,
    summary: activity.summary,
    description: activity.description,
    category: activity.category,
    audience: activity.audience,
    languages: languages.filter((code) => COMMON_LANGUAGES.includes(code)),
    otherLanguages: languages.filter((code) => !COMMON_LANGUAGES.includes(code)).join(", "),
    organiser: `partner:${activity.partner_id ?? ""}`,
    areaId: String(activity.area_id),
    placeId: activity.place_id === null ? "" : String(activity.place_id),
    roomId: activity.room_id === null ? "" : String(activity.room_id),
    locationName: activity.location_name ?? "",
    locationAddress: activity.location_address ?? "",
    signupMode: activity.signup_mode,
    capacity: activity.capacity === null ? "" : String(activity.capacity),
    askPartySize: activity.ask_party_size === 1,
    firstNameOnly: activity.first_name_only === 1,
    requireEmail: activity.require_email === 1,
    requirePhone: activity.require_phone === 1,
    status: activity.status,
    statusReason: activity.status_reason ?? "",
  };
}

/** The form values a waiting revision proposes, to edit further; null where it has none. */
export function waitingValues(activity: PartnerActivity): {
  details: ActivityValues | null;
  schedule: ScheduleValues | null;
} {
  const data = activity.waiting?.data;
  return {
    details: data?.details ? parseActivityForm(data.details).values : null,
    schedule: data?.schedule ? parseScheduleForm(data.schedule).values : null,
  };
}

/** Sessions with sign-ups, the waiting list and the counted turnout of each. */
export async function listPartnerSessions(db: DB, activityId: number) {
  const [sessions, counts] = await Promise.all([
    listSessionsForStaff(db, activityId),
    db
      .selectFrom("attendance as at")
      .innerJoin("occurrences as o", "o.id", "at.occurrence_id")
      .select(["at.occurrence_id", "at.headcount"])
      .where("o.activity_id", "=", activityId)
      .execute(),
  ]);
  const headcounts = new Map(counts.map((row) => [row.occurrence_id, row.headcount]));
  return sessions.map((session) => ({
    ...session,
    people: Number(session.people ?? 0),
    waiting: Number(session.waiting ?? 0),
    headcount: headcounts.get(session.id) ?? null,
  }));
}

/**
 * The names (and party sizes) of those signed up for the given sessions or the whole course.
 * Only for the partner that runs the activity; never emails or phone numbers.
 */
export async function listSignupNames(db: DB, activityId: number, occurrenceIds: number[]) {
  return db
    .selectFrom("rsvps")
    .select(["id", "occurrence_id", "name", "party_size", "status"])
    .where("activity_id", "=", activityId)
    .where("status", "in", ACTIVE)
    .where((eb) =>
      occurrenceIds.length === 0
        ? eb("occurrence_id", "is", null)
        : eb.or([eb("occurrence_id", "is", null), eb("occurrence_id", "in", occurrenceIds)]),
    )
    .orderBy("id")
    .execute();
}

// ---------------------------------------------------------------------------------------------
// The approval queue.

/** One changed field; `before` is null for a note that only the proposal has (why it changed). */
type Change = { label: string; before: string | null; after: string };

function scheduleText(locale: Locale, row: Parameters<typeof describeSchedule>[1]): string {
  const period = describePeriod(locale, row);
  return period ? `${describeSchedule(locale, row)}. ${period}` : describeSchedule(locale, row);
}

/** A waiting change as "field: now → proposed", in the reader's language. */
async function describeChanges(
  db: DB,
  activityId: number,
  data: RevisionData,
  locale: Locale,
): Promise<Change[]> {
  const t = translator(locale);
  const current = await getActivityForEditing(db, activityId);
  if (!current) return [];
  const changes: Change[] = [];
  const add = (label: MessageKey, before: string, after: string) => {
    if (before !== after) changes.push({ label: t(label), before, after });
  };
  const input = data.details ? parseActivityForm(data.details).input : null;
  if (input) {
    const a = current.activity;
    const placeIds = [a.place_id, input.placeId].filter((id) => id !== null);
    const roomIds = [a.room_id, input.roomId].filter((id) => id !== null);
    const [places, rooms] = await Promise.all([
      placeIds.length === 0
        ? []
        : db.selectFrom("places").select(["id", "name"]).where("id", "in", placeIds).execute(),
      roomIds.length === 0
        ? []
        : db.selectFrom("rooms").select(["id", "name"]).where("id", "in", roomIds).execute(),
    ]);
    const nameOf = (list: { id: number; name: string }[], id: number | null) =>
      id === null ? "–" : (list.find((row) => row.id === id)?.name ?? "–");
    const languages = (codes: string[]) =>
      formatList(
        locale,
        [...codes].sort().map((code) => languageName(locale, code)),
      );
    const yesNo = (flag: boolean) => t(flag ? "partnerActivities.yes" : "partnerActivities.no");
    const capacity = (value: number | null) =>
      value === null ? t("staffActivities.session.unlimited") : String(value);
    add("staffActivities.field.title", a.title, input.title);
    add("staffActivities.field.slug", a.slug, input.slug);
    add("staffActivities.field.summary", a.summary, input.summary);
    add("staffActivities.field.description", a.description, input.description);
    add(
      "staffActivities.field.category",
      t(`category.${a.category}`),
      t(`category.${input.category}`),
    );
    add(
      "staffActivities.field.audience",
      t(`audience.${a.audience}`),
      t(`audience.${input.audience}`),
    );
    add(
      "staffActivities.field.languages",
      languages(current.languages),
      languages(input.languages),
    );
    add("staffActivities.field.place", nameOf(places, a.place_id), nameOf(places, input.placeId));
    add("staffActivities.field.room", nameOf(rooms, a.room_id), nameOf(rooms, input.roomId));
    add("staffActivities.field.locationName", a.location_name ?? "", input.locationName);
    add("staffActivities.field.locationAddress", a.location_address ?? "", input.locationAddress);
    add(
      "staffActivities.field.signupMode",
      t(`staffActivities.signupMode.${a.signup_mode}`),
      t(`staffActivities.signupMode.${input.signupMode}`),
    );
    add("staffActivities.field.capacity", capacity(a.capacity), capacity(input.capacity));
    add(
      "staffActivities.field.askPartySize",
      yesNo(a.ask_party_size === 1),
      yesNo(input.askPartySize),
    );
    add(
      "staffActivities.field.firstNameOnly",
      yesNo(a.first_name_only === 1),
      yesNo(input.firstNameOnly),
    );
    add(
      "staffActivities.field.requireEmail",
      yesNo(a.require_email === 1),
      yesNo(input.requireEmail),
    );
    add(
      "staffActivities.field.requirePhone",
      yesNo(a.require_phone === 1),
      yesNo(input.requirePhone),
    );
  }
  const proposed = data.schedule ? parseScheduleForm(data.schedule) : null;
  if (proposed?.schedule) {
    add(
      "staffActivities.section.schedule",
      current.schedule ? scheduleText(locale, current.schedule) : "–",
      scheduleText(locale, scheduleToRow(proposed.schedule)),
    );
    if (proposed.changeReason) {
      changes.push({
        label: t("staffActivities.field.changeReason"),
        before: null,
        after: proposed.changeReason,
      });
    }
  }
  return changes;
}

/** New activities waiting for approval, and waiting changes of public ones with what they change. */
export async function listApprovalQueue(db: DB, locale: Locale, now: Date) {
  const from = toInstantString(now);
  const activities = await db
    .selectFrom("activities as a")
    .innerJoin("areas as ar", "ar.id", "a.area_id")
    .leftJoin("places as p", "p.id", "a.place_id")
    .leftJoin("partners as pa", "pa.id", "a.partner_id")
    .leftJoin("schedules as s", "s.activity_id", "a.id")
    .select((eb) => [
      "a.id",
      "a.title",
      "a.slug",
      "a.summary",
      "a.description",
      "a.category",
      "a.audience",
      "a.signup_mode",
      "a.capacity",
      "a.location_name",
      "a.source_id",
      "a.created_at",
      "ar.name as area_name",
      "p.name as place_name",
      "pa.name as partner_name",
      "s.kind",
      "s.interval_weeks",
      "s.weekdays",
      "s.nth",
      "s.weekday",
      "s.start_date",
      "s.end_date",
      "s.start_time",
      "s.end_time",
      eb
        .selectFrom("occurrences as o")
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .whereRef("o.activity_id", "=", "a.id")
        .where("o.status", "=", "scheduled")
        .where("o.starts_at", ">", from)
        .as("upcoming"),
    ])
    .where("a.status", "=", "pending")
    .orderBy("a.created_at")
    .orderBy("a.id")
    .execute();
  const revisions = await db
    .selectFrom("activity_revisions as rv")
    .innerJoin("activities as a", "a.id", "rv.activity_id")
    .leftJoin("partners as pa", "pa.id", "a.partner_id")
    .leftJoin("users as u", "u.id", "rv.submitted_by")
    .select([
      "rv.id",
      "rv.activity_id",
      "rv.data",
      "rv.created_at",
      "a.title",
      "a.slug",
      "pa.name as partner_name",
      "u.name as submitted_by_name",
    ])
    .where("rv.status", "=", "pending")
    .orderBy("rv.created_at")
    .orderBy("rv.id")
    .execute();
  return {
    activities: activities.map(({ kind, ...activity }) => ({
      ...activity,
      upcoming: Number(activity.upcoming ?? 0),
      schedule:
        kind === null || activity.start_date === null
          ? null
          : scheduleText(locale, {
              kind,
              interval_weeks: activity.interval_weeks,
              weekdays: activity.weekdays,
              nth: activity.nth,
              weekday: activity.weekday,
              start_date: activity.start_date,
              end_date: activity.end_date ?? activity.start_date,
              start_time: activity.start_time ?? "",
              end_time: activity.end_time ?? "",
            }),
    })),
    revisions: await Promise.all(
      revisions.map(async ({ data, ...revision }) => ({
        ...revision,
        changes: await describeChanges(db, revision.activity_id, readRevisionData(data), locale),
      })),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Decisions.

export type DecisionResult =
  { ok: true; mailed: number } | { ok: false; status: 404 | 409; error: FieldError };

const NOT_FOUND: DecisionResult = {
  ok: false,
  status: 404,
  error: { key: "approvals.error.notFound" },
};
const NOT_PENDING: DecisionResult = {
  ok: false,
  status: 409,
  error: { key: "approvals.error.notPending" },
};

type MailAbout = {
  activityId: number;
  title: string;
  approved: boolean;
  /** A change to a public activity rather than a new activity. */
  change: boolean;
  reason: string | null;
};

/**
 * Tells every user of the partner, in Swedish, what staff decided. Written to the outbox in the
 * caller's transaction; the caller kicks the mail worker after commit.
 */
async function mailPartner(
  trx: DB,
  partnerId: number,
  about: MailAbout,
  now: Date,
): Promise<number> {
  const users = await trx
    .selectFrom("users")
    .select(["email", "name"])
    .where("role", "=", "partner")
    .where("partner_id", "=", partnerId)
    .orderBy("id")
    .execute();
  const t = translator("sv");
  const subject = about.approved
    ? about.change
      ? "partnerActivities.mail.changeApproved.subject"
      : "partnerActivities.mail.approved.subject"
    : about.change
      ? "partnerActivities.mail.changeDeclined.subject"
      : "partnerActivities.mail.declined.subject";
  const body = about.approved
    ? about.change
      ? "partnerActivities.mail.changeApproved.body"
      : "partnerActivities.mail.approved.body"
    : about.change
      ? "partnerActivities.mail.changeDeclined.body"
      : "partnerActivities.mail.declined.body";
  const link = `${env.PUBLIC_URL}/partner/activities/${about.activityId}`;
  for (const user of users) {
    const paragraphs = [
      t("mail.greeting", { name: user.name }),
      t(body, { title: about.title }),
      about.reason ? t("mail.reason", { reason: about.reason }) : null,
      t("partnerActivities.mail.link", { link }),
      t("mail.signoff"),
    ];
    await enqueueMail(
      trx,
      {
        kind: `activity-${about.change ? "change-" : ""}${about.approved ? "approved" : "declined"}`,
        to: user.email,
        locale: "sv",
        subject: t(subject, { title: about.title }),
        text: paragraphs.filter((paragraph) => paragraph !== null).join("\n\n"),
      },
      now,
    );
  }
  return users.length;
}

/** Publishes a pending activity and tells the partner. */
export async function approveActivity(
  db: DB,
  activityId: number,
  staffId: number,
  now: Date,
): Promise<DecisionResult> {
  return decideActivity(db, activityId, staffId, null, now);
}

/** Sends a pending activity back to the partner as a draft, with the reason, and tells them. */
export async function declineActivity(
  db: DB,
  activityId: number,
  reason: string,
  staffId: number,
  now: Date,
): Promise<DecisionResult> {
  if (reason.trim() === "") throw new RangeError("Declining needs a reason");
  return decideActivity(db, activityId, staffId, reason.trim(), now);
}

async function decideActivity(
  db: DB,
  activityId: number,
  staffId: number,
  declineReason: string | null,
  now: Date,
): Promise<DecisionResult> {
  const approved = declineReason === null;
  return writeTransaction(db, async (trx): Promise<DecisionResult> => {
    const activity = await trx
      .selectFrom("activities")
      .select(["id", "title", "status", "partner_id"])
      .where("id", "=", activityId)
      .executeTakeFirst();
    if (!activity) return NOT_FOUND;
    if (activity.status !== "pending") return NOT_PENDING;
    await trx
      .updateTable("activities")
      .set({
        status: approved ? "published" : "draft",
        status_reason: declineReason,
        updated_at: toInstantString(now),
      })
      .where("id", "=", activityId)
      .execute();
    await audit(
      trx,
      staffId,
      approved ? "activity.approve" : "activity.decline",
      "activity",
      activityId,
      approved
        ? `Godkände ”${activity.title}”: publicerad`
        : `Godkände inte ”${activity.title}”: ${declineReason}`,
      now,
    );
    const mailed =
      activity.partner_id === null
        ? 0
        : await mailPartner(
            trx,
            activity.partner_id,
            {
              activityId,
              title: activity.title,
              approved,
              change: false,
              reason: declineReason,
            },
            now,
          );
    return { ok: true, mailed };
  });
}

async function waitingRevision(db: DB, revisionId: number) {
  return db
    .selectFrom("activity_revisions as rv")
    .innerJoin("activities as a", "a.id", "rv.activity_id")
    .select([
      "rv.id",
      "rv.status",
      "rv.data",
      "a.id as activity_id",
      "a.title",
      "a.status as activity_status",
      "a.status_reason",
      "a.partner_id",
    ])
    .where("rv.id", "=", revisionId)
    .executeTakeFirst();
}

/** Marks a waiting revision decided, with an audit line and mail, unless someone was first. */
async function closeRevision(
  db: DB,
  revision: NonNullable<Awaited<ReturnType<typeof waitingRevision>>>,
  staffId: number,
  declineReason: string | null,
  now: Date,
): Promise<DecisionResult> {
  const approved = declineReason === null;
  return writeTransaction(db, async (trx): Promise<DecisionResult> => {
    const closed = await trx
      .updateTable("activity_revisions")
      .set({
        status: approved ? "approved" : "declined",
        decline_reason: declineReason,
        decided_by: staffId,
        decided_at: toInstantString(now),
      })
      .where("id", "=", revision.id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (Number(closed.numUpdatedRows) === 0) return NOT_PENDING;
    await audit(
      trx,
      staffId,
      approved ? "activity.revision.approve" : "activity.revision.decline",
      "activity",
      revision.activity_id,
      approved
        ? `Godkände ändringen av ”${revision.title}”`
        : `Godkände inte ändringen av ”${revision.title}”: ${declineReason}`,
      now,
    );
    const mailed =
      revision.partner_id === null
        ? 0
        : await mailPartner(
            trx,
            revision.partner_id,
            {
              activityId: revision.activity_id,
              title: revision.title,
              approved,
              change: true,
              reason: declineReason,
            },
            now,
          );
    return { ok: true, mailed };
  });
}

/**
 * Applies a waiting change with the staff forms' own writes (so waiting lists are promoted and
 * people told of new times), then closes it. The change is checked again first: a slug taken or
 * a place given up meanwhile refuses it with the reason, and nothing changes.
 */
export async function approveRevision(
  db: DB,
  revisionId: number,
  staffId: number,
  locale: Locale,
  now: Date,
): Promise<DecisionResult> {
  const revision = await waitingRevision(db, revisionId);
  if (!revision) return NOT_FOUND;
  if (revision.status !== "pending") return NOT_PENDING;
  const data = readRevisionData(revision.data);
  const invalid = (error: FieldError): DecisionResult => ({ ok: false, status: 409, error });

  let details: ActivityInput | null = null;
  if (data.details) {
    const parsed = parseActivityForm({
      ...data.details,
      status: revision.activity_status,
      statusReason: revision.status_reason ?? "",
    });
    if (!parsed.input) return invalid({ key: "approvals.error.invalid" });
    const stillTheirs =
      parsed.input.placeId === null ||
      (revision.partner_id !== null &&
        (await db
          .selectFrom("partner_places")
          .select("place_id")
          .where("partner_id", "=", revision.partner_id)
          .where("place_id", "=", parsed.input.placeId)
          .executeTakeFirst()) !== undefined);
    if (!stillTheirs) return invalid({ key: "approvals.error.place" });
    const errors = await activityReferenceErrors(db, parsed.input, revision.activity_id);
    const first = Object.values(errors)[0];
    if (first) return invalid(first);
    details = parsed.input;
  }
  const proposed = data.schedule ? parseScheduleForm(data.schedule) : null;
  if (proposed && !proposed.schedule) return invalid({ key: "approvals.error.invalid" });

  // The schedule first: it is the write that can still be refused (sign-ups on dropped dates).
  if (proposed?.schedule) {
    const saved = await saveActivitySchedule(
      db,
      revision.activity_id,
      proposed.schedule,
      proposed.changeReason,
      staffId,
      now,
    );
    if (!saved.ok) {
      return invalid({
        key: "staffActivities.error.dropsSignups",
        params: { dates: saved.droppedDates.map((date) => formatDate(locale, date)).join(", ") },
      });
    }
  }
  if (details) {
    const saved = await updateActivityDetails(db, revision.activity_id, details, staffId, now);
    const first = saved.ok ? undefined : Object.values(saved.errors)[0];
    if (first) return invalid(first);
  }
  return closeRevision(db, revision, staffId, null, now);
}

/** Declines a waiting change: the public version stays, and the partner hears why. */
export async function declineRevision(
  db: DB,
  revisionId: number,
  reason: string,
  staffId: number,
  now: Date,
): Promise<DecisionResult> {
  if (reason.trim() === "") throw new RangeError("Declining needs a reason");
  const revision = await waitingRevision(db, revisionId);
  if (!revision) return NOT_FOUND;
  if (revision.status !== "pending") return NOT_PENDING;
  return closeRevision(db, revision, staffId, reason.trim(), now);
}

// ---------------------------------------------------------------------------------------------
// The partner's own calendar feeds (ICS import).

/** The partner's feed sources with their newest runs; never another partner's. */
export async function listPartnerFeeds(db: DB, partnerId: number) {
  const sources = await db
    .selectFrom("feed_sources as f")
    .innerJoin("places as p", "p.id", "f.place_id")
    .select(["f.id", "f.url", "f.active", "f.last_run_at", "p.name as place_name"])
    .where("f.partner_id", "=", partnerId)
    .orderBy("p.name")
    .orderBy("f.id")
    .execute();
  const runs = await Promise.all(sources.map((source) => listFeedRuns(db, source.id, 5)));
  return sources.map((source, index) => ({ ...source, runs: runs[index] ?? [] }));
}

export async function isPartnerFeed(db: DB, partnerId: number, sourceId: number) {
  const row = await db
    .selectFrom("feed_sources")
    .select("id")
    .where("id", "=", sourceId)
    .where("partner_id", "=", partnerId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Adds a calendar for one of the partner's places; the caller has checked the address. */
export async function addPartnerFeed(
  db: DB,
  partner: PartnerOf,
  userId: number,
  placeId: number,
  url: string,
  now: Date,
): Promise<{ ok: true; id: number } | { ok: false; errors: FieldErrors }> {
  if (!partner.places.some((place) => place.id === placeId)) {
    return { ok: false, errors: { placeId: { key: "partnerActivities.error.place" } } };
  }
  const stamp = toInstantString(now);
  return writeTransaction(db, async (trx) => {
    const exists = await trx
      .selectFrom("feed_sources")
      .select("id")
      .where("partner_id", "=", partner.id)
      .where("place_id", "=", placeId)
      .where("url", "=", url)
      .executeTakeFirst();
    if (exists) return { ok: false, errors: { url: { key: "feeds.duplicate" } } };
    const { id } = await trx
      .insertInto("feed_sources")
      .values({
        partner_id: partner.id,
        place_id: placeId,
        room_id: null,
        url,
        created_at: stamp,
        updated_at: stamp,
        last_run_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // The host only: a calendar address often carries a private token.
    const host = URL.canParse(url) ? new URL(url).host : "";
    await audit(
      trx,
      userId,
      "create",
      "feed_source",
      id,
      `${partner.name} la till kalender från ${host}`,
      now,
    );
    return { ok: true, id };
  });
}
