import type { Generated, Insertable, Selectable, Updateable } from "kysely";

// Instants are stored as UTC strings "2026-03-29T12:00:00Z"; local dates as "2026-03-29";
// local times as "14:00"; booleans as 0/1 (better-sqlite3 binds neither Date nor boolean).
type Instant = string;
type Flag = 0 | 1;

export const AUDIENCES = [
  "children",
  "youth",
  "adults",
  "seniors",
  "families",
  "everyone",
] as const;
export type Audience = (typeof AUDIENCES)[number];

export const CATEGORIES = [
  "social",
  "creative",
  "learning",
  "sport",
  "food",
  "festival",
  "dialogue",
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SIGNUP_MODES = ["none", "session", "course"] as const;
export type SignupMode = (typeof SIGNUP_MODES)[number];

export const ACTIVITY_STATUSES = ["draft", "pending", "published", "cancelled", "ended"] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export type OccurrenceStatus = "scheduled" | "cancelled";
export type Role = "admin" | "staff" | "partner";
export type ScheduleKind = "once" | "weekly" | "monthly";
export type OutboxStatus = "pending" | "sending" | "sent" | "failed";
export type RsvpStatus = "confirmed" | "waitlisted" | "cancelled";
export type FeedRunOutcome = "ok" | "error";

export interface AreasTable {
  id: Generated<number>;
  slug: string;
  name: string;
  created_at: Instant;
}

export interface PlacesTable {
  id: Generated<number>;
  slug: string;
  name: string;
  area_id: number;
  street_address: string;
  postal_code: Generated<string>;
  city: Generated<string>;
  description: Generated<string>;
  accessibility: Generated<string>;
  phone: string | null;
  email: string | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface PlaceHoursTable {
  id: Generated<number>;
  place_id: number;
  weekday: number;
  opens: string;
  closes: string;
}

export interface RoomsTable {
  id: Generated<number>;
  place_id: number;
  name: string;
  capacity: number;
  description: Generated<string>;
  accessibility: Generated<string>;
  created_at: Instant;
  /** Minutes a room needs between two uses (bookings or sessions). */
  buffer_minutes: Generated<number>;
}

export interface PartnersTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: Generated<string>;
  website: string | null;
  email: string | null;
  trusted: Generated<Flag>;
  created_at: Instant;
}

export interface PartnerPlacesTable {
  partner_id: number;
  place_id: number;
}

export interface ActivitiesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  summary: Generated<string>;
  description: Generated<string>;
  category: Category;
  audience: Audience;
  organiser_kind: "staff" | "partner";
  partner_id: number | null;
  area_id: number;
  place_id: number | null;
  room_id: number | null;
  location_name: string | null;
  location_address: string | null;
  signup_mode: SignupMode;
  capacity: number | null;
  ask_party_size: Generated<Flag>;
  first_name_only: Generated<Flag>;
  require_email: Generated<Flag>;
  require_phone: Generated<Flag>;
  status: ActivityStatus;
  status_reason: string | null;
  /** The feed an imported activity came from; null for activities made here. */
  source_id: Generated<number | null>;
  /** The event's UID in that feed; (source_id, source_uid) is unique. */
  source_uid: Generated<string | null>;
  is_trial: Generated<Flag>;
  /** Average visitors per session that would make a trial a success. */
  trial_target: Generated<number | null>;
  /** Local date "2027-02-01" when staff mean to evaluate the trial. */
  review_date: Generated<string | null>;
  created_at: Instant;
  updated_at: Instant;
}

export interface ActivityLanguagesTable {
  activity_id: number;
  language: string;
}

export interface SchedulesTable {
  id: Generated<number>;
  activity_id: number;
  kind: ScheduleKind;
  interval_weeks: number | null;
  /** ISO weekdays, comma separated: "2,4" is Tuesday and Thursday. */
  weekdays: string | null;
  nth: number | null;
  weekday: number | null;
  start_date: string;
  end_date: string;
  start_time: string;
  end_time: string;
  created_at: Instant;
  updated_at: Instant;
}

export interface OccurrencesTable {
  id: Generated<number>;
  activity_id: number;
  schedule_id: number | null;
  scheduled_date: string;
  starts_at: Instant;
  ends_at: Instant;
  status: Generated<OccurrenceStatus>;
  cancel_reason: string | null;
  moved: Generated<Flag>;
  move_reason: string | null;
  room_id: number | null;
  location_name: string | null;
  capacity: number | null;
  sequence: Generated<number>;
  created_at: Instant;
  updated_at: Instant;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  partner_id: number | null;
  created_at: Instant;
}

