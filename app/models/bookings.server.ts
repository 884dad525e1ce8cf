import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "#db/schema";
import {
  HOLDING_STATUSES,
  findConflicts,
  type Conflict,
  type PublicRoomUse,
  type RoomUse,
  type RoomWeekItem,
  type Span,
} from "~/domain/booking";
import { fromInstantString, toInstantString } from "~/domain/time";
import { formatSession } from "~/i18n/format";
import { translator } from "~/i18n/i18n";
import { audit } from "~/models/auth.server";
import { enqueueMail } from "~/models/outbox.server";
import type { DB } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { writeTransaction } from "~/utils/write-transaction.server";

type Trx = Kysely<Database>;

/** Who reads what a room holds: staff see everything, a partner its own things, the public no names. */
export type Viewer =
  { kind: "staff" } | { kind: "partner"; partnerId: number } | { kind: "public" };

/** Activities whose sessions hold their room: published ones and those awaiting approval. */
const ROOM_HOLDING_ACTIVITIES = ["published", "pending"] as const;

const MS_PER_MINUTE = 60_000;

// ---------------------------------------------------------------------------------------------
// What holds a room.

type RoomItem = {
  kind: "booking" | "session";
  id: number;
  room_id: number;
  starts_at: string;
  ends_at: string;
  status: "pending" | "approved" | null;
  partner_id: number | null;
  partner_name: string | null;
  purpose: string | null;
  title: string | null;
  activity_slug: string | null;
  activity_status: string | null;
};

/**
 * Bookings and sessions holding any of `roomIds` during [from, to), in time order. A session holds
 * the room it is placed in (its own room, else its activity's) while it is scheduled and its
 * activity is published or awaiting approval.
 */
async function roomItems(
  db: Trx,
  roomIds: number[],
  range: { from: string; to: string },
  options: { excludeBookings?: number[]; publicOnly?: boolean } = {},
): Promise<RoomItem[]> {
  if (roomIds.length === 0) return [];
  let bookings = db
    .selectFrom("bookings as b")
    .leftJoin("partners as pa", "pa.id", "b.partner_id")
    .select([
      "b.id",
      "b.room_id",
      "b.starts_at",
      "b.ends_at",
      "b.status",
      "b.partner_id",
      "b.purpose",
      "pa.name as partner_name",
    ])
    .where("b.room_id", "in", roomIds)
    .where("b.status", "in", options.publicOnly ? ["approved"] : HOLDING_STATUSES)
    .where("b.starts_at", "<", range.to)
    .where("b.ends_at", ">", range.from);
  const exclude = options.excludeBookings ?? [];
  if (exclude.length > 0) bookings = bookings.where("b.id", "not in", exclude);

  const [bookingRows, sessionRows] = await Promise.all([
    bookings.execute(),
    db
      .selectFrom("occurrences as o")
      .innerJoin("activities as a", "a.id", "o.activity_id")
      .select((eb) => [
        "o.id",
        "o.starts_at",
        "o.ends_at",
        "a.title",
        "a.slug as activity_slug",
        "a.status as activity_status",
        "a.partner_id",
        eb.fn.coalesce("o.room_id", "a.room_id").as("room_id"),
      ])
      .where("o.status", "=", "scheduled")
      .where("a.status", "in", options.publicOnly ? ["published"] : ROOM_HOLDING_ACTIVITIES)
      .where((eb) => eb(eb.fn.coalesce("o.room_id", "a.room_id"), "in", roomIds))
      .where("o.starts_at", "<", range.to)
      // No session lasts longer than a week (the import's cap), so the index range can start
      // a week before the window instead of at the beginning of time.
      .where("o.starts_at", ">", toInstantString(new Date(Date.parse(range.from) - 7 * 86_400_000)))
      .where("o.ends_at", ">", range.from)
      .execute(),
  ]);

  const items: RoomItem[] = [
    ...bookingRows.map((row) => ({
      kind: "booking" as const,
      id: row.id,
      room_id: row.room_id,
      starts_at: row.starts_at,
      ends_at: row.ends_at,
      status: row.status === "approved" ? ("approved" as const) : ("pending" as const),
      partner_id: row.partner_id,
      partner_name: row.partner_name,
      purpose: row.purpose,
      title: null,
      activity_slug: null,
      activity_status: null,
    })),
    ...sessionRows.flatMap((row) =>
      row.room_id === null
        ? []
        : [
            {
              kind: "session" as const,
              id: row.id,
              room_id: row.room_id,
              starts_at: row.starts_at,
              ends_at: row.ends_at,
              status: null,
              partner_id: row.partner_id,
              partner_name: null,
              purpose: null,
              title: row.title,
              activity_slug: row.activity_slug,
              activity_status: row.activity_status,
            },
          ],
    ),
  ];
  return items.sort((a, b) => a.starts_at.localeCompare(b.starts_at) || a.id - b.id);
}

