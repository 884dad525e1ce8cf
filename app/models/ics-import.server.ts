import { createHash } from "node:crypto";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Kysely } from "kysely";
import ical, { type DateWithTimeZone, type VEvent } from "node-ical";
import {
  formatLocalDate,
  formatLocalTime,
  toInstantString,
  utcToZoned,
  zonedToUtc,
} from "~/domain/time";
import type { Database, FeedRun } from "#db/schema";

type Db = Kysely<Database>;

export type ImportOptions = {
  /** Defaults to the global fetch (which msw intercepts in tests). */
  fetch?: typeof fetch;
  /** The most the download may be; reading stops past it. */
  maxBytes?: number;
  /** For the download, and again for reading the calendar once downloaded. */
  timeoutMs?: number;
  /** A calendar with more VEVENTs than this is refused as a whole. */
  maxEvents?: number;
};

export const REMOVED_REASON = "Borttagen ur partnerns kalender";
export const CANCELLED_REASON = "Inställd i partnerns kalender";

const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_EVENTS = 1000;
const DEFAULT_INTERVAL_MS = 6 * 60 * 60 * 1000;
const MAX_SESSIONS_PER_EVENT = 200;
const MAX_SESSIONS_PER_RUN = 5000;
const MAX_TITLE = 200;
const MAX_DESCRIPTION = 5000;
const MAX_UID = 255;
const MAX_NESTING = 8;
const MS_PER_DAY = 86_400_000;
const WINDOW_BACK_MS = 30 * MS_PER_DAY;
const WINDOW_AHEAD_MS = 366 * MS_PER_DAY;
const MAX_DURATION_MS = 7 * MS_PER_DAY;
// RFC 5545 reads a timed DTSTART without DTEND as lasting no time; a calendar shows an hour.
const DEFAULT_DURATION_MS = 60 * 60 * 1000;
// Shorter frequencies are never a meeting-place activity, and expanding them is where the
// recurrence library spends its time.
const ALLOWED_FREQUENCIES = new Set(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]);
const CALENDAR_TYPES = new Set([
  "text/calendar",
  "text/plain",
  "text/x-vcalendar",
  "application/ics",
  "application/x-ics",
  "application/octet-stream",
]);
const UNEXPECTED = "Importen misslyckades av ett oväntat fel";
const INCOMPLETE = "Kalendern är ofullständig: den tar slut för tidigt";

/** A failure meant for staff to read; anything else is reported as {@link UNEXPECTED}. */
class ImportError extends Error {}

type Session = {
  /** The Stockholm date the feed first put the session on (RECURRENCE-ID for overrides). */
  key: string;
  startsAt: string;
  endsAt: string;
  cancelled: boolean;
};

type FeedEvent = {
  uid: string;
  title: string;
  description: string;
  recurring: boolean;
  sessions: Session[];
};

type Counts = { created: number; updated: number; cancelled: number; skipped: number };

// ---------------------------------------------------------------------------------------------
// The address.

function feedUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ImportError("Adressen är ingen giltig webbadress");
  }
  // Calendar apps hand out subscription links as webcal://, which is plain HTTPS underneath.
  if (url.protocol === "webcal:") url = new URL(`https:${url.href.slice("webcal:".length)}`);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ImportError("Adressen måste börja med https:// eller http://");
  }
  if (url.username || url.password) {
    throw new ImportError("Adressen får inte innehålla användarnamn eller lösenord");
  }
  return url;
}

/** Why a calendar address cannot be used, in Swedish, or null when it can. */
export function feedUrlProblem(text: string): string | null {
  try {
    feedUrl(text);
    return null;
  } catch (error) {
    if (error instanceof ImportError) return error.message;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The download.

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toLocaleString("sv-SE")} s`;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toLocaleString("sv-SE", { maximumFractionDigits: 1 })} MB`
    : `${Math.ceil(bytes / 1024)} kB`;
}

function networkCode(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause && typeof cause === "object" && "code" in cause && typeof cause.code === "string") {
    return ` (${cause.code})`;
  }
  return "";
}

