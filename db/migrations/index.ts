import type { Migration, MigrationProvider } from "kysely";
import * as createPlaces from "./2026_11_27_0001_create_places";
import * as createActivities from "./2026_11_27_0002_create_activities";
import * as createUsersAttendance from "./2026_11_27_0003_create_users_attendance";
import * as createOutbox from "./2026_11_27_0004_create_outbox";
import * as createRsvps from "./2026_11_27_0005_create_rsvps";
import * as createCalendarTokens from "./2026_11_27_0007_create_calendar_tokens";
import * as createAuth from "./2026_11_27_0008_create_auth";
import * as createFeedSources from "./2026_11_27_0009_create_feed_sources";
import * as createBookings from "./2026_11_27_0010_create_bookings";
import * as createTrials from "./2026_11_27_0011_create_trials";
import * as createPrivacy from "./2026_11_27_0014_create_privacy";
import * as createCheckins from "./2026_11_27_0012_create_checkins";
import * as createProposals from "./2026_11_27_0013_create_proposals";
import * as createActivityRevisions from "./2026_11_27_0015_create_activity_revisions";
import * as keepSignedUpOnAttendance from "./2026_11_27_0016_keep_signed_up_on_attendance";

// A static map, not FileMigrationProvider: the server bundle cannot read migration files at run time.
export const migrations: Record<string, Migration> = {
  "2026_11_27_0001_create_places": createPlaces,
  "2026_11_27_0002_create_activities": createActivities,
  "2026_11_27_0003_create_users_attendance": createUsersAttendance,
  "2026_11_27_0004_create_outbox": createOutbox,
  "2026_11_27_0005_create_rsvps": createRsvps,
  "2026_11_27_0007_create_calendar_tokens": createCalendarTokens,
  "2026_11_27_0008_create_auth": createAuth,
  "2026_11_27_0009_create_feed_sources": createFeedSources,
  "2026_11_27_0010_create_bookings": createBookings,
  "2026_11_27_0011_create_trials": createTrials,
  "2026_11_27_0014_create_privacy": createPrivacy,
  "2026_11_27_0012_create_checkins": createCheckins,
  "2026_11_27_0013_create_proposals": createProposals,
  "2026_11_27_0015_create_activity_revisions": createActivityRevisions,
  "2026_11_27_0016_keep_signed_up_on_attendance": keepSignedUpOnAttendance,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
