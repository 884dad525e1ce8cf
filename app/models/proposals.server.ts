import { CONTACT_MAX, PROPOSAL_TEXT_MAX, PROPOSAL_TEXT_MIN } from "~/domain/proposal-limits";
import type { Kysely } from "kysely";
import type { Database, ProposalKind, ProposalStatus } from "#db/schema";
import { addDays, todayIn, toInstantString, zonedToUtc } from "~/domain/time";
import { audit } from "~/models/auth.server";
import type { DB } from "~/utils/db.server";
import { writeTransaction } from "~/utils/write-transaction.server";

type Executor = Kysely<Database>;

export const GATHERED_LINE_MIN = 3;
export const GATHERED_LINES_MAX = 50;
export const DECLINE_REASON_MAX = 500;
const TITLE_MAX = 120;
const SLUG_MAX = 60;

/** Where a proposal is for: a meeting place or a whole area, never both. */
export type ProposalTarget = { kind: "place"; id: number } | { kind: "area"; id: number };

/** "place:3" or "area:2", the value of the where-select; null for anything else. */
export function parseTarget(value: string): ProposalTarget | null {
  const match = /^(place|area):(\d{1,12})$/.exec(value);
  if (!match) return null;
  return { kind: match[1] === "place" ? "place" : "area", id: Number(match[2]) };
}

function targetColumns(target: ProposalTarget) {
  return target.kind === "place"
    ? { place_id: target.id, area_id: null }
    : { area_id: target.id, place_id: null };
}

/** The meeting places and areas a proposal can be for, for the where-select. */
export async function listTargets(db: DB) {
  const [places, areas] = await Promise.all([
    db.selectFrom("places").select(["id", "name"]).orderBy("name").execute(),
    db.selectFrom("areas").select(["id", "name"]).orderBy("name").execute(),
  ]);
  return { places, areas };
}

export async function targetExists(db: DB, target: ProposalTarget): Promise<boolean> {
  const row =
    target.kind === "place"
      ? await db.selectFrom("places").select("id").where("id", "=", target.id).executeTakeFirst()
      : await db.selectFrom("areas").select("id").where("id", "=", target.id).executeTakeFirst();
  return row !== undefined;
}

