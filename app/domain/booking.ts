/**
 * Room booking rules: when a requested time span may have a room. Pure: the caller reads the
 * room's opening hours and what already holds it, and stores the outcome.
 */
import { utcToZoned, type LocalDate, type LocalTime } from "./time";

export const BOOKING_STATUSES = ["pending", "approved", "declined", "cancelled"] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/**
 * Statuses that hold the room. A pending request holds it too: otherwise two requests for one
 * slot could both wait for approval and staff would have to turn one down by hand.
 */
export const HOLDING_STATUSES = ["pending", "approved"] as const satisfies BookingStatus[];

export const DEFAULT_BUFFER_MINUTES = 15;

export type Span = { startsAt: Date; endsAt: Date };

/** One opening range of a place: ISO weekday (Monday = 1), local "HH:MM" times. */
export type OpeningHours = { weekday: number; opens: LocalTime; closes: LocalTime };

/**
 * Something that already holds the room: an approved or pending booking, or a session.
 * `label` names it for the reader of the message; null when the reader may not know whose it is.
 */
export type RoomUse = Span & { kind: "booking" | "session"; label: string | null };

export type Conflict =
  | { date: LocalDate; kind: "closed" }
  | { date: LocalDate; kind: "outsideHours"; hours: string[] }
  | {
      date: LocalDate;
      kind: "use";
      use: "booking" | "session";
      label: string | null;
      from: LocalTime;
      to: LocalTime;
      /** The spans do not overlap; only the time between them is shorter than the buffer. */
      tooClose: boolean;
      bufferMinutes: number;
    };

const MS_PER_MINUTE = 60_000;

/**
 * Whether two uses of one room come too close: they overlap, or the gap between the end of one
 * and the start of the other is shorter than `bufferMinutes`. A gap of exactly the buffer is fine.
 */
export function spansConflict(a: Span, b: Span, bufferMinutes = 0): boolean {
  const buffer = bufferMinutes * MS_PER_MINUTE;
  return (
    a.startsAt.getTime() < b.endsAt.getTime() + buffer &&
    b.startsAt.getTime() < a.endsAt.getTime() + buffer
  );
}

/** The opening ranges of a weekday as "10:00–18:00", in order. */
function rangesOf(hours: OpeningHours[], weekday: number): OpeningHours[] {
  return hours
    .filter((range) => range.weekday === weekday)
    .sort((a, b) => a.opens.localeCompare(b.opens));
}

/**
 * Null when the span lies within one opening range of its day (Stockholm time), else why not.
 * A span that runs past midnight is always outside: no place is open across midnight.
 */
export function openingHoursConflict(span: Span, hours: OpeningHours[]): Conflict | null {
  const start = utcToZoned(span.startsAt);
  const end = utcToZoned(span.endsAt);
  const ranges = rangesOf(hours, start.weekday);
  if (ranges.length === 0) return { date: start.date, kind: "closed" };
  // Same-day "HH:MM" strings compare in clock order.
  const fits =
    end.date === start.date &&
    ranges.some((range) => range.opens <= start.time && end.time <= range.closes);
  if (fits) return null;
  return {
    date: start.date,
    kind: "outsideHours",
    hours: ranges.map((range) => `${range.opens}–${range.closes}`),
  };
}

/**
 * Everything that stands in the way of the requested slots, in date order: closed days and times
 * outside opening hours, then every booking or session each slot overlaps or comes within
 * `bufferMinutes` of. Empty when every slot may have the room.
 */
export function findConflicts(
  slots: Span[],
  uses: RoomUse[],
  hours: OpeningHours[],
  bufferMinutes: number,
): Conflict[] {
  const conflicts: Conflict[] = [];
  const ordered = [...slots].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const sortedUses = [...uses].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  for (const slot of ordered) {
    const date = utcToZoned(slot.startsAt).date;
    const hoursConflict = openingHoursConflict(slot, hours);
    if (hoursConflict) conflicts.push(hoursConflict);
    for (const use of sortedUses) {
      if (!spansConflict(slot, use, bufferMinutes)) continue;
      conflicts.push({
        date,
        kind: "use",
        use: use.kind,
        label: use.label,
        from: utcToZoned(use.startsAt).time,
        to: utcToZoned(use.endsAt).time,
        tooClose: !spansConflict(slot, use, 0),
        bufferMinutes,
      });
    }
  }
  return conflicts;
}

/** Message keys of the bookings catalogue part that describe a conflict. */
export type ConflictMessageKey =
  | "bookings.conflict.closed"
  | "bookings.conflict.outsideHours"
  | "bookings.conflict.use"
  | "bookings.conflict.useBuffer"
  | "bookings.conflict.taken"
  | "bookings.conflict.takenBuffer";

/** What to tell the person about one conflict: a catalogue key and its parameters. */
export function describeConflict(conflict: Conflict): {
  key: ConflictMessageKey;
  params: Record<string, string | number>;
} {
  switch (conflict.kind) {
    case "closed":
      return { key: "bookings.conflict.closed", params: {} };
    case "outsideHours":
      return {
        key: "bookings.conflict.outsideHours",
        params: { hours: conflict.hours.join(", ") },
      };
    case "use": {
      const params = { from: conflict.from, to: conflict.to, minutes: conflict.bufferMinutes };
      if (conflict.label === null) {
        return {
          key: conflict.tooClose ? "bookings.conflict.takenBuffer" : "bookings.conflict.taken",
          params,
        };
      }
      return {
        key: conflict.tooClose ? "bookings.conflict.useBuffer" : "bookings.conflict.use",
        params: { ...params, what: conflict.label },
      };
    }
  }
}

/** One thing in a room's week, as staff or a partner may see it. */
export type RoomWeekItem = {
  key: string;
  kind: "booking" | "session";
  starts_at: string;
  ends_at: string;
  /** Whose or what; null when the reader may only know that the room is taken. */
  label: string | null;
  status: "pending" | "approved" | null;
  mine: boolean;
  /** The public session page, for published activities. */
  href: string | null;
};

/** When a place's rooms are taken in a week, for the public: sessions by title, bookings unnamed. */
export type PublicRoomUse = {
  rooms: {
    id: number;
    name: string;
    uses: { key: string; starts_at: string; ends_at: string; title: string | null }[];
  }[];
};

/** Dates that have at least one conflict, in order, each once. */
export function conflictDates(conflicts: Conflict[]): LocalDate[] {
  return [...new Set(conflicts.map((conflict) => conflict.date))].sort();
}