async function readBody(
  url: URL,
  fetchImpl: typeof fetch,
  maxBytes: number,
  signal: AbortSignal,
): Promise<string> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      signal,
      redirect: "follow",
      headers: { accept: "text/calendar, text/plain;q=0.8, */*;q=0.1" },
    });
  } catch (error) {
    throw new ImportError(`Kalendern kunde inte hämtas${networkCode(error)}`);
  }
  const tooLarge = new ImportError(`Kalendern är större än ${formatSize(maxBytes)}`);
  const refuse = (error: ImportError): never => {
    // Not awaited: a server that stalls must not hold the run after we have decided.
    void response.body?.cancel().catch(() => undefined);
    throw error;
  };
  if (!response.ok) {
    return refuse(
      new ImportError(`Kalendern kunde inte hämtas: servern svarade ${response.status}`),
    );
  }
  const contentType = response.headers.get("content-type") ?? "";
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (type && !CALENDAR_TYPES.has(type)) {
    return refuse(new ImportError(`Adressen gav ${type}, inte en kalender`));
  }
  // A declared length only lets us refuse early; the count below is what holds.
  if (Number(response.headers.get("content-length")) > maxBytes) return refuse(tooLarge);
  if (!response.body) throw new ImportError("Kalendern är tom");

  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        void reader.cancel().catch(() => undefined);
        throw tooLarge;
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(`Kalendern kunde inte hämtas helt${networkCode(error)}`);
  }
  return decoderFor(contentType).decode(Buffer.concat(chunks));
}

/** iCalendar is UTF-8, but older exports say otherwise in the header and mean it. */
function decoderFor(contentType: string): TextDecoder {
  const charset = /charset="?([\w-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8");
  } catch {
    return new TextDecoder("utf-8");
  }
}

async function download(
  url: URL,
  fetchImpl: typeof fetch,
  maxBytes: number,
  timeoutMs: number,
): Promise<string> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The race answers on time even if a fetch implementation ignores the abort signal.
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new ImportError(`Servern svarade inte inom ${formatSeconds(timeoutMs)}`));
      controller.abort();
    }, timeoutMs);
  });
  try {
    return await Promise.race([readBody(url, fetchImpl, maxBytes, controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the calendar.

/**
 * node-ical reads almost anything without complaint, so the line structure is checked first:
 * a truncated or garbled download must fail, not look like a calendar whose events all went.
 */
function checkStructure(text: string, maxEvents: number): void {
  const lines = text.split(/\r\n|\n|\r/);
  const open: string[] = [];
  let calendars = 0;
  let events = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    // Blank lines are not allowed but common; indented lines continue the previous one.
    if (line === "" || line[0] === " " || line[0] === "\t") continue;
    const name = /^[A-Za-z0-9-]+/.exec(line)?.[0].toUpperCase();
    const separator = name ? line[name.length] : undefined;
    const valid =
      name !== undefined &&
      (separator === ":" || separator === ";") &&
      line.includes(":", name.length);
    if (!valid || (open.length === 0 && name !== "BEGIN")) {
      if (calendars === 0) throw new ImportError("Svaret är ingen iCalendar-fil");
      // A download cut short usually ends in half a line.
      if (open.length > 0 && lines.slice(index + 1).every((rest) => rest.trim() === "")) {
        throw new ImportError(INCOMPLETE);
      }
      throw new ImportError(`Kalendern är felaktigt formaterad (rad ${index + 1})`);
    }
    if (name !== "BEGIN" && name !== "END") continue;
    const component = line
      .slice(name.length + 1)
      .trim()
      .toUpperCase();
    if (name === "BEGIN") {
      if (open.length === 0 && component !== "VCALENDAR") {
        throw new ImportError("Svaret är ingen iCalendar-fil");
      }
      if (open.length >= MAX_NESTING) {
        throw new ImportError(`Kalendern är felaktigt formaterad (rad ${index + 1})`);
      }
      open.push(component);
      if (component === "VCALENDAR") calendars++;
      if (component === "VEVENT" && ++events > maxEvents) {
        throw new ImportError(`Kalendern har fler än ${maxEvents} händelser`);
      }
    } else if (open.pop() !== component) {
      throw new ImportError(`Kalendern är felaktigt formaterad (rad ${index + 1})`);
    }
  }
  if (calendars === 0) throw new ImportError("Svaret är ingen iCalendar-fil");
  if (open.length > 0) throw new ImportError(INCOMPLETE);
}

// Bidirectional overrides and zero-width characters can make a title read differently from
// what it is; control characters have no place in a title at all.
const INVISIBLE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  // Never cut a surrogate pair in half.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "val" in value && typeof value.val === "string") {
    return value.val;
  }
  return "";
}

function cleanTitle(value: unknown): string {
  return truncate(textOf(value).replace(INVISIBLE, " ").replace(/\s+/g, " ").trim(), MAX_TITLE);
}

function cleanDescription(value: unknown): string {
  const text = textOf(value)
    .replace(/\r\n?/g, "\n")
    .replace(INVISIBLE, " ")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return truncate(text, MAX_DESCRIPTION);
}

const knownZones = new Map<string, boolean>();

function isKnownZone(zone: string): boolean {
  let known = knownZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      known = true;
    } catch {
      known = /^(?:UTC|GMT)?[+-]\d{2}:?\d{2}$/.test(zone);
    }
    if (knownZones.size < 1000) knownZones.set(zone, known);
  }
  return known;
}

