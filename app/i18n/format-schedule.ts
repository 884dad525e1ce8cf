import type { Schedule } from "#db/schema";
import { formatDate, formatList } from "./format";
import { messageList, translator, type Locale } from "./i18n";

type ScheduleFields = Pick<
  Schedule,
  | "kind"
  | "interval_weeks"
  | "weekdays"
  | "nth"
  | "weekday"
  | "start_date"
  | "end_date"
  | "start_time"
  | "end_time"
>;

/** "Varje tisdag och torsdag, 14:00–16:00" and the like. */
export function describeSchedule(locale: Locale, schedule: ScheduleFields): string {
  const t = translator(locale);
  const dayNames = messageList(locale, "days.long");
  const times = { from: schedule.start_time, to: schedule.end_time };
  if (schedule.kind === "once") {
    return `${formatDate(locale, schedule.start_date, { style: "long", year: true })}, ${schedule.start_time}–${schedule.end_time}`;
  }
  if (schedule.kind === "monthly") {
    const nth = schedule.nth ?? 1;
    const nthKey =
      nth === 2
        ? "activity.nth.2"
        : nth === 3
          ? "activity.nth.3"
          : nth === 4
            ? "activity.nth.4"
            : nth === -1
              ? "activity.nth.-1"
              : "activity.nth.1";
    return t("activity.scheduleMonthly", {
      nth: t(nthKey),
      day: dayNames[(schedule.weekday ?? 1) - 1],
      ...times,
    });
  }
  const days = formatList(
    locale,
    (schedule.weekdays ?? "")
      .split(",")
      .filter(Boolean)
      .map((day) => dayNames[Number(day) - 1]),
  );
  const interval = schedule.interval_weeks ?? 1;
  return interval === 1
    ? t("activity.scheduleWeekly", { days, ...times })
    : t("activity.scheduleEveryN", { n: interval, days, ...times });
}

export function describePeriod(locale: Locale, schedule: ScheduleFields): string | null {
  if (schedule.kind === "once") return null;
  return translator(locale)("activity.period", {
    from: formatDate(locale, schedule.start_date, { style: "long", year: true }),
    to: formatDate(locale, schedule.end_date, { style: "long", year: true }),
  });
}
