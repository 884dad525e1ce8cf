import ical, {
  ICalCalendarMethod,
  ICalEvent,
  ICalEventStatus,
  type ICalCalendar,
  type ICalDayJsStub,
} from "ical-generator";
import { TIME_ZONE, fromInstantString, utcToZoned } from "~/domain/time";

export type IcsSession = {
  /** Stable for the life of a session, e.g. "occurrence-123@traffpunkt"; built by the caller. */
  uid: string;
  /** Goes up with every change of time, place or status, so clients replace their copy. */
  sequence: number;
  title: string;
  description: string;
  location: string;
  url: string;
  /** UTC instants, "2026-03-29T12:00:00Z". */
  startsAt: string;
  endsAt: string;
  /** Cancelled sessions stay in the file so subscribed calendars drop or strike them. */
  cancelled: boolean;
  categories: string[];
  /** UTC instant, written as LAST-MODIFIED. */
  updatedAt: string;
};

export type BuildCalendarOptions = {
  name: string;
  description?: string;
  sessions: IcsSession[];
  /** Written as every event's DTSTAMP; passed in so the same data gives the same bytes. */
  now: Date;
  refreshHours?: number;
  method?: "PUBLISH";
};

// The EU rule (since 1996): summer time from 01:00 UTC on the last Sunday of March to 01:00 UTC
// on the last Sunday of October. Earlier Swedish rules differed, which sessions never need.
const STOCKHOLM_VTIMEZONE = [
  "BEGIN:VTIMEZONE",
  `TZID:${TIME_ZONE}`,
  `X-LIC-LOCATION:${TIME_ZONE}`,
  "BEGIN:DAYLIGHT",
  "TZOFFSETFROM:+0100",
  "TZOFFSETTO:+0200",
  "TZNAME:CEST",
  "DTSTART:19700329T020000",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
  "END:DAYLIGHT",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0200",
  "TZOFFSETTO:+0100",
  "TZNAME:CET",
  "DTSTART:19701025T030000",
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
  "END:STANDARD",
  "END:VTIMEZONE",
].join("\r\n");

const OPENING = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n";

const CONTROL_EXCEPT_TAB_AND_NEWLINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const CONTROL_EXCEPT_TAB = /[\u0000-\u0008\u000A-\u001F\u007F]/g;

/** Text ical-generator escapes itself: it turns line breaks into "\n" but lets other controls by. */
function text(value: string): string {
  // Unicode line and paragraph separators (pasted from documents) make some parsers drop the
  // property; they mean a new line, so they become one.
  return value.replace(/[\u2028\u2029\u0085]/g, "\n").replace(CONTROL_EXCEPT_TAB_AND_NEWLINES, "");
}

/** Text ical-generator writes as given (calendar name and description): escaped here instead. */
function rawText(value: string): string {
  return value
    .replace(/\r\n|\r|\n/g, " ")
    .replace(CONTROL_EXCEPT_TAB, "")
    .replace(/[\\;,]/g, (c) => `\\${c}`);
}

