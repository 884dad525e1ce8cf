import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { PROPOSAL_KINDS, PROPOSAL_STATUSES } from "#db/schema";
import { utcToZoned } from "~/domain/time";
import { formatDate } from "~/i18n/format";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import {
  countProposalsByStatus,
  listProposalsForStaff,
  listTargets,
} from "~/models/proposals.server";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

// A filter that does not parse is simply not applied.
const filterSchema = z.object({
  status: z.enum(PROPOSAL_STATUSES).nullable().catch(null),
  kind: z.enum(PROPOSAL_KINDS).nullable().catch(null),
  areaId: z.coerce.number().int().positive().nullable().catch(null),
});

const EXCERPT = 160;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const search = new URL(request.url).searchParams;
  const filters = filterSchema.parse({
    status: search.get("status"),
    kind: search.get("kind"),
    areaId: search.get("area") || null,
  });
  const db = getDb();
  const [proposals, counts, targets] = await Promise.all([
    listProposalsForStaff(db, filters),
    countProposalsByStatus(db),
    listTargets(db),
  ]);
  return { proposals, counts, areas: targets.areas, filters };
}

export default function StaffProposals() {
  const { proposals, counts, areas, filters } = useLoaderData<typeof loader>();
  const { locale, t } = useI18n();
  const [search] = useSearchParams();
  const logged = Number(search.get("logged") ?? "0");
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const statusLink = (status: string | null) => {
    const params = new URLSearchParams();
    if (status) params.set("status", status);
    if (filters.kind) params.set("kind", filters.kind);
    if (filters.areaId) params.set("area", String(filters.areaId));
    const query = params.toString();
    return query ? `/staff/proposals?${query}` : "/staff/proposals";
  };
  const excerpt = (text: string) =>
    text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1).trimEnd()}…` : text;

  return (
    <div className="page">
      <h1>{t("staffProposals.title")}</h1>
      {Number.isInteger(logged) && logged > 0 ? (
        <p className="notice" role="status">
          {t("staffProposals.logged", { count: logged })}
        </p>
      ) : null}
      <p>
        <Link to="/staff/proposals/new" className="button button--quiet">
          {t("staffProposals.logNew")}
        </Link>
      </p>

      <nav aria-label={t("staffProposals.byStatus")} className="staff-nav">
        <ul>
          <li>
            <Link to={statusLink(null)} aria-current={filters.status === null ? "page" : undefined}>
              {filters.status === null ? (
                <strong>
                  {t("staffProposals.all")} ({total})
                </strong>
              ) : (
                `${t("staffProposals.all")} (${total})`
              )}
            </Link>
          </li>
          {PROPOSAL_STATUSES.map((status) => (
            <li key={status}>
              <Link
                to={statusLink(status)}
                aria-current={filters.status === status ? "page" : undefined}
              >
                {filters.status === status ? (
                  <strong>
                    {t(`proposals.status.${status}`)} ({counts[status] ?? 0})
                  </strong>
                ) : (
                  `${t(`proposals.status.${status}`)} (${counts[status] ?? 0})`
                )}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <Form method="get" className="filters">
        {filters.status ? <input type="hidden" name="status" value={filters.status} /> : null}
        <div className="field">
          <label htmlFor="filter-kind">{t("staffProposals.kind")}</label>
          <select id="filter-kind" name="kind" defaultValue={filters.kind ?? ""}>
            <option value="">{t("staffProposals.all")}</option>
            {PROPOSAL_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`proposals.kindLabel.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-area">{t("staffProposals.area")}</label>
          <select id="filter-area" name="area" defaultValue={filters.areaId ?? ""}>
            <option value="">{t("staffProposals.all")}</option>
            {areas.map((area) => (
              <option key={area.id} value={area.id}>
                {area.name}
              </option>
            ))}
          </select>
        </div>
        <div className="filters__actions">
          <button type="submit">{t("filters.apply")}</button>
          <Link to="/staff/proposals">{t("filters.clear")}</Link>
        </div>
      </Form>

      <p>{t("staffProposals.count", { count: proposals.length })}</p>
      {proposals.length === 0 ? (
        <p>{t("staffProposals.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="proposals-table">
            <thead>
              <tr>
                <th scope="col">{t("staffProposals.text")}</th>
                <th scope="col">{t("staffProposals.status")}</th>
                <th scope="col">{t("staffProposals.where")}</th>
                <th scope="col">{t("staffProposals.supports")}</th>
                <th scope="col">{t("staffProposals.received")}</th>
              </tr>
            </thead>
            <tbody>
              {proposals.map((proposal) => (
                <tr key={proposal.id}>
                  <td>
                    <Link to={`/staff/proposals/${proposal.id}`}>{excerpt(proposal.text)}</Link>
                    <br />
                    <span className="muted">
                      {t(`proposals.kindLabel.${proposal.kind}`)}
                      {proposal.has_contact ? ` · ${t("staffProposals.hasContact")}` : null}
                      {proposal.session_title && proposal.session_starts_at
                        ? ` · ${t("staffProposals.gatheredAt", {
                            session: `${proposal.session_title} ${formatDate(
                              locale,
                              utcToZoned(new Date(proposal.session_starts_at)).date,
                            )}`,
                          })}`
                        : null}
                    </span>
                  </td>
                  <td>
                    {t(`proposals.status.${proposal.status}`)}
                    <br />
                    <span className="muted">
                      {proposal.is_public
                        ? t("staffProposals.isPublic")
                        : t("staffProposals.notPublic")}
                    </span>
                    {proposal.activity_id !== null ? (
                      <>
                        <br />
                        <Link to={`/staff/activities/${proposal.activity_id}`}>
                          {t("staffProposals.trialLink")}
                        </Link>
                      </>
                    ) : null}
                  </td>
                  <td>{proposal.where_name}</td>
                  <td>{proposal.supports}</td>
                  <td>
                    <time dateTime={proposal.created_at}>
                      {formatDate(locale, utcToZoned(new Date(proposal.created_at)).date, {
                        year: true,
                      })}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("staffProposals.title")) }, { name: "robots", content: "noindex" }];
};
