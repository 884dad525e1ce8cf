import { isoWeekOf, isoWeekday, parseLocalDate, utcToZoned, type LocalDate } from "~/domain/time";
import { messageList, translator, type Locale } from "./i18n";

type InstantLike = Date | string;

function zoned(instant: InstantLike) {
  return utcToZoned(typeof instant === "string" ? new Date(instant) : instant);
}

/** "tis 9 dec" (short) or "tisdag 9 december" (long); the year only when asked for. */
export function formatDate(
  locale: Locale,
  date: LocalDate,
  options: { style?: "short" | "long"; year?: boolean } = {},
): string {
  const { year, month, day } = parseLocalDate(date);
  const long = options.style === "long";
  const weekday = messageList(locale, long ? "days.long" : "days.short")[isoWeekday(date) - 1];
  const monthName = messageList(locale, long ? "months.long" : "months.short")[month - 1];
  return `${weekday} ${day} ${monthName}${options.year ? ` ${year}` : ""}`;
}

/** "14:00–16:00" in Stockholm time. */
export function formatTimeRange(startsAt: InstantLike, endsAt: InstantLike): string {
  return `${zoned(startsAt).time}–${zoned(endsAt).time}`;
}

/** "tis 9 dec 14:00–16:00", the way a session is shown everywhere. */
export function formatSession(locale: Locale, startsAt: InstantLike, endsAt: InstantLike): string {
  const start = zoned(startsAt);
  const end = zoned(endsAt);
  if (start.date === end.date) {
    return `${formatDate(locale, start.date)} ${start.time}–${end.time}`;
  }
  return `${formatDate(locale, start.date)} ${start.time} – ${formatDate(locale, end.date)} ${end.time}`;
}

/** "v. 50" */
export function formatWeekNumber(locale: Locale, date: LocalDate): string {
  return translator(locale)("week.short", { week: isoWeekOf(date).week });
}

/**
 * The tag to give `Intl` when it formats numbers. Arabic keeps Latin digits (0–9), the digits of
 * our dates and times and of the notices at the meeting places, whatever the runtime's ICU
 * defaults to, so server and browser render the same (docs/decisions/005-arabic.md).
 */
export function numberLocale(locale: Locale): string {
  return locale === "ar" ? "ar-u-nu-latn" : locale;
}

export function formatNumber(
  locale: Locale,
  value: number,
  options: Intl.NumberFormatOptions = {},
): string {
  return new Intl.NumberFormat(numberLocale(locale), options).format(value);
}

const displayNames = new Map<Locale, Intl.DisplayNames>();

/** "Arabiska" for "ar" in Swedish; the code itself when the runtime does not know it. */
export function languageName(locale: Locale, code: string): string {
  let names = displayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: "language", fallback: "code" });
    displayNames.set(locale, names);
  }
  const name = names.of(code) ?? code;
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

export function formatList(locale: Locale, items: string[]): string {
  return new Intl.ListFormat(locale, { type: "conjunction" }).format(items);
}

export function zonedParts(instant: InstantLike) {
  return zoned(instant);
}