function isMine(item: RoomItem, viewer: Viewer): boolean {
  return viewer.kind === "partner" && item.partner_id === viewer.partnerId;
}

/**
 * What the viewer may be told about an item. A booking's purpose stays between staff and its
 * partner; a session's title is public once its activity is published.
 */
function labelFor(item: RoomItem, viewer: Viewer): string | null {
  if (item.kind === "booking") {
    if (viewer.kind === "staff") {
      return item.partner_name ? `${item.partner_name}: ${item.purpose}` : item.purpose;
    }
    return isMine(item, viewer) ? item.purpose : null;
  }
  if (viewer.kind === "staff" || item.activity_status === "published" || isMine(item, viewer)) {
    return item.title;
  }
  return null;
}

function asRoomUse(item: RoomItem, viewer: Viewer): RoomUse {
  return {
    kind: item.kind,
    startsAt: fromInstantString(item.starts_at),
    endsAt: fromInstantString(item.ends_at),
    label: labelFor(item, viewer),
  };
}

type BookableRoom = {
  id: number;
  name: string;
  place_id: number;
  place_name: string;
  buffer_minutes: number;
};

async function bookableRoom(db: Trx, roomId: number): Promise<BookableRoom | undefined> {
  return db
    .selectFrom("rooms as r")
    .innerJoin("places as p", "p.id", "r.place_id")
    .select(["r.id", "r.name", "r.place_id", "p.name as place_name", "r.buffer_minutes"])
    .where("r.id", "=", roomId)
    .executeTakeFirst();
}

/** Everything in the way of `slots` in `room`, as the viewer may be told about it. */
async function conflictsFor(
  db: Trx,
  room: BookableRoom,
  slots: Span[],
  viewer: Viewer,
  excludeBookings: number[] = [],
): Promise<Conflict[]> {
  const buffer = room.buffer_minutes * MS_PER_MINUTE;
  const from = Math.min(...slots.map((slot) => slot.startsAt.getTime())) - buffer;
  const to = Math.max(...slots.map((slot) => slot.endsAt.getTime())) + buffer;
  const [items, hours] = await Promise.all([
    roomItems(
      db,
      [room.id],
      { from: toInstantString(new Date(from)), to: toInstantString(new Date(to)) },
      { excludeBookings },
    ),
    db
      .selectFrom("place_hours")
      .select(["weekday", "opens", "closes"])
      .where("place_id", "=", room.place_id)
      .execute(),
  ]);
  return findConflicts(
    slots,
    items.map((item) => asRoomUse(item, viewer)),
    hours,
    room.buffer_minutes,
  );
}

/** "tis 9 dec 14:00–16:00", and how many more dates, for audit lines and mail subjects. */
function describeSpans(spans: { starts_at: string; ends_at: string }[]): string {
  const first = spans[0];
  if (!first) return "";
  const when = formatSession("sv", first.starts_at, first.ends_at);
  return spans.length > 1 ? `${when} och ${spans.length - 1} datum till` : when;
}

// ---------------------------------------------------------------------------------------------
// Requests and decisions.

export type BookingRequest = {
  roomId: number;
  /** The partner the room is for; null for staff's own use. */
  partnerId: number | null;
  userId: number;
  /** Staff bookings need no approval, also when made for a partner. */
  byStaff: boolean;
  purpose: string;
  /** One span, or the dates of a repeated request: stored all together or not at all. */
  slots: Span[];
};

export type RequestResult =
  | { ok: true; ids: number[]; status: "pending" | "approved" }
  | { ok: false; reason: "notFound" | "noPartner" | "forbidden" | "past" }
  | { ok: false; reason: "conflict"; conflicts: Conflict[] };

/**
 * Asks for a room. The conflict check and the insert run under SQLite's write lock, so of two
 * requests racing for one slot exactly one gets it and the other is told what it clashes with.
 * Staff bookings and those of trusted partners are approved at once; others wait for staff.
 */
