import type { MessageKey } from "~/i18n/sv";

/** The staff menu. A section's route module checks the role itself; this only draws the menu. */
export const STAFF_SECTIONS: { path: string; label: MessageKey; adminOnly?: boolean }[] = [
  { path: "/staff", label: "staff.home" },
  { path: "/staff/activities", label: "staff.activities" },
  { path: "/staff/approvals", label: "approvals.title" },
  { path: "/staff/bookings", label: "bookings.title" },
  { path: "/staff/proposals", label: "staff.proposals" },
  { path: "/staff/safety", label: "staff.safety" },
  { path: "/staff/places", label: "staff.places" },
  { path: "/staff/areas", label: "staff.areas" },
  { path: "/staff/partners", label: "staff.partners" },
  { path: "/staff/feeds", label: "staff.feeds" },
  { path: "/staff/reports", label: "staff.reports" },
  { path: "/staff/evaluations", label: "staff.evaluations" },
  { path: "/staff/users", label: "staff.users", adminOnly: true },
  { path: "/staff/audit", label: "staff.audit" },
  { path: "/staff/erase", label: "staffErase.title" },
];
