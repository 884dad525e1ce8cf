import { Link } from "@remix-run/react";
import type { PublicRoomUse, RoomWeekItem } from "~/domain/booking";
import { formatDate, formatSession, formatTimeRange } from "~/i18n/format";
import { messageList } from "~/i18n/i18n";
import { useI18n } from "~/i18n/use-i18n";
import type { WeekWindow } from "~/utils/week";
import { groupByDay } from "./week-view";

/**
 * The public "when are the rooms taken" list of a place's week: activity sessions by title,
 * bookings only as "Bokad", never whose or why.
 */
export function RoomUse({ use }: { use: PublicRoomUse }) {
  const { locale, t } = useI18n();
  if (use.rooms.length === 0) return null;
  return (
    <section aria-labelledby="room-use-title" className="room-use">
      <h2 id="room-use-title">{t("roomUse.title")}</h2>
      <p className="hint">{t("roomUse.intro")}</p>
      {use.rooms.map((room) => (
        <section key={room.id} aria-labelledby={`room-use-${room.id}`}>
          <h3 id={`room-use-${room.id}`}>{room.name}</h3>
          {room.uses.length === 0 ? (
            <p className="muted">{t("roomUse.free")}</p>
          ) : (
            <ul className="date-list">
              {room.uses.map((span) => (
                <li key={span.key}>
                  <time dateTime={span.starts_at}>
                    {formatSession(locale, span.starts_at, span.ends_at)}
                  </time>{" "}
                  {span.title ?? t("roomUse.booked")}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </section>
  );
}

/** A place's opening hours, Monday to Sunday. */
export function OpeningHoursList({
  hours,
}: {
  hours: { weekday: number; opens: string; closes: string }[];
}) {
  const { locale, t } = useI18n();
  return (
    <dl className="hours">
      {messageList(locale, "days.long").map((dayName, index) => {
        const ranges = hours.filter((row) => row.weekday === index + 1);
        return (
          <div key={dayName}>
            <dt>{dayName}</dt>
            <dd>
              {ranges.length === 0
                ? t("places.closed")
                : ranges.map((range) => `${range.opens}–${range.closes}`).join(", ")}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

/**
 * One room's week, Monday to Sunday, for staff and partners: bookings and sessions. What the
 * reader may not know about shows only as "Upptaget".
 */
export function RoomWeekView({ week, items }: { week: WeekWindow; items: RoomWeekItem[] }) {
  const { locale, t } = useI18n();
  const byDay = groupByDay(week.days, items);
  return (
    <ol className="week" aria-labelledby="week-title">
      {week.days.map((day) => {
        const dayItems = byDay.get(day) ?? [];
        const isToday = day === week.today;
        return (
          <li
            key={day}
            className={isToday ? "day day--today" : "day"}
            aria-current={isToday ? "date" : undefined}
          >
            <h3 className="day__heading">
              <time dateTime={day}>{formatDate(locale, day, { style: "long" })}</time>
              {isToday ? <span className="badge">{t("week.today")}</span> : null}
            </h3>
            {dayItems.length === 0 ? (
              <p className="day__empty">{t("week.nothing")}</p>
            ) : (
              <ul className="sessions">
                {dayItems.map((item) => (
                  <li key={item.key} className="session room-item">
                    <p className="session__time">
                      <time dateTime={item.starts_at}>
                        {formatTimeRange(item.starts_at, item.ends_at)}
                      </time>
                    </p>
                    <p className="session__title">
                      {item.label === null ? (
                        t("bookings.taken")
                      ) : item.href ? (
                        <Link to={item.href}>{item.label}</Link>
                      ) : (
                        item.label
                      )}
                    </p>
                    <p className="session__tags">
                      <span className="tag tag--quiet">
                        {t(
                          item.kind === "booking"
                            ? "bookings.kind.booking"
                            : "bookings.kind.session",
                        )}
                      </span>
                      {item.status === "pending" ? (
                        <span className="tag">{t("bookings.status.pending")}</span>
                      ) : null}
                      {item.mine ? <span className="tag">{t("bookings.mineTag")}</span> : null}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