/**
 * The instant a node-ical date stands for. Times with a zone it could resolve are right as they
 * are; a floating time (or one in a zone nobody knows) it read in this process's zone, so the
 * wall clock is read back the same way and placed in Stockholm, where the partners are.
 */
function instantOf(date: DateWithTimeZone | undefined): Date | null {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) return null;
  if (date.tz && isKnownZone(date.tz)) return new Date(date.getTime());
  try {
    return zonedToUtc(
      formatLocalDate(date.getFullYear(), date.getMonth() + 1, date.getDate()),
      formatLocalTime(date.getHours(), date.getMinutes()),
    );
  } catch {
    return null;
  }
}

type Window = { from: number; to: number };
type Instance = {
  start?: DateWithTimeZone;
  end?: DateWithTimeZone;
  original?: DateWithTimeZone;
  cancelled: boolean;
};

/** A session, "skip" for an instance that cannot be imported, or null when outside the window. */
function toSession(instance: Instance, window: Window): Session | "skip" | null {
  const start = instantOf(instance.start);
  const original = instantOf(instance.original) ?? start;
  if (!start || !original) return "skip";
  const end = instantOf(instance.end);
  let duration = end ? end.getTime() - start.getTime() : 0;
  if (duration < 0 || duration > MAX_DURATION_MS) return "skip";
  if (duration === 0) duration = DEFAULT_DURATION_MS;
  if (start.getTime() < window.from || start.getTime() > window.to) return null;
  return {
    key: utcToZoned(original).date,
    startsAt: toInstantString(start),
    endsAt: toInstantString(new Date(start.getTime() + duration)),
    cancelled: instance.cancelled,
  };
}

/** The event's sessions in the window, or null when it is not imported at all. */
function readEvent(event: VEvent, window: Window): { event: FeedEvent; skipped: number } | null {
  const uid = typeof event.uid === "string" ? event.uid.trim() : "";
  const title = cleanTitle(event.summary);
  if (!uid || uid.length > MAX_UID || !title) return null;
  // All-day entries are mostly closures and reminders, and have no time to show.
  if (event.datetype === "date" || event.start?.dateOnly) return null;
  if (!instantOf(event.start)) return null;

  const eventCancelled = event.status === "CANCELLED";
  let instances: Instance[];
  if (event.rrule) {
    if (!ALLOWED_FREQUENCIES.has(String(event.rrule.options.freq))) return null;
    instances = ical
      .expandRecurringEvent(event, { from: new Date(window.from), to: new Date(window.to) })
      .slice(0, MAX_SESSIONS_PER_EVENT)
      .map((instance) => ({
        start: instance.start,
        end: instance.end,
        original: instance.isOverride ? instance.event.recurrenceid : instance.start,
        cancelled: eventCancelled || instance.event.status === "CANCELLED",
      }));
  } else {
    instances = [
      { start: event.start, end: event.end, original: event.start, cancelled: eventCancelled },
    ];
  }

  let skipped = 0;
  const sessions = new Map<string, Session>();
  for (const instance of instances) {
    const session = toSession(instance, window);
    if (session === null) continue;
    // Two sessions on one date would collide on (activity, date); the first one is kept.
    if (session === "skip" || sessions.has(session.key)) skipped++;
    else sessions.set(session.key, session);
  }
  if (!event.rrule && skipped > 0) return null;
  return {
    event: {
      uid,
      title,
      description: cleanDescription(event.description),
      recurring: Boolean(event.rrule),
      sessions: [...sessions.values()],
    },
    skipped,
  };
}