/** A resident's proposal from the public form: new and not public until staff have read it. */
export async function createProposal(
  db: DB,
  input: { kind: ProposalKind; text: string; contact: string | null; target: ProposalTarget },
  now: Date,
): Promise<number> {
  const stamp = toInstantString(now);
  const { id } = await db
    .insertInto("proposals")
    .values({
      kind: input.kind,
      text: input.text,
      contact: input.contact,
      ...targetColumns(input.target),
      occurrence_id: null,
      decline_reason: null,
      activity_id: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

function withWhere(db: DB) {
  return db
    .selectFrom("proposals as pr")
    .leftJoin("places as p", "p.id", "pr.place_id")
    .leftJoin("areas as ar", "ar.id", "pr.area_id")
    .leftJoin("areas as par", "par.id", "p.area_id");
}

/**
 * Proposals staff made public, most supported first, with whether this browser supports each.
 * Never selects the contact column.
 */
export async function listPublicProposals(db: DB, supporterHash: string | null) {
  return withWhere(db)
    .select((eb) => [
      "pr.id",
      "pr.kind",
      "pr.text",
      "pr.status",
      "pr.decline_reason",
      "pr.supports",
      "pr.created_at",
      eb.fn.coalesce("p.name", "ar.name").as("where_name"),
      eb
        .exists(
          eb
            .selectFrom("proposal_supports as s")
            .select("s.proposal_id")
            .whereRef("s.proposal_id", "=", "pr.id")
            .where("s.supporter_hash", "=", supporterHash ?? ""),
        )
        .as("supported"),
    ])
    .where("pr.is_public", "=", 1)
    .orderBy("pr.supports", "desc")
    .orderBy("pr.created_at", "desc")
    .limit(200)
    .execute();
}

/** Supports are open while staff may still act on the proposal. */
const SUPPORTABLE: ProposalStatus[] = ["new", "planned"];

/**
 * One support per browser and proposal: one conditional insert under the write lock, then the
 * count, so a double click or two tabs cannot count twice.
 */
export async function supportProposal(
  db: DB,
  proposalId: number,
  supporterHash: string,
  now: Date,
): Promise<"added" | "already" | "closed"> {
  return writeTransaction(db, async (trx) => {
    const proposal = await trx
      .selectFrom("proposals")
      .select(["is_public", "status"])
      .where("id", "=", proposalId)
      .executeTakeFirst();
    if (!proposal || proposal.is_public !== 1 || !SUPPORTABLE.includes(proposal.status)) {
      return "closed";
    }
    const inserted = await trx
      .insertInto("proposal_supports")
      .values({
        proposal_id: proposalId,
        supporter_hash: supporterHash,
        created_at: toInstantString(now),
      })
      .onConflict((oc) => oc.doNothing())
      .returning("proposal_id")
      .executeTakeFirst();
    if (!inserted) return "already";
    await trx
      .updateTable("proposals")
      .set((eb) => ({ supports: eb("supports", "+", 1) }))
      .where("id", "=", proposalId)
      .execute();
    return "added";
  });
}

export type StaffProposalFilters = {
  status: ProposalStatus | null;
  kind: ProposalKind | null;
  areaId: number | null;
};

/** The triage list; an area filter also finds proposals for that area's meeting places. */
export async function listProposalsForStaff(db: DB, filters: StaffProposalFilters) {
  let query = withWhere(db)
    .leftJoin("occurrences as o", "o.id", "pr.occurrence_id")
    .leftJoin("activities as oa", "oa.id", "o.activity_id")
    .select((eb) => [
      "pr.id",
      "pr.kind",
      "pr.text",
      "pr.status",
      "pr.is_public",
      "pr.supports",
      "pr.activity_id",
      "pr.created_at",
      eb("pr.contact", "is not", null).as("has_contact"),
      eb.fn.coalesce("p.name", "ar.name").as("where_name"),
      "o.starts_at as session_starts_at",
      "oa.title as session_title",
    ]);
  if (filters.status) query = query.where("pr.status", "=", filters.status);
  if (filters.kind) query = query.where("pr.kind", "=", filters.kind);
  const areaId = filters.areaId;
  if (areaId !== null) {
    query = query.where((eb) =>
      eb.or([eb("pr.area_id", "=", areaId), eb("p.area_id", "=", areaId)]),
    );
  }
  return query.orderBy("pr.created_at", "desc").orderBy("pr.id", "desc").limit(500).execute();
}

/** How many proposals each status holds, for the tabs of the triage list. */
export async function countProposalsByStatus(db: DB) {
  const rows = await db
    .selectFrom("proposals")
    .select((eb) => ["status", eb.fn.countAll<number>().as("n")])
    .groupBy("status")
    .execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

/** One proposal for staff, contact included, with its session and trial activity. */
export async function getProposalForStaff(db: DB, proposalId: number) {
  return withWhere(db)
    .leftJoin("occurrences as o", "o.id", "pr.occurrence_id")
    .leftJoin("activities as oa", "oa.id", "o.activity_id")
    .leftJoin("activities as ta", "ta.id", "pr.activity_id")
    .select((eb) => [
      "pr.id",
      "pr.kind",
      "pr.text",
      "pr.contact",
      "pr.status",
      "pr.decline_reason",
      "pr.is_public",
      "pr.supports",
      "pr.activity_id",
      "pr.occurrence_id",
      "pr.created_at",
      "pr.updated_at",
      eb.fn.coalesce("p.name", "ar.name").as("where_name"),
      "o.starts_at as session_starts_at",
      "o.ends_at as session_ends_at",
      "oa.title as session_title",
      "ta.title as trial_title",
    ])
    .where("pr.id", "=", proposalId)
    .executeTakeFirst();
}

const STATUS_SV: Record<ProposalStatus, string> = {
  new: "ny",
  planned: "planerad",
  tried: "provad",
  declined: "avböjd",
};

/** Status, reason and the public flag, as staff set them; one audit line says what changed. */
export async function triageProposal(
  db: DB,
  userId: number,
  proposalId: number,
  input: { status: ProposalStatus; declineReason: string | null; isPublic: boolean },
  now: Date,
): Promise<boolean> {
  return writeTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom("proposals")
      .select(["status", "is_public"])
      .where("id", "=", proposalId)
      .executeTakeFirst();
    if (!before) return false;
    await trx
      .updateTable("proposals")
      .set({
        status: input.status,
        decline_reason: input.status === "declined" ? input.declineReason : null,
        is_public: input.isPublic ? 1 : 0,
        updated_at: toInstantString(now),
      })
      .where("id", "=", proposalId)
      .execute();
    const changes = [
      before.status !== input.status
        ? `status ${STATUS_SV[before.status]} → ${STATUS_SV[input.status]}`
        : null,
      before.is_public !== (input.isPublic ? 1 : 0)
        ? input.isPublic
          ? "visas publikt"
          : "dold publikt"
        : null,
    ].filter((change) => change !== null);
    await audit(
      trx,
      userId,
      "update",
      "proposal",
      proposalId,
      `Förslag ${proposalId}: ${changes.length > 0 ? changes.join(", ") : "sparat utan ändring"}`,
      now,
    );
    return true;
  });
}

/** Staff no longer need the resident's contact details: forget them. */
export async function removeProposalContact(db: DB, userId: number, proposalId: number, now: Date) {
  await db
    .updateTable("proposals")
    .set({ contact: null, updated_at: toInstantString(now) })
    .where("id", "=", proposalId)
    .execute();
  await audit(
    db,
    userId,
    "update",
    "proposal",
    proposalId,
    `Förslag ${proposalId}: kontaktuppgift borttagen`,
    now,
  );
}

/** The activity title a proposal suggests: its first line, cut at a word when it is long. */
export function proposalTitle(text: string): string {
  const line =
    text
      .split(/\r?\n/)
      .map((part) => part.trim())
      .find((part) => part !== "") ?? "";
  const single = line.replace(/\s+/g, " ");
  if (single.length <= TITLE_MAX) return single;
  const cut = single.slice(0, TITLE_MAX - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > TITLE_MAX / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, "")}…`;
}

/** "Fler bänkar vid Brohult" → "fler-bankar-vid-brohult". */
function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, SLUG_MAX - 4)
    .replace(/^-+|-+$/g, "");
}

async function freeSlug(trx: Executor, title: string): Promise<string> {
  const base = slugify(title) || "prova-pa";
  const taken = new Set(
    (
      await trx
        .selectFrom("activities")
        .select("slug")
        .where((eb) => eb.or([eb("slug", "=", base), eb("slug", "like", `${base}-%`)]))
        .execute()
    ).map((row) => row.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }
}

export type TrialResult =
  | { ok: true; activityId: number }
  | { ok: false; reason: "missing" }
  | { ok: false; reason: "already"; activityId: number };

/**
 * Turns a proposal into a draft trial activity in one step: title from its first line, the
 * proposal's place or area, organised by staff, no sign-up, no schedule yet. The proposal is
 * linked and marked planned in the same transaction, so it cannot become two trials.
 */
export async function makeTrialFromProposal(
  db: DB,
  userId: number,
  proposalId: number,
  input: { trialTarget: number; reviewDate: string },
  now: Date,
): Promise<TrialResult> {
  return writeTransaction(db, async (trx) => {
    const proposal = await trx
      .selectFrom("proposals as pr")
      .leftJoin("places as p", "p.id", "pr.place_id")
      .select([
        "pr.id",
        "pr.text",
        "pr.activity_id",
        "pr.area_id",
        "pr.place_id",
        "p.area_id as place_area_id",
      ])
      .where("pr.id", "=", proposalId)
      .executeTakeFirst();
    if (!proposal) return { ok: false, reason: "missing" };
    if (proposal.activity_id !== null) {
      return { ok: false, reason: "already", activityId: proposal.activity_id };
    }
    const areaId = proposal.area_id ?? proposal.place_area_id;
    if (areaId === null) return { ok: false, reason: "missing" };
    const title = proposalTitle(proposal.text);
    const stamp = toInstantString(now);
    const { id: activityId } = await trx
      .insertInto("activities")
      .values({
        slug: await freeSlug(trx, title),
        title,
        summary: "",
        description: proposal.text,
        category: "social",
        audience: "everyone",
        organiser_kind: "staff",
        partner_id: null,
        area_id: areaId,
        place_id: proposal.place_id,
        room_id: null,
        location_name: null,
        location_address: null,
        signup_mode: "none",
        capacity: null,
        status: "draft",
        status_reason: null,
        is_trial: 1,
        trial_target: input.trialTarget,
        review_date: input.reviewDate,
        created_at: stamp,
        updated_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // The activity editor asks for at least one spoken language.
    await trx
      .insertInto("activity_languages")
      .values({ activity_id: activityId, language: "sv" })
      .execute();
    await trx
      .updateTable("proposals")
      .set({ activity_id: activityId, status: "planned", updated_at: stamp })
      .where("id", "=", proposalId)
      .execute();
    await audit(
      trx,
      userId,
      "create",
      "activity",
      activityId,
      `Skapade prova-på-aktiviteten ”${title}” (utkast) från förslag ${proposalId}`,
      now,
    );
    await audit(
      trx,
      userId,
      "update",
      "proposal",
      proposalId,
      `Förslag ${proposalId}: blev prova-på-aktivitet, status planerad`,
      now,
    );
    return { ok: true, activityId };
  });
}

/** Coffee mornings and other dialogue sessions of the last 120 days, newest first. */
export async function recentDialogueSessions(db: DB, now: Date) {
  const from = toInstantString(zonedToUtc(addDays(todayIn(now), -120), "00:00"));
  const to = toInstantString(zonedToUtc(addDays(todayIn(now), 1), "00:00"));
  return db
    .selectFrom("occurrences as o")
    .innerJoin("activities as a", "a.id", "o.activity_id")
    .select(["o.id", "o.starts_at", "o.ends_at", "a.title"])
    .where("a.category", "=", "dialogue")
    .where("o.status", "=", "scheduled")
    .where("o.starts_at", ">=", from)
    .where("o.starts_at", "<", to)
    .orderBy("o.starts_at", "desc")
    .limit(30)
    .execute();
}

/** Where a session's proposals are for when staff do not say: its activity's place, or area. */
export async function sessionTarget(db: DB, occurrenceId: number): Promise<ProposalTarget | null> {
  const row = await db
    .selectFrom("occurrences as o")
    .innerJoin("activities as a", "a.id", "o.activity_id")
    .select(["a.place_id", "a.area_id"])
    .where("o.id", "=", occurrenceId)
    .executeTakeFirst();
  if (!row) return null;
  return row.place_id !== null
    ? { kind: "place", id: row.place_id }
    : { kind: "area", id: row.area_id };
}

/** One proposal per line that staff wrote down at a session (or elsewhere), with audit lines. */
export async function logGatheredProposals(
  db: DB,
  userId: number,
  input: {
    kind: ProposalKind;
    target: ProposalTarget;
    occurrenceId: number | null;
    lines: string[];
  },
  now: Date,
): Promise<number[]> {
  const stamp = toInstantString(now);
  return db.transaction().execute(async (trx) => {
    const ids: number[] = [];
    for (const line of input.lines) {
      const { id } = await trx
        .insertInto("proposals")
        .values({
          kind: input.kind,
          text: line,
          contact: null,
          ...targetColumns(input.target),
          occurrence_id: input.occurrenceId,
          decline_reason: null,
          activity_id: null,
          created_at: stamp,
          updated_at: stamp,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(id);
      await audit(
        trx,
        userId,
        "create",
        "proposal",
        id,
        input.occurrenceId === null
          ? `Förslag ${id}: antecknat av personal`
          : `Förslag ${id}: antecknat vid tillfälle ${input.occurrenceId}`,
        now,
      );
    }
    return ids;
  });
}

export async function occurrenceExists(db: DB, occurrenceId: number): Promise<boolean> {
  const row = await db
    .selectFrom("occurrences")
    .select("id")
    .where("id", "=", occurrenceId)
    .executeTakeFirst();
  return row !== undefined;
}

export { CONTACT_MAX, PROPOSAL_TEXT_MAX, PROPOSAL_TEXT_MIN };
