import {
  addDays,
  addWeeks,
  formatIsoWeek,
  isoWeekMonday,
  isoWeekOf,
  parseIsoWeek,
  todayIn,
  toInstantString,
  zonedToUtc,
  type IsoWeek,
  type LocalDate,
} from "~/domain/time";

export type WeekWindow = {
  week: IsoWeek;
  param: string;
  days: LocalDate[];
  today: LocalDate;
  isCurrent: boolean;
  previous: string;
  next: string;
  /** Instants bounding the week in Stockholm time, as stored in the database. */
  from: string;
  to: string;
};

/** The week a page shows: `?week=2026-W49`, or the current one. Garbage is a 400. */
export function weekFromUrl(url: URL, now: Date): WeekWindow {
  const today = todayIn(now);
  const asked = url.searchParams.get("week");
  const week = asked ? parseIsoWeek(asked) : isoWeekOf(today);
  // Years outside 1000–9998 have neighbouring weeks that cannot be written as YYYY-Www.
  if (!week || week.year < 1000 || week.year > 9998) {
    throw new Response("Invalid week", { status: 400 });
  }
  const monday = isoWeekMonday(week);
  const days = Array.from({ length: 7 }, (_, index) => addDays(monday, index));
  return {
    week,
    param: formatIsoWeek(week),
    days,
    today,
    isCurrent: days.includes(today),
    previous: formatIsoWeek(addWeeks(week, -1)),
    next: formatIsoWeek(addWeeks(week, 1)),
    from: toInstantString(zonedToUtc(monday, "00:00")),
    to: toInstantString(zonedToUtc(addDays(monday, 7), "00:00")),
  };
}

/** The same page and filters, another week. */
export function weekHref(search: string, week: string | null): string {
  const params = new URLSearchParams(search);
  if (week) params.set("week", week);
  else params.delete("week");
  const query = params.toString();
  return query ? `?${query}` : "?";
}