async function readCalendar(
  text: string,
  now: Date,
  maxEvents: number,
  timeoutMs: number,
): Promise<{ events: FeedEvent[]; skipped: number }> {
  checkStructure(text, maxEvents);
  let parsed: ReturnType<typeof ical.sync.parseICS>;
  try {
    parsed = ical.sync.parseICS(text);
  } catch {
    throw new ImportError("Kalendern kunde inte tolkas");
  }
  const window = { from: now.getTime() - WINDOW_BACK_MS, to: now.getTime() + WINDOW_AHEAD_MS };
  const deadline = performance.now() + timeoutMs;
  let lastYield = performance.now();
  const events: FeedEvent[] = [];
  let skipped = 0;
  let sessionCount = 0;
  for (const component of Object.values(parsed)) {
    if (component?.type !== "VEVENT") continue;
    let result: ReturnType<typeof readEvent>;
    try {
      result = readEvent(component, window);
    } catch {
      // The recurrence library gives up (throws) on rules that never produce a date.
      result = null;
    }
    if (!result) {
      skipped++;
    } else {
      skipped += result.skipped;
      events.push(result.event);
      sessionCount += result.event.sessions.length;
      if (sessionCount > MAX_SESSIONS_PER_RUN) {
        throw new ImportError(`Kalendern har fler än ${MAX_SESSIONS_PER_RUN} tillfällen`);
      }
    }
    // Expanding rules is synchronous work: keep the server answering meanwhile, and give up
    // on a calendar that would keep it busy.
    if (performance.now() - lastYield > 20) {
      if (performance.now() > deadline) {
        throw new ImportError("Kalendern tog för lång tid att läsa in");
      }
      await yieldToEventLoop();
      lastYield = performance.now();
    }
  }
  return { events, skipped };
}

// ---------------------------------------------------------------------------------------------
// Writing it down.

function slugBase(title: string): string {
  const base = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return base || "aktivitet";
}

async function uniqueSlug(trx: Db, title: string, sourceId: number, uid: string) {
  const base = slugBase(title);
  // Derived from the source and UID, so the same event gets the same slug in every database.
  const hash = createHash("sha256").update(`${sourceId}\n${uid}`).digest("hex");
  for (let length = 6; length <= hash.length; length += 4) {
    const slug = `${base}-${hash.slice(0, length)}`;
    const taken = await trx
      .selectFrom("activities")
      .select("id")
      .where("slug", "=", slug)
      .executeTakeFirst();
    if (!taken) return slug;
  }
  throw new Error(`No free slug for ${base}`);
}

type Source = {
  id: number;
  partner_id: number;
  place_id: number;
  room_id: number | null;
  url: string;
  area_id: number;
  trusted: number;
};

