import { data } from "@remix-run/node";
import { z } from "zod";
import type { Conflict, Span } from "~/domain/booking";
import {
  MAX_SESSIONS,
  clipEndDate,
  generateSessions,
  validateSchedule,
  type Schedule,
} from "~/domain/recurrence";
import { isValidLocalDate, isValidLocalTime, isoWeekday } from "~/domain/time";
import { sv, type MessageKey } from "~/i18n/sv";
import { fieldErrors, says, type FieldErrors, type FormValues } from "./staff-form.server";

export const PURPOSE_MAX = 500;
/** Form fields that carry several values (the weekday checkboxes). */
export const BOOKING_LIST_FIELDS = ["weekdays"] as const;

const trimmed = z
  .string()
  .optional()
  .transform((value) => (value ?? "").trim());

const localDate = trimmed.pipe(z.string().refine(isValidLocalDate, says("bookings.error.date")));
const localTime = trimmed.pipe(z.string().refine(isValidLocalTime, says("bookings.error.time")));

const bookingSchema = z.object({
  roomId: trimmed.pipe(
    z
      .string()
      .regex(/^[1-9]\d{0,8}$/, says("bookings.error.room"))
      .transform(Number),
  ),
  partnerId: trimmed.pipe(
    z
      .string()
      .regex(/^([1-9]\d{0,8})?$/, says("bookings.error.partner"))
      .transform((value) => (value === "" ? null : Number(value))),
  ),
  date: localDate,
  startTime: localTime,
  endTime: localTime,
  purpose: trimmed.pipe(
    z
      .string()
      .min(1, says("bookings.error.required"))
      .max(PURPOSE_MAX, says("bookings.error.tooLong")),
  ),
  // An unticked checkbox is not sent at all.
  repeat: z
    .string()
    .optional()
    .transform((value) => value !== undefined),
  weekdays: z
    .array(z.string())
    .optional()
    .transform((values) => values ?? [])
    .pipe(
      z.array(
        z
          .string()
          .regex(/^[1-7]$/, says("schedule.invalidWeekday"))
          .transform(Number),
      ),
    ),
  until: trimmed,
});

export type BookingInput = {
  roomId: number;
  partnerId: number | null;
  purpose: string;
  slots: Span[];
};

/** What a refused booking form sends back: messages beside fields, or what the time clashes with. */
export type BookingFailure = {
  /** Which form on the page was refused. */
  intent: string;
  /** The request a refused approve or decline was about. */
  bookingId: number | null;
  values: FormValues;
  errors: FieldErrors;
  conflicts: Conflict[] | null;
};

/** A 400 (bad input) or 409 (the room is taken) that re-renders the form with the input kept. */
export function refuseBooking(failure: BookingFailure, status: 400 | 409) {
  return data(failure, { status });
}

export type ParsedBooking = { ok: true; input: BookingInput } | { ok: false; errors: FieldErrors };

// The recurrence module names its fields after the schedule; the form has its own names.
const SCHEDULE_FIELD: Record<string, string> = {
  date: "date",
  startDate: "date",
  endDate: "until",
  startTime: "startTime",
  endTime: "endTime",
  weekdays: "weekdays",
};

function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(sv, key);
}

/**
 * A booking form as the spans it asks for: one date, or a weekly repeat up to a last date
 * (through the recurrence module, so DST and the 200-date limit work as for activities).
 * Every span must start after `now`.
 */
export function parseBookingForm(values: FormValues, now: Date): ParsedBooking {
  const parsed = bookingSchema.safeParse(values);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    // A bad checkbox value is reported at "weekdays.0"; the message belongs beside the group.
    for (const name of Object.keys(errors)) {
      if (name.startsWith("weekdays.")) {
        errors.weekdays ??= errors[name];
        delete errors[name];
      }
    }
    return { ok: false, errors };
  }
  const form = parsed.data;
  if (form.repeat && form.until === "") {
    return { ok: false, errors: { until: { key: "bookings.error.until" } } };
  }
  const schedule: Schedule = form.repeat
    ? {
        kind: "weekly",
        intervalWeeks: 1,
        // Nothing ticked means the weekday of the first date, which is what people expect.
        weekdays: form.weekdays.length > 0 ? form.weekdays : [isoWeekday(form.date)],
        startDate: form.date,
        endDate: form.until,
        startTime: form.startTime,
        endTime: form.endTime,
      }
    : { kind: "once", date: form.date, startTime: form.startTime, endTime: form.endTime };

  const scheduleErrors = validateSchedule(schedule);
  if (Object.keys(scheduleErrors).length > 0) {
    const errors: FieldErrors = {};
    for (const [field, key] of Object.entries(scheduleErrors)) {
      const name = SCHEDULE_FIELD[field] ?? "form";
      if (!errors[name] && isMessageKey(key)) errors[name] = { key };
    }
    return { ok: false, errors };
  }
  if (
    schedule.kind === "weekly" &&
    clipEndDate(schedule.startDate, schedule.endDate) < form.until
  ) {
    return {
      ok: false,
      errors: { until: { key: "bookings.error.tooMany", params: { max: MAX_SESSIONS } } },
    };
  }
  const sessions = generateSessions(schedule);
  if (sessions.length === 0) {
    return { ok: false, errors: { weekdays: { key: "bookings.error.noDates" } } };
  }
  // The generator stops at its limit without saying so; a request that reaches it asked for more.
  if (schedule.kind === "weekly" && sessions.length >= MAX_SESSIONS) {
    return {
      ok: false,
      errors: { until: { key: "bookings.error.tooMany", params: { max: MAX_SESSIONS } } },
    };
  }
  if (sessions.some((session) => session.startsAt.getTime() <= now.getTime())) {
    return { ok: false, errors: { date: { key: "bookings.error.past" } } };
  }
  return {
    ok: true,
    input: {
      roomId: form.roomId,
      partnerId: form.partnerId,
      purpose: form.purpose,
      slots: sessions.map((session) => ({ startsAt: session.startsAt, endsAt: session.endsAt })),
    },
  };
}