export interface AttendanceTable {
  occurrence_id: number;
  headcount: number;
  children: number | null;
  youth: number | null;
  adults: number | null;
  seniors: number | null;
  first_timers: number | null;
  note: string | null;
  recorded_by: number | null;
  recorded_at: Instant;
  /** People who came without signing up; part of the headcount. */
  walk_ins: Generated<number>;
  /**
   * People with a confirmed sign-up for the session or its course, made before it ended: the
   * view session_sign_ups, kept here by triggers (migration 0016) for the show-up report. Never
   * written by the application.
   */
  signed_up: Generated<number>;
}

/** A sign-up whose people came to a session (a course sign-up is checked in per session). */
export interface CheckinsTable {
  rsvp_id: number;
  occurrence_id: number;
  checked_in_at: Instant;
}

/** Mail waiting for delivery, or delivered; written in the transaction of what it reports. */
export interface OutboxTable {
  id: Generated<number>;
  kind: string;
  to_address: string;
  locale: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  /** An iCalendar body, sent as an `invitation.ics` attachment. */
  ics: string | null;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: Instant;
  locked_until: Instant | null;
  last_error: string | null;
  sent_at: Instant | null;
  /** "<uuid@domain>", fixed at enqueue so every retry carries the same Message-ID. */
  message_id: string;
  /** The sign-up the mail is about, if any. */
  rsvp_id: Generated<number | null>;
  created_at: Instant;
}

/** A sign-up for one session (occurrence_id) or a whole course (occurrence_id null). */
export interface RsvpsTable {
  id: Generated<number>;
  activity_id: number;
  occurrence_id: number | null;
  name: string;
  email: string | null;
  phone: string | null;
  adults: number;
  children: number;
  party_size: number;
  note: string | null;
  locale: string;
  status: RsvpStatus;
  token_nonce: string;
  token_hash: string;
  created_at: Instant;
  updated_at: Instant;
  promoted_at: Instant | null;
  cancelled_at: Instant | null;
  anonymised_at: Generated<Instant | null>;
}

export interface RsvpRemindersTable {
  rsvp_id: number;
  occurrence_id: number;
  created_at: Instant;
}

export interface CalendarTokensTable {
  id: Generated<number>;
  email: string;
  token_nonce: string;
  token_hash: string;
  created_at: Instant;
}

export interface LoginTokensTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  redirect_to: string | null;
  created_at: Instant;
  expires_at: Instant;
  used_at: Instant | null;
}

export interface SessionsTable {
  /** sha256 of the cookie's token. */
  id: string;
  user_id: number;
  created_at: Instant;
  expires_at: Instant;
  revoked_at: Instant | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  user_id: number | null;
  action: string;
  entity: string;
  entity_id: number | null;
  summary: string;
  created_at: Instant;
}

/** A partner's external calendar (an ICS URL), imported as activities at one place. */
export interface FeedSourcesTable {
  id: Generated<number>;
  partner_id: number;
  place_id: number;
  room_id: number | null;
  url: string;
  active: Generated<Flag>;
  created_at: Instant;
  updated_at: Instant;
  last_run_at: Instant | null;
}

/** One import run of a feed source; counts are sessions (occurrences), skipped also entries. */
export interface FeedRunsTable {
  id: Generated<number>;
  feed_source_id: number;
  started_at: Instant;
  finished_at: Instant;
  outcome: FeedRunOutcome;
  created_count: Generated<number>;
  updated_count: Generated<number>;
  cancelled_count: Generated<number>;
  skipped_count: Generated<number>;
  /** A short message for staff, never a stack trace. */
  error: string | null;
}

export type DecisionKind = "continue" | "adjust" | "end";

/** What staff decided about an activity after evaluating it, and why. */
export interface DecisionsTable {
  id: Generated<number>;
  activity_id: number;
  decision: DecisionKind;
  reason: string;
  decided_by: number | null;
  decided_at: Instant;
}

/** A room reserved for a time span; a repeated request is one row per date with one series_id. */
export interface BookingsTable {
  id: Generated<number>;
  room_id: number;
  /** Null for staff's own bookings. */
  partner_id: number | null;
  requested_by: number | null;
  /** Private: staff and the partner see it, public pages never do. */
  purpose: string;
  starts_at: Instant;
  ends_at: Instant;
  status: "pending" | "approved" | "declined" | "cancelled";
  decline_reason: string | null;
  series_id: string | null;
  created_at: Instant;
  updated_at: Instant;
  decided_by: number | null;
  decided_at: Instant | null;
}