async function applyFeed(
  trx: Db,
  source: Source,
  events: FeedEvent[],
  now: Date,
  counts: Counts,
): Promise<void> {
  const stamp = toInstantString(now);
  // Writing first takes SQLite's write lock before anything is read, so a run in another
  // process cannot change these rows between our reads and our writes.
  await trx
    .updateTable("feed_sources")
    .set({ last_run_at: stamp })
    .where("id", "=", source.id)
    .execute();

  const activities = await trx
    .selectFrom("activities")
    .select(["id", "source_uid", "title", "description"])
    .where("source_id", "=", source.id)
    .execute();
  const rows = activities.length
    ? await trx
        .selectFrom("occurrences")
        .select([
          "id",
          "activity_id",
          "scheduled_date",
          "starts_at",
          "ends_at",
          "status",
          "cancel_reason",
          "moved",
        ])
        .where(
          "activity_id",
          "in",
          activities.map((activity) => activity.id),
        )
        .execute()
    : [];
  type Row = (typeof rows)[number];
  const rowsByActivity = new Map<number, Row[]>();
  for (const row of rows) {
    rowsByActivity.set(row.activity_id, [...(rowsByActivity.get(row.activity_id) ?? []), row]);
  }
  const byUid = new Map(activities.map((activity) => [activity.source_uid, activity]));
  const seenActivities = new Set<number>();

  const insertSessions = async (activityId: number, sessions: Session[]) => {
    if (sessions.length === 0) return;
    await trx
      .insertInto("occurrences")
      .values(
        sessions.map((session) => ({
          activity_id: activityId,
          schedule_id: null,
          scheduled_date: session.key,
          starts_at: session.startsAt,
          ends_at: session.endsAt,
          room_id: null,
          location_name: null,
          capacity: null,
          cancel_reason: null,
          move_reason: null,
          created_at: stamp,
          updated_at: stamp,
        })),
      )
      .execute();
    counts.created += sessions.length;
  };
  // Sessions that have begun are history: the feed no longer changes them.
  const isFuture = (row: Row) => row.starts_at > stamp;
  const cancelRows = async (ids: number[], reason: string) => {
    if (ids.length === 0) return;
    await trx
      .updateTable("occurrences")
      .set((eb) => ({
        status: "cancelled",
        cancel_reason: reason,
        sequence: eb("sequence", "+", 1),
        updated_at: stamp,
      }))
      .where("id", "in", ids)
      .execute();
    counts.cancelled += ids.length;
  };

  for (const event of events) {
    const existing = byUid.get(event.uid);
    const live = event.sessions.filter((session) => !session.cancelled);
    if (!existing) {
      // Nothing to show yet (all past, far ahead or cancelled): wait for a session to appear.
      if (live.length === 0) continue;
      const { id } = await trx
        .insertInto("activities")
        .values({
          slug: await uniqueSlug(trx, event.title, source.id, event.uid),
          title: event.title,
          description: event.description,
          category: "social",
          audience: "everyone",
          organiser_kind: "partner",
          partner_id: source.partner_id,
          area_id: source.area_id,
          place_id: source.place_id,
          room_id: source.room_id,
          location_name: null,
          location_address: null,
          signup_mode: "none",
          capacity: null,
          status: source.trusted === 1 ? "published" : "pending",
          status_reason: null,
          source_id: source.id,
          source_uid: event.uid,
          created_at: stamp,
          updated_at: stamp,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await insertSessions(id, live);
      continue;
    }

    seenActivities.add(existing.id);
    const contentChanged =
      existing.title !== event.title || existing.description !== event.description;
    if (contentChanged) {
      await trx
        .updateTable("activities")
        .set({ title: event.title, description: event.description, updated_at: stamp })
        .where("id", "=", existing.id)
        .execute();
    }

    const activityRows = rowsByActivity.get(existing.id) ?? [];
    const byKey = new Map(activityRows.map((row) => [row.scheduled_date, row]));
    const seenRows = new Set<number>();
    const created: Session[] = [];
    const cancelledThere: number[] = [];
    const removed: number[] = [];
    for (const session of event.sessions) {
      let row = byKey.get(session.key);
      // A single event moved to another day is the same session, not a cancelled one and a
      // new one, so subscribers see it move.
      if (!row && !event.recurring) {
        const candidates = activityRows.filter((r) => isFuture(r) && r.moved === 0);
        if (candidates.length === 1) row = candidates[0];
      }
      if (!row) {
        if (!session.cancelled) created.push(session);
        continue;
      }
      seenRows.add(row.id);
      if (!isFuture(row)) continue;
      if (session.cancelled) {
        if (row.status === "scheduled") cancelledThere.push(row.id);
        continue;
      }
      // Staff's own moves and cancellations win over the feed; ours are undone when it returns.
      const timeChanged =
        row.moved === 0 &&
        (row.starts_at !== session.startsAt ||
          row.ends_at !== session.endsAt ||
          row.scheduled_date !== session.key);
      const restored =
        row.status === "cancelled" &&
        (row.cancel_reason === REMOVED_REASON || row.cancel_reason === CANCELLED_REASON);
      const shown = row.status === "scheduled" || restored;
      if (!timeChanged && !restored && !(contentChanged && shown)) continue;
      await trx
        .updateTable("occurrences")
        .set((eb) => ({
          ...(timeChanged
            ? {
                scheduled_date: session.key,
                starts_at: session.startsAt,
                ends_at: session.endsAt,
              }
            : {}),
          ...(restored ? { status: "scheduled", cancel_reason: null } : {}),
          sequence: eb("sequence", "+", 1),
          updated_at: stamp,
        }))
        .where("id", "=", row.id)
        .execute();
      counts.updated++;
    }
    await insertSessions(existing.id, created);
    for (const row of activityRows) {
      if (!seenRows.has(row.id) && isFuture(row) && row.status === "scheduled") {
        removed.push(row.id);
      }
    }
    await cancelRows(cancelledThere, CANCELLED_REASON);
    await cancelRows(removed, REMOVED_REASON);
  }

  // Events gone from the feed altogether.
  const gone = activities
    .filter((activity) => !seenActivities.has(activity.id))
    .flatMap((activity) => rowsByActivity.get(activity.id) ?? [])
    .filter((row) => isFuture(row) && row.status === "scheduled")
    .map((row) => row.id);
  await cancelRows(gone, REMOVED_REASON);
}

// ---------------------------------------------------------------------------------------------
// Runs.

async function loadSource(db: Db, sourceId: number): Promise<Source> {
  const source = await db
    .selectFrom("feed_sources as s")
    .innerJoin("partners as pa", "pa.id", "s.partner_id")
    .innerJoin("places as p", "p.id", "s.place_id")
    .select(["s.id", "s.partner_id", "s.place_id", "s.room_id", "s.url", "p.area_id", "pa.trusted"])
    .where("s.id", "=", sourceId)
    .executeTakeFirst();
  if (!source) throw new Error(`Feed source ${sourceId} does not exist`);
  return source;
}

/**
 * Fetches a source's calendar and brings its activities in line with it, in one transaction:
 * a run that fails changes nothing but its own run record. New activities are published at
 * once for a trusted partner and otherwise wait for staff approval; changes to existing ones
 * apply in place without a new approval. Never throws for anything the feed does; throws only
 * for a source that does not exist or a database that fails.
 */
export async function importFeed(
  db: Db,
  sourceId: number,
  now: Date,
  options: ImportOptions = {},
): Promise<FeedRun> {
  const source = await loadSource(db, sourceId);
  const began = performance.now();
  const startedAt = toInstantString(now);
  const finishedAt = () => toInstantString(new Date(now.getTime() + (performance.now() - began)));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const counts: Counts = { created: 0, updated: 0, cancelled: 0, skipped: 0 };
  try {
    const text = await download(
      feedUrl(source.url),
      options.fetch ?? globalThis.fetch,
      options.maxBytes ?? DEFAULT_MAX_BYTES,
      timeoutMs,
    );
    const { events, skipped } = await readCalendar(
      text,
      now,
      options.maxEvents ?? DEFAULT_MAX_EVENTS,
      timeoutMs,
    );
    counts.skipped = skipped;
    return await db.transaction().execute(async (trx) => {
      await applyFeed(trx, source, events, now, counts);
      return trx
        .insertInto("feed_runs")
        .values({
          feed_source_id: source.id,
          started_at: startedAt,
          finished_at: finishedAt(),
          outcome: "ok",
          created_count: counts.created,
          updated_count: counts.updated,
          cancelled_count: counts.cancelled,
          skipped_count: counts.skipped,
          error: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  } catch (error) {
    if (!(error instanceof ImportError)) console.error(`Import of feed ${sourceId} failed`, error);
    await db
      .updateTable("feed_sources")
      .set({ last_run_at: startedAt })
      .where("id", "=", source.id)
      .execute();
    return db
      .insertInto("feed_runs")
      .values({
        feed_source_id: source.id,
        started_at: startedAt,
        finished_at: finishedAt(),
        outcome: "error",
        error: error instanceof ImportError ? error.message : UNEXPECTED,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
}

/**
 * Imports, one after another, every active source not run within `intervalMs` (6 h by
 * default), for the scheduled job. A failing feed is recorded and the others still run.
 */
export async function importDueFeeds(
  db: Db,
  now: Date,
  options: ImportOptions & { intervalMs?: number } = {},
): Promise<FeedRun[]> {
  const cutoff = toInstantString(
    new Date(now.getTime() - (options.intervalMs ?? DEFAULT_INTERVAL_MS)),
  );
  const due = await db
    .selectFrom("feed_sources")
    .select("id")
    .where("active", "=", 1)
    .where((eb) => eb.or([eb("last_run_at", "is", null), eb("last_run_at", "<=", cutoff)]))
    .orderBy("id")
    .execute();
  const runs: FeedRun[] = [];
  for (const { id } of due) runs.push(await importFeed(db, id, now, options));
  return runs;
}

/** The newest runs of a source first, for the staff page. */
export async function listFeedRuns(db: Db, sourceId: number, limit = 20): Promise<FeedRun[]> {
  return db
    .selectFrom("feed_runs")
    .selectAll()
    .where("feed_source_id", "=", sourceId)
    .orderBy("started_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}