export async function requestBooking(
  db: DB,
  request: BookingRequest,
  now: Date,
): Promise<RequestResult> {
  if (request.slots.length === 0) throw new RangeError("A booking needs at least one slot");
  if (request.slots.some((slot) => slot.endsAt.getTime() <= slot.startsAt.getTime())) {
    throw new RangeError("A slot must end after it starts");
  }
  if (request.slots.some((slot) => slot.startsAt.getTime() <= now.getTime())) {
    return { ok: false, reason: "past" };
  }
  const stamp = toInstantString(now);
  return writeTransaction(db, async (trx): Promise<RequestResult> => {
    const room = await bookableRoom(trx, request.roomId);
    if (!room) return { ok: false, reason: "notFound" };
    let partner: { name: string; trusted: number } | undefined;
    if (request.partnerId !== null) {
      partner = await trx
        .selectFrom("partners")
        .select(["name", "trusted"])
        .where("id", "=", request.partnerId)
        .executeTakeFirst();
      if (!partner) return { ok: false, reason: "noPartner" };
      if (!request.byStaff) {
        const worksThere = await trx
          .selectFrom("partner_places")
          .select("place_id")
          .where("partner_id", "=", request.partnerId)
          .where("place_id", "=", room.place_id)
          .executeTakeFirst();
        if (!worksThere) return { ok: false, reason: "forbidden" };
      }
    }
    const viewer: Viewer =
      request.byStaff || request.partnerId === null
        ? { kind: "staff" }
        : { kind: "partner", partnerId: request.partnerId };
    const conflicts = await conflictsFor(trx, room, request.slots, viewer);
    if (conflicts.length > 0) return { ok: false, reason: "conflict", conflicts };

    const approved = request.byStaff || partner?.trusted === 1;
    const status = approved ? "approved" : "pending";
    const seriesId = request.slots.length > 1 ? randomUUID() : null;
    const spans = [...request.slots]
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
      .map((slot) => ({
        starts_at: toInstantString(slot.startsAt),
        ends_at: toInstantString(slot.endsAt),
      }));
    const rows = await trx
      .insertInto("bookings")
      .values(
        spans.map((span) => ({
          room_id: room.id,
          partner_id: request.partnerId,
          requested_by: request.userId,
          purpose: request.purpose,
          starts_at: span.starts_at,
          ends_at: span.ends_at,
          status,
          decline_reason: null,
          series_id: seriesId,
          created_at: stamp,
          updated_at: stamp,
          // A trusted partner's booking is approved by the rule, not by a person.
          decided_by: request.byStaff ? request.userId : null,
          decided_at: approved ? stamp : null,
        })),
      )
      .returning("id")
      .execute();
    const ids = rows.map((row) => row.id).sort((a, b) => a - b);
    await audit(
      trx,
      request.userId,
      "create",
      "booking",
      ids[0] ?? null,
      `Bokade ${room.name} på ${room.place_name} för ${partner?.name ?? "personalen"}, ` +
        `${describeSpans(spans)}: ${approved ? "godkänd direkt" : "väntar på godkännande"}`,
      now,
    );
    return { ok: true, ids, status };
  });
}

type BookingMailKind = "approved" | "declined" | "cancelled";

const MAIL_SUBJECT = {
  approved: "bookings.mail.approved.subject",
  declined: "bookings.mail.declined.subject",
  cancelled: "bookings.mail.cancelled.subject",
} as const;
const MAIL_BODY = {
  approved: "bookings.mail.approved.body",
  declined: "bookings.mail.declined.body",
  cancelled: "bookings.mail.cancelled.body",
} as const;

/**
 * Tells every user of the partner, in Swedish, what became of their booking. Written to the
 * outbox in the caller's transaction; the caller kicks the mail worker after commit.
 */
