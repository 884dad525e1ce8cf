import ICAL from "ical.js";
import nodeIcal, { type CalendarComponent, type ParameterValue, type VEvent } from "node-ical";

/** Parsed by ical.js, the parser behind many web calendars; times resolved with the file's VTIMEZONE. */
export function parseWithIcalJs(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const events = calendar.getAllSubcomponents("vevent").map((c) => new ICAL.Event(c));
  return { calendar, events };
}

function isEvent(component: CalendarComponent | undefined): component is VEvent {
  return component?.type === "VEVENT";
}

/** Parsed by node-ical, a second, independent reading. */
export function parseWithNodeIcal(ics: string) {
  return Object.values(nodeIcal.sync.parseICS(ics)).filter(isEvent);
}

export const textOf = (value: ParameterValue | undefined) =>
  typeof value === "string" ? value : value?.val;

/** Unfolded content lines, without the final empty one. */
export const icsLines = (ics: string) => ics.split("\r\n").slice(0, -1);
