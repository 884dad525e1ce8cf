import ical, { ICalCalendarMethod, ICalEventStatus, type ICalDayJsStub } from "ical-generator";
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

  for (const session of sessions) {
    calendar.createEvent({
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
    });
  }

  const generated = calendar.toString();
  if (!generated.startsWith(OPENING)) throw new Error("ical-generator changed its opening lines");
  // Every content line ends in CRLF (RFC 5545 3.1); ical-generator leaves the last one bare.
  return `${OPENING}X-WR-TIMEZONE:${TIME_ZONE}\r\n${generated.slice(OPENING.length)}\r\n`;
}