// ical-generator escapes URL;VALUE=URI like TEXT, so "," ";" "\" would come out backslashed and
// break the link; percent-encoded they survive and mean the same to a browser.
function uri(value: string): string {
  return value
    .replace(CONTROL_EXCEPT_TAB, "")
    .replace(/\s/g, "%20")
    .replace(/[,;\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A value that ical-generator prints as the Stockholm wall clock. Given a `Date` and a zone it
 * reads the Date's local fields, which follow the server's TZ; this object carries the fields
 * already worked out from the instant, so the output is the same on every server.
 */
function stockholmWallClock(instant: string): ICalDayJsStub {
  const date = fromInstantString(instant);
  const wall = utcToZoned(date);
  const seconds = String(date.getUTCSeconds()).padStart(2, "0");
  const fields: Record<string, string> = {
    YYYYMMDD: wall.date.replaceAll("-", ""),
    HHmmss: wall.time.replace(":", "") + seconds,
  };
  return {
    format: (pattern = "") => {
      const field = fields[pattern];
      if (field === undefined) throw new Error(`Unexpected date format: ${pattern}`);
      return field;
    },
    isValid: () => true,
    toDate: () => date,
    toJSON: () => date.toISOString(),
  };
}

export function buildCalendar(options: BuildCalendarOptions): string {
  const { sessions, now, refreshHours = 6, method = "PUBLISH" } = options;
  if (!(refreshHours > 0)) throw new RangeError(`Invalid refreshHours: ${refreshHours}`);

  const calendar = ical({
    prodId: "//Traffpunkt Helsingborg//Traffpunkt//SV",
    name: rawText(options.name),
    description: options.description ? rawText(options.description) : null,
    scale: "GREGORIAN",
    method: ICalCalendarMethod[method],
    ttl: refreshHours * 3600,
    // No calendar-wide zone name: ical-generator would then write DTSTAMP and LAST-MODIFIED as
    // floating Stockholm times instead of UTC. Each event names the zone, and the hook supplies
    // its definition; X-WR-TIMEZONE, which the name would have given, is added below.
    timezone: {
      name: null,
      generator: (zone) => (zone === TIME_ZONE ? STOCKHOLM_VTIMEZONE : null),
    },
  });

  const event = (session: IcsSession) =>
    new ICalEvent(
      {
        id: session.uid.replace(CONTROL_EXCEPT_TAB, ""),
        sequence: session.sequence,
        stamp: now,
        timezone: TIME_ZONE,
        start: stockholmWallClock(session.startsAt),
        end: stockholmWallClock(session.endsAt),
        summary: text(session.title),
        description: text(session.description),
        location: text(session.location),
        url: uri(session.url),
        categories: session.categories.map((name) => ({ name: text(name) })),
        status: session.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
        lastModified: fromInstantString(session.updatedAt),
      },
      calendar,
    );

  const generated = renderCalendar(calendar, sessions, event);
  if (!generated.startsWith(OPENING)) throw new Error("ical-generator changed its opening lines");
  // Every content line ends in CRLF (RFC 5545 3.1); ical-generator leaves the last one bare.
  return `${OPENING}X-WR-TIMEZONE:${TIME_ZONE}\r\n${generated.slice(OPENING.length)}\r\n`;
}

const EVENT_START = "\r\nBEGIN:VEVENT\r\n";
const EVENT_END = "\r\nEND:VEVENT\r\n";

/**
 * What `calendar.toString()` gives with these events, byte for byte, in a fraction of the time.
 * ical-generator folds the finished calendar by running a `TextEncoder` over each character in
 * turn: 2–4 s for a place's 3,757 events, on the one thread that answers every request (0.15 s
 * this way). So it renders here the calendar with the first event only (the VTIMEZONE it writes
 * depends on the events' zones, the same for all of them), and every event is folded by
 * `foldLines` below.
 */
function renderCalendar(
  calendar: ICalCalendar,
  sessions: IcsSession[],
  event: (session: IcsSession) => ICalEvent,
): string {
  const [first] = sessions;
  if (first === undefined) return calendar.toString();
  calendar.createEvent(event(first));
  const shell = calendar.toString();
  // With CRLF on both sides these match whole lines only: no text of ours holds a line break.
  const start = shell.indexOf(EVENT_START) + "\r\n".length;
  const end = shell.lastIndexOf(EVENT_END) + EVENT_END.length;
  // One event at a time: the library's objects for thousands of them would weigh tens of MB.
  const folded = sessions.map((session) => foldLines(event(session).toString()));
  // Folding is per line and an event is whole lines, so the library's text of the first event
  // must be ours; anything else means its output changed shape, and the rest would be wrong too.
  if (shell.slice(start, end) !== folded[0]) {
    throw new Error("ical-generator changed how it writes or folds an event");
  }
  return shell.slice(0, start) + folded.join("") + shell.slice(end);
}

/**
 * ical-generator's `foldLines`, counting octets from UTF-16 code units instead of encoding each
 * character. Same output for every string, lone surrogates included (each counts as the three
 * octets of U+FFFD, as `TextEncoder` writes it): a line is broken before the character that would
 * take it past 74 octets, never inside a UTF-8 sequence or a surrogate pair, and the continuation
 * starts with a space, so no line exceeds 75 octets (RFC 5545 3.1).
 */
export function foldLines(input: string): string {
  return input.split("\r\n").map(foldLine).join("\r\n");
}

const MAX_OCTETS = 74;

function foldLine(line: string): string {
  // Three octets a code unit at most: a short line needs no counting.
  if (line.length * 3 <= MAX_OCTETS) return line;
  let folded = "";
  let from = 0;
  let octets = 0;
  for (let i = 0; i < line.length; i++) {
    const start = i;
    let size = utf8Octets(line.charCodeAt(i));
    // A high surrogate travels with the unit after it, whatever that is, as in ical-generator.
    if (isHighSurrogate(line.charCodeAt(i)) && i + 1 < line.length) {
      const next = line.charCodeAt(++i);
      size = isLowSurrogate(next) ? 4 : size + utf8Octets(next);
    }
    octets += size;
    if (octets > MAX_OCTETS) {
      folded += `${line.slice(from, start)}\r\n `;
      from = start;
      octets = size;
    }
  }
  return folded + line.slice(from);
}

/** The octets of one UTF-16 code unit on its own; a lone surrogate becomes U+FFFD, three. */
function utf8Octets(unit: number): number {
  return unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;