async function mailPartner(
  trx: Trx,
  partnerId: number,
  kind: BookingMailKind,
  about: {
    room: string;
    place: string;
    purpose: string;
    spans: { starts_at: string; ends_at: string }[];
    reason: string | null;
  },
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
  const first = about.spans[0];
  if (!first) return 0;
  const firstWhen = formatSession("sv", first.starts_at, first.ends_at);
  const when = about.spans.length > 1 ? t("bookings.mail.more", { when: firstWhen }) : firstWhen;
  const dates = about.spans.map((span) => `- ${formatSession("sv", span.starts_at, span.ends_at)}`);
  for (const user of users) {
    const paragraphs = [
      t("mail.greeting", { name: user.name }),
      t(MAIL_BODY[kind], { room: about.room, place: about.place }),
      [t("bookings.mail.dates"), ...dates].join("\n"),
      t("bookings.mail.purpose", { purpose: about.purpose }),
      about.reason ? t("mail.reason", { reason: about.reason }) : null,
      t("bookings.mail.link", { link: `${env.PUBLIC_URL}/partner/bookings` }),
      t("mail.signoff"),
    ];
    await enqueueMail(
      trx,
      {
        kind: `booking-${kind}`,
        to: user.email,
        locale: "sv",
        subject: t(MAIL_SUBJECT[kind], { room: about.room, when }),
        text: paragraphs.filter((paragraph) => paragraph !== null).join("\n\n"),
      },
      now,
    );
  }
  return users.length;
}

async function bookingWithRoom(db: Trx, bookingId: number) {
  return db
    .selectFrom("bookings as b")
    .innerJoin("rooms as r", "r.id", "b.room_id")
    .innerJoin("places as p", "p.id", "r.place_id")
    .leftJoin("partners as pa", "pa.id", "b.partner_id")
    .select([
      "b.id",
      "b.room_id",
      "b.partner_id",
      "b.purpose",
      "b.status",
      "b.series_id",
      "b.starts_at",
      "b.ends_at",
      "r.name as room_name",
      "r.place_id",
      "r.buffer_minutes",
      "p.name as place_name",
      "pa.name as partner_name",
    ])
    .where("b.id", "=", bookingId)
    .executeTakeFirst();
}

export type Decision = {
  bookingId: number;
  approve: boolean;
  /** Required to decline; sent to the partner. */
  reason: string;
  userId: number;
};

export type DecisionResult =
  | { ok: true; ids: number[]; mailed: number }
  | { ok: false; reason: "notFound" | "notPending" }
  | { ok: false; reason: "conflict"; conflicts: Conflict[] };

/**
 * Staff approve or decline a waiting request: the booking, or every waiting date of its series,
 * since the partner asked for them together. Approval checks the room again (a session may have
 * been placed there meanwhile). The partner's users are mailed either way.
 */
export async function decideBooking(
  db: DB,
  decision: Decision,
  now: Date,
): Promise<DecisionResult> {
  const reason = decision.reason.trim();
  if (!decision.approve && reason === "") throw new RangeError("Declining needs a reason");
  const stamp = toInstantString(now);
  return writeTransaction(db, async (trx): Promise<DecisionResult> => {
    const booking = await bookingWithRoom(trx, decision.bookingId);
    if (!booking) return { ok: false, reason: "notFound" };
    let waiting = trx
      .selectFrom("bookings")
      .select(["id", "starts_at", "ends_at"])
      .where("status", "=", "pending");
    waiting =
      booking.series_id === null
        ? waiting.where("id", "=", booking.id)
        : waiting.where("series_id", "=", booking.series_id);
    const rows = await waiting.orderBy("starts_at").execute();
    if (rows.length === 0) return { ok: false, reason: "notPending" };
    const ids = rows.map((row) => row.id);

    if (decision.approve) {
      const room = {
        id: booking.room_id,
        name: booking.room_name,
        place_id: booking.place_id,
        place_name: booking.place_name,
        buffer_minutes: booking.buffer_minutes,
      };
      const slots = rows.map((row) => ({
        startsAt: fromInstantString(row.starts_at),
        endsAt: fromInstantString(row.ends_at),
      }));
      const conflicts = await conflictsFor(trx, room, slots, { kind: "staff" }, ids);
      if (conflicts.length > 0) return { ok: false, reason: "conflict", conflicts };
    }

    await trx
      .updateTable("bookings")
      .set({
        status: decision.approve ? "approved" : "declined",
        decline_reason: decision.approve ? null : reason,
        decided_by: decision.userId,
        decided_at: stamp,
        updated_at: stamp,
      })
      .where("id", "in", ids)
      .execute();
    const mailed =
      booking.partner_id === null
        ? 0
        : await mailPartner(
            trx,
            booking.partner_id,
            decision.approve ? "approved" : "declined",
            {
              room: booking.room_name,
              place: booking.place_name,
              purpose: booking.purpose,
              spans: rows,
              reason: decision.approve ? null : reason,
            },
            now,
          );
    await audit(
      trx,
      decision.userId,
      decision.approve ? "approve" : "decline",
      "booking",
      booking.id,
      `${decision.approve ? "Godkände" : "Nekade"} bokningen av ${booking.room_name} på ` +
        `${booking.place_name} för ${booking.partner_name ?? "personalen"}, ${describeSpans(rows)}` +
        (decision.approve ? "" : `: ${reason}`),
      now,
    );
    return { ok: true, ids, mailed };
  });
}

