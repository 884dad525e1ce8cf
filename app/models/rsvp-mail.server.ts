import type { Kysely } from "kysely";
import type { Database } from "#db/schema";
import { toInstantString } from "~/domain/time";
import { formatSession } from "~/i18n/format";
import { isLocale, translator, type Locale } from "~/i18n/i18n";
import type { NewMail } from "~/models/outbox.server";
import { env } from "~/utils/env.server";
import { buildCalendar, type IcsSession } from "~/utils/ics.server";
import { manageToken } from "~/utils/tokens.server";

export type MailKind = "confirmed" | "waitlisted" | "promoted" | "cancelled" | "moved" | "reminder";

type Extra = {
  occurrenceId?: number;
  reason?: string;
  fromStartsAt?: string;
  fromEndsAt?: string;
};

/** The UID a session has in every calendar file we make, mail attachments and feeds alike. */
export function sessionUid(occurrenceId: number): string {
  return `occurrence-${occurrenceId}@traffpunkt`;
}

/**
 * The mail about one sign-up, in the sign-up's language, or null when there is no address to
 * send it to (the resident kept the manage link from the screen instead).
 */
export async function rsvpMail(
  db: Kysely<Database>,
  rsvpId: number,
  kind: MailKind,
  now: Date,
  extra: Extra = {},
): Promise<NewMail | null> {
  const rsvp = await db
    .selectFrom("rsvps as r")
    .innerJoin("activities as a", "a.id", "r.activity_id")
    .innerJoin("areas as ar", "ar.id", "a.area_id")
    .leftJoin("places as p", "p.id", "a.place_id")
    .leftJoin("rooms as rm", "rm.id", "a.room_id")
    .select([
      "r.email",
      "r.name",
      "r.locale",
      "r.party_size",
      "r.token_nonce",
      "r.occurrence_id",
      "r.activity_id",
      "a.slug",
      "a.title",
      "a.summary",
      "a.category",
      "p.name as place_name",
      "p.street_address",
      "rm.name as room_name",
      "a.location_name",
      "a.location_address",
      "ar.name as area_name",
    ])
    .where("r.id", "=", rsvpId)
    .executeTakeFirstOrThrow();
  if (!rsvp.email) return null;

  const locale: Locale = isLocale(rsvp.locale) ? rsvp.locale : "sv";
  const t = translator(locale);
  const sessions = await db
    .selectFrom("occurrences")
    .select(["id", "starts_at", "ends_at", "status", "sequence", "updated_at"])
    .where("activity_id", "=", rsvp.activity_id)
    .$call((query) => {
      const only = extra.occurrenceId ?? rsvp.occurrence_id;
      return only === null
        ? query.where("ends_at", ">", toInstantString(now))
        : query.where("id", "=", only);
    })
    .orderBy("starts_at")
    .execute();
  const first = sessions.find((session) => session.status === "scheduled") ?? sessions[0];
  if (!first) return null;

  const when = formatSession(locale, first.starts_at, first.ends_at);
  const where = rsvp.place_name
    ? [rsvp.place_name, rsvp.room_name, rsvp.street_address].filter(Boolean).join(", ")
    : [rsvp.location_name, rsvp.location_address ?? rsvp.area_name].filter(Boolean).join(", ");
  const link = `${env.PUBLIC_URL}/rsvp/${manageToken(rsvp.token_nonce)}`;
  const params = { title: rsvp.title, when, position: await position(db, rsvpId) };
  const course = rsvp.occurrence_id === null && extra.occurrenceId === undefined;

  const subject = {
    confirmed: t("mail.confirmed.subject", params),
    waitlisted: t("mail.waitlisted.subject", params),
    promoted: t("mail.promoted.subject", params),
    cancelled: t("mail.cancelled.subject", params),
    moved: t("mail.moved.subject", params),
    reminder: t("mail.reminder.subject", params),
  }[kind];
  const body = {
    confirmed: course ? t("mail.confirmedCourse.body", params) : t("mail.confirmed.body", params),
    waitlisted: t("mail.waitlisted.body", params),
    promoted: t("mail.promoted.body", params),
    cancelled: t("mail.cancelled.body", params),
    moved: t("mail.moved.body", {
      ...params,
      from:
        extra.fromStartsAt && extra.fromEndsAt
          ? formatSession(locale, extra.fromStartsAt, extra.fromEndsAt)
          : "",
    }),
    reminder: t("mail.reminder.body", params),
  }[kind];

  const paragraphs = [
    t("mail.greeting", { name: rsvp.name }),
    body,
    extra.reason ? t("mail.reason", { reason: extra.reason }) : null,
    kind === "cancelled" ? null : t("mail.where", { where }),
    kind === "cancelled" ? null : t("mail.party", { count: rsvp.party_size }),
    t("mail.manage", { link }),
    t("mail.signoff"),
  ].filter((paragraph): paragraph is string => paragraph !== null);

  const withCalendar = kind !== "waitlisted";
  const ics = withCalendar
    ? buildCalendar({
        name: rsvp.title,
        now,
        sessions: sessions.map((session): IcsSession => ({
          uid: sessionUid(session.id),
          sequence: session.sequence,
          title: rsvp.title,
          description: rsvp.summary,
          location: where,
          url: `${env.PUBLIC_URL}/activities/${rsvp.slug}/${session.id}`,
          startsAt: session.starts_at,
          endsAt: session.ends_at,
          cancelled: session.status === "cancelled",
          categories: [t(`category.${rsvp.category}`)],
          updatedAt: session.updated_at,
        })),
      })
    : null;
  if (withCalendar) paragraphs.splice(paragraphs.length - 2, 0, t("mail.calendar"));

  return {
    kind: `rsvp-${kind}`,
    rsvpId,
    to: rsvp.email,
    locale,
    subject,
    text: paragraphs.join("\n\n"),
    html: paragraphs
      .map((paragraph) => {
        const escaped = escapeHtml(paragraph).replace(/\n/g, "<br>");
        return `<p>${escaped.replace(escapeHtml(link), `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`)}</p>`;
      })
      .join("\n"),
    ics,
  };
}

async function position(db: Kysely<Database>, rsvpId: number): Promise<number> {
  const rsvp = await db
    .selectFrom("rsvps")
    .select(["activity_id", "occurrence_id", "status"])
    .where("id", "=", rsvpId)
    .executeTakeFirstOrThrow();
  if (rsvp.status !== "waitlisted") return 0;
  const ahead = await db
    .selectFrom("rsvps")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("activity_id", "=", rsvp.activity_id)
    .where((eb) =>
      rsvp.occurrence_id === null
        ? eb("occurrence_id", "is", null)
        : eb("occurrence_id", "=", rsvp.occurrence_id),
    )
    .where("status", "=", "waitlisted")
    .where("id", "<=", rsvpId)
    .executeTakeFirstOrThrow();
  return Number(ahead.n);
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