export const PROPOSAL_KINDS = ["activity", "improvement"] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];
export const PROPOSAL_STATUSES = ["new", "planned", "tried", "declined"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** A resident's suggestion for a place or an area (exactly one of the two). */
export interface ProposalsTable {
  id: Generated<number>;
  kind: ProposalKind;
  text: string;
  /** Personal data: shown on staff pages only. */
  contact: string | null;
  area_id: number | null;
  place_id: number | null;
  /** The session (a coffee morning) where staff gathered it. */
  occurrence_id: number | null;
  status: Generated<ProposalStatus>;
  /** Required when declined; shown publicly with the status. */
  decline_reason: string | null;
  is_public: Generated<Flag>;
  supports: Generated<number>;
  /** The trial activity made from it. */
  activity_id: number | null;
  created_at: Instant;
  updated_at: Instant;
}

/** One support per browser: sha256 of a random cookie id, never an address. */
export interface ProposalSupportsTable {
  proposal_id: number;
  supporter_hash: string;
  created_at: Instant;
}

/** The share of an area's residents who feel safe, from a survey whose period ends on a date. */
export interface SafetySurveysTable {
  id: Generated<number>;
  area_id: number;
  period_label: string;
  /** Local date "2022-12-31"; the period starts after the area's previous survey. */
  period_end: string;
  /** Percent, 0–100. */
  share_safe: number;
  respondents: number | null;
  source: string | null;
  created_at: Instant;
  created_by: number | null;
}

/** A keyed hash of an erased email or phone, and what went; never the address itself. */
export interface ErasuresTable {
  id: Generated<number>;
  subject_hash: string;
  kind: "email" | "phone" | "rsvp";
  requested_by: string;
  /** JSON: rows changed per table. */
  receipt: string;
  created_at: Instant;
}

/** A partner's change to a public activity, waiting for staff; the public sees the old version. */
export interface ActivityRevisionsTable {
  id: Generated<number>;
  activity_id: number;
  submitted_by: number | null;
  /** JSON: the proposed form fields, `{"details"?: {...}, "schedule"?: {...}}`. */
  data: string;
  status: "pending" | "approved" | "declined";
  decline_reason: string | null;
  decided_by: number | null;
  decided_at: Instant | null;
  created_at: Instant;
}

export interface Database {
  areas: AreasTable;
  places: PlacesTable;
  place_hours: PlaceHoursTable;
  rooms: RoomsTable;
  partners: PartnersTable;
  partner_places: PartnerPlacesTable;
  activities: ActivitiesTable;
  activity_revisions: ActivityRevisionsTable;
  activity_languages: ActivityLanguagesTable;
  schedules: SchedulesTable;
  occurrences: OccurrencesTable;
  users: UsersTable;
  attendance: AttendanceTable;
  checkins: CheckinsTable;
  outbox: OutboxTable;
  rsvps: RsvpsTable;
  rsvp_reminders: RsvpRemindersTable;
  calendar_tokens: CalendarTokensTable;
  login_tokens: LoginTokensTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  feed_sources: FeedSourcesTable;
  feed_runs: FeedRunsTable;
  bookings: BookingsTable;
  decisions: DecisionsTable;
  erasures: ErasuresTable;
  proposals: ProposalsTable;
  proposal_supports: ProposalSupportsTable;
  safety_surveys: SafetySurveysTable;
}

export type Area = Selectable<AreasTable>;
export type Place = Selectable<PlacesTable>;
export type Room = Selectable<RoomsTable>;
export type Partner = Selectable<PartnersTable>;
export type Activity = Selectable<ActivitiesTable>;
export type NewActivity = Insertable<ActivitiesTable>;
export type ActivityUpdate = Updateable<ActivitiesTable>;
export type Schedule = Selectable<SchedulesTable>;
export type Occurrence = Selectable<OccurrencesTable>;
export type NewOccurrence = Insertable<OccurrencesTable>;
export type User = Selectable<UsersTable>;
export type OutboxMail = Selectable<OutboxTable>;
export type Rsvp = Selectable<RsvpsTable>;
export type FeedSource = Selectable<FeedSourcesTable>;
export type FeedRun = Selectable<FeedRunsTable>;
