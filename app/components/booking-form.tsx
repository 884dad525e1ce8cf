import { Form } from "@remix-run/react";
import { describeConflict, type Conflict } from "~/domain/booking";
import { formatDate } from "~/i18n/format";
import { messageList } from "~/i18n/i18n";
import { useI18n } from "~/i18n/use-i18n";
import type { BookingFailure } from "~/utils/booking-form.server";
import type { FormValues } from "~/utils/staff-form.server";
import { ErrorText, SelectField, TextAreaField, TextField } from "./staff-form";

type RoomOption = { id: number; name: string; place_name: string };

/**
 * The conflicts of a refused request, one line per date, so a repeated request shows exactly
 * which dates clash and with what.
 */
export function ConflictList({
  id,
  conflicts,
  heading,
}: {
  id: string;
  conflicts: Conflict[];
  heading: string;
}) {
  const { locale, t } = useI18n();
  const byDate = new Map<string, string[]>();
  for (const conflict of conflicts) {
    const { key, params } = describeConflict(conflict);
    const lines = byDate.get(conflict.date) ?? [];
    lines.push(t(key, params));
    byDate.set(conflict.date, lines);
  }
  return (
    <div className="error-summary booking-conflicts" role="alert" id={id}>
      <p>{heading}</p>
      <ul>
        {[...byDate.entries()].map(([date, lines]) => (
          <li key={date}>
            <strong>
              <time dateTime={date}>{formatDate(locale, date, { year: true })}</time>
            </strong>
            : {lines.join(" ")}
          </li>
        ))}
      </ul>
    </div>
  );
}

function text(values: FormValues | undefined, name: string, fallback = ""): string {
  const value = values?.[name];
  return typeof value === "string" ? value : fallback;
}

/**
 * Room, day, time and purpose, with an optional weekly repeat. Plain form: works without
 * JavaScript. `fixedRoomId` books one room (the room's own page); `partners` lets staff book for
 * a partner.
 */
export function BookingForm({
  rooms,
  fixedRoomId,
  partners,
  failure,
  defaults = {},
  intent,
  purposeHint,
  submitLabel,
}: {
  rooms: RoomOption[];
  fixedRoomId?: number;
  partners?: { id: number; name: string }[];
  failure: BookingFailure | undefined;
  defaults?: { roomId?: string; date?: string };
  intent?: string;
  purposeHint: string;
  submitLabel: string;
}) {
  const { locale, t } = useI18n();
  const failed = failure && (intent === undefined || failure.intent === intent) ? failure : null;
  const values = failed?.values;
  const errors = failed?.errors ?? {};
  const conflicts = failed?.conflicts ?? null;
  const dayNames = messageList(locale, "days.long");
  const ticked = new Set(Array.isArray(values?.weekdays) ? values.weekdays : []);
  const repeat = values?.repeat !== undefined;
  const places = [...new Set(rooms.map((room) => room.place_name))];
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Form method="post" className="form booking-form">
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      {hasErrors ? (
        <div className="error-summary" role="alert">
          <p>{t("bookings.errorSummary")}</p>
        </div>
      ) : null}
      {fixedRoomId !== undefined ? (
        <input type="hidden" name="roomId" value={fixedRoomId} />
      ) : (
        <SelectField
          id="booking-room"
          name="roomId"
          label={t("bookings.field.room")}
          error={errors.roomId}
          defaultValue={text(values, "roomId", defaults.roomId)}
          required
        >
          {places.map((place) => (
            <optgroup key={place} label={place}>
              {rooms
                .filter((room) => room.place_name === place)
                .map((room) => (
                  <option key={room.id} value={room.id}>
                    {room.name}, {room.place_name}
                  </option>
                ))}
            </optgroup>
          ))}
        </SelectField>
      )}
      {partners ? (
        <SelectField
          id="booking-partner"
          name="partnerId"
          label={t("bookings.field.partner")}
          error={errors.partnerId}
          defaultValue={text(values, "partnerId")}
        >
          <option value="">{t("bookings.noPartner")}</option>
          {partners.map((partner) => (
            <option key={partner.id} value={partner.id}>
              {partner.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      <TextField
        id="booking-date"
        name="date"
        type="date"
        label={t("bookings.field.date")}
        error={errors.date}
        defaultValue={text(values, "date", defaults.date)}
        required
        aria-errormessage={conflicts ? "booking-conflicts" : undefined}
      />
      <TextField
        id="booking-start"
        name="startTime"
        type="time"
        label={t("bookings.field.startTime")}
        error={errors.startTime}
        defaultValue={text(values, "startTime")}
        required
      />
      <TextField
        id="booking-end"
        name="endTime"
        type="time"
        label={t("bookings.field.endTime")}
        error={errors.endTime}
        defaultValue={text(values, "endTime")}
        required
      />
      {conflicts && conflicts.length > 0 ? (
        <ConflictList
          id="booking-conflicts"
          conflicts={conflicts}
          heading={repeat ? t("bookings.conflictsSeries") : t("bookings.conflicts")}
        />
      ) : null}
      <TextAreaField
        id="booking-purpose"
        name="purpose"
        label={t("bookings.field.purpose")}
        hint={purposeHint}
        error={errors.purpose}
        defaultValue={text(values, "purpose")}
        maxLength={500}
        rows={3}
        required
      />
      <fieldset className="party">
        <legend>{t("bookings.repeatLegend")}</legend>
        <div className="field checkbox">
          <input id="booking-repeat" type="checkbox" name="repeat" defaultChecked={repeat} />
          <label htmlFor="booking-repeat">{t("bookings.field.repeat")}</label>
        </div>
        <p className="hint">{t("bookings.hint.repeat")}</p>
        <fieldset
          className="party"
          aria-describedby={errors.weekdays ? "booking-weekdays-error" : undefined}
        >
          <legend>{t("bookings.field.weekdays")}</legend>
          {dayNames.map((dayName, index) => (
            <div className="field checkbox" key={dayName}>
              <input
                id={`booking-weekday-${index + 1}`}
                type="checkbox"
                name="weekdays"
                value={index + 1}
                defaultChecked={ticked.has(String(index + 1))}
              />
              <label htmlFor={`booking-weekday-${index + 1}`}>{dayName}</label>
            </div>
          ))}
          <ErrorText id="booking-weekdays-error" error={errors.weekdays} />
        </fieldset>
        <TextField
          id="booking-until"
          name="until"
          type="date"
          label={t("bookings.field.until")}
          error={errors.until}
          defaultValue={text(values, "until")}
        />
      </fieldset>
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  );
}