export type Cancellation = {
  bookingId: number;
  userId: number;
  /** The partner cancelling its own booking; null when staff cancel. */
  partnerId: number | null;
  /** Every coming date of the booking's series, not only this one. */
  wholeSeries: boolean;
};

export type CancelResult =
  { ok: true; ids: number[]; mailed: number } | { ok: false; reason: "notFound" | "notActive" };

/**
 * Cancels a booking that is waiting or approved and not over. A partner reaches only its own
 * bookings (anything else is "notFound", so ids of others reveal nothing); when staff cancel a
 * partner's booking the partner is mailed.
 */
export async function cancelBooking(
  db: DB,
  cancellation: Cancellation,
  now: Date,
): Promise<CancelResult> {
  const stamp = toInstantString(now);
  return writeTransaction(db, async (trx): Promise<CancelResult> => {
    const booking = await bookingWithRoom(trx, cancellation.bookingId);
    if (
      !booking ||
      (cancellation.partnerId !== null && booking.partner_id !== cancellation.partnerId)
    ) {
      return { ok: false, reason: "notFound" };
    }
    let active = trx
      .selectFrom("bookings")
      .select(["id", "starts_at", "ends_at"])
      .where("status", "in", HOLDING_STATUSES)
      .where("ends_at", ">", stamp);
    active =
      cancellation.wholeSeries && booking.series_id !== null
        ? active.where("series_id", "=", booking.series_id)
        : active.where("id", "=", booking.id);
    const rows = await active.orderBy("starts_at").execute();
    if (rows.length === 0) return { ok: false, reason: "notActive" };
    const ids = rows.map((row) => row.id);
    await trx
      .updateTable("bookings")
      .set({ status: "cancelled", updated_at: stamp })
      .where("id", "in", ids)
      .execute();
    const mailed =
      cancellation.partnerId === null && booking.partner_id !== null
        ? await mailPartner(
            trx,
            booking.partner_id,
            "cancelled",
            {
              room: booking.room_name,
              place: booking.place_name,
              purpose: booking.purpose,
              spans: rows,
              reason: null,
            },
            now,
          )
        : 0;
    await audit(
      trx,
      cancellation.userId,
      "cancel",
      "booking",
      booking.id,
      `Avbokade ${booking.room_name} på ${booking.place_name} för ` +
        `${booking.partner_name ?? "personalen"}, ${describeSpans(rows)}`,
      now,
    );
    return { ok: true, ids, mailed };
  });
}

// ---------------------------------------------------------------------------------------------
// Lists and week views.

/** Rooms the viewer may book and look at: all for staff, those at the partner's places for a partner. */
export async function listRooms(db: DB, viewer: Viewer) {
  let query = db
    .selectFrom("rooms as r")
    .innerJoin("places as p", "p.id", "r.place_id")
    .select([
      "r.id",
      "r.name",
      "r.capacity",
      "r.buffer_minutes",
      "p.id as place_id",
      "p.name as place_name",
      "p.slug as place_slug",
    ]);
  if (viewer.kind === "partner") {
    query = query.where("p.id", "in", (eb) =>
      eb.selectFrom("partner_places").select("place_id").where("partner_id", "=", viewer.partnerId),
    );
  }
  return query.orderBy("p.name").orderBy("r.capacity", "desc").orderBy("r.name").execute();
}

/** One room with its place's opening hours, or undefined when the viewer may not see it. */
export async function getRoom(db: DB, roomId: number, viewer: Viewer) {
  const room = (await listRooms(db, viewer)).find((candidate) => candidate.id === roomId);
  if (!room) return undefined;
  const hours = await db
    .selectFrom("place_hours")
    .select(["weekday", "opens", "closes"])
    .where("place_id", "=", room.place_id)
    .orderBy("weekday")
    .orderBy("opens")
    .execute();
  return { ...room, hours };
}

/** Bookings and sessions of one room in a week, each labelled as far as the viewer may know. */
export async function roomWeek(
  db: DB,
  roomId: number,
  week: { from: string; to: string },
  viewer: Viewer,
): Promise<RoomWeekItem[]> {
  const items = await roomItems(db, [roomId], week);
  return items
    .filter((item) => item.starts_at >= week.from)
    .map((item) => ({
      key: `${item.kind}-${item.id}`,
      kind: item.kind,
      starts_at: item.starts_at,
      ends_at: item.ends_at,
      label: labelFor(item, viewer),
      status: item.status,
      mine: isMine(item, viewer),
      href:
        item.kind === "session" && item.activity_status === "published"
          ? `/activities/${item.activity_slug}/${item.id}`
          : null,
    }));
}

/**
 * When each room of a place is taken in a week, for the public page: sessions of published
 * activities by title, approved bookings without a word about who or why.
 */
export async function publicRoomUse(
  db: DB,
  placeId: number,
  week: { from: string; to: string },
): Promise<PublicRoomUse> {
  const rooms = await db
    .selectFrom("rooms")
    .select(["id", "name"])
    .where("place_id", "=", placeId)
    .orderBy("capacity", "desc")
    .orderBy("name")
    .execute();
  const items = await roomItems(
    db,
    rooms.map((room) => room.id),
    week,
    { publicOnly: true },
  );
  return {
    rooms: rooms.map((room) => ({
      id: room.id,
      name: room.name,
      uses: items
        .filter((item) => item.room_id === room.id && item.starts_at >= week.from)
        .map((item) => ({
          key: `${item.kind}-${item.id}`,
          starts_at: item.starts_at,
          ends_at: item.ends_at,
          title: labelFor(item, { kind: "public" }),
        })),
    })),
  };
}

const bookingColumns = [
  "b.id",
  "b.starts_at",
  "b.ends_at",
  "b.status",
  "b.purpose",
  "b.decline_reason",
  "b.series_id",
  "b.room_id",
  "r.name as room_name",
  "p.name as place_name",
] as const;

/** A partner's bookings that end after `since`, in time order. */
export async function listPartnerBookings(db: DB, partnerId: number, since: Date) {
  return db
    .selectFrom("bookings as b")
    .innerJoin("rooms as r", "r.id", "b.room_id")
    .innerJoin("places as p", "p.id", "r.place_id")
    .select(bookingColumns)
    .where("b.partner_id", "=", partnerId)
    .where("b.ends_at", ">", toInstantString(since))
    .orderBy("b.starts_at")
    .orderBy("b.id")
    .limit(500)
    .execute();
}

/** Waiting requests, oldest first; a series is one request with all its dates. */
export async function listPendingRequests(db: DB) {
  const rows = await db
    .selectFrom("bookings as b")
    .innerJoin("rooms as r", "r.id", "b.room_id")
    .innerJoin("places as p", "p.id", "r.place_id")
    .leftJoin("partners as pa", "pa.id", "b.partner_id")
    .leftJoin("users as u", "u.id", "b.requested_by")
    .select([...bookingColumns, "b.created_at", "pa.name as partner_name", "u.name as user_name"])
    .where("b.status", "=", "pending")
    .orderBy("b.created_at")
    .orderBy("b.starts_at")
    .orderBy("b.id")
    .execute();
  const requests = new Map<string, (typeof rows)[number] & { dates: typeof rows }>();
  for (const row of rows) {
    const key = row.series_id ?? `booking-${row.id}`;
    const request = requests.get(key);
    if (request) request.dates.push(row);
    else requests.set(key, { ...row, dates: [row] });
  }
  return [...requests.values()].map(({ dates, ...first }) => ({
    ...first,
    dates: dates.map((date) => ({ id: date.id, starts_at: date.starts_at, ends_at: date.ends_at })),
  }));
}

/** Waiting and approved bookings starting in [from, to), every room, in time order. */
export async function listBookingsBetween(db: DB, from: string, to: string) {
  return db
    .selectFrom("bookings as b")
    .innerJoin("rooms as r", "r.id", "b.room_id")
    .innerJoin("places as p", "p.id", "r.place_id")
    .leftJoin("partners as pa", "pa.id", "b.partner_id")
    .select([...bookingColumns, "pa.name as partner_name"])
    .where("b.status", "in", HOLDING_STATUSES)
    .where("b.starts_at", ">=", from)
    .where("b.starts_at", "<", to)
    .orderBy("b.starts_at")
    .orderBy("b.id")
    .limit(500)
    .execute();
}

export async function listPartners(db: DB) {
  return db.selectFrom("partners").select(["id", "name"]).orderBy("name").execute();
}
