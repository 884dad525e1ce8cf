import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import type { DateRange } from "~/domain/reports";
import { resolveLocale, translator, type Translate } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import {
  activityTurnout,
  parseReportQuery,
  reportOptions,
  showUpReport,
  turnoutGroups,
  weeklyReport,
  type ReportFilters,
  type ReportQueryErrors,
} from "~/models/reports.server";
import { requireStaff } from "~/utils/auth.server";
import { csvResponse, toCsv, type CsvCell } from "~/utils/csv.server";
import { getDb, type DB } from "~/utils/db.server";

const reportName = z.enum(["weekly", "activities", "areas", "audiences", "showup"]);
type ReportName = z.infer<typeof reportName>;

const FIELD_LABELS: Record<keyof ReportQueryErrors, MessageKey> = {
  from: "reports.from",
  to: "reports.to",
  place: "reports.place",
  area: "reports.area",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const name = reportName.safeParse(params.report);
  if (!name.success) throw new Response("Not found", { status: 404 });
  const locale = resolveLocale(
    request.headers.get("cookie"),
    request.headers.get("accept-language"),
  );
  const t = translator(locale);
  const db = getDb();
  const query = parseReportQuery(
    new URL(request.url).searchParams,
    await reportOptions(db),
    new Date(),
  );
  if (!query.ok) {
    const fields = ["from", "to", "place", "area"] as const;
    const message = fields
      .flatMap((field) => {
        const problem = query.errors[field];
        return problem ? [`${t(FIELD_LABELS[field])}: ${t(problem)}`] : [];
      })
      .join(" ");
    return new Response(t("reports.csvError", { message }), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const rows = await table(name.data, db, query.range, query.filters, t);
  const csv = toCsv(rows, { decimal: locale === "sv" ? "," : "." });
  return csvResponse(csv, `traffpunkt-${name.data}-${query.range.from}-till-${query.range.to}.csv`);
}

const oneDecimal = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/** The same figures as the page's tables, a header row first. */
async function table(
  name: ReportName,
  db: DB,
  range: DateRange,
  filters: ReportFilters,
  t: Translate,
): Promise<CsvCell[][]> {
  const turnoutHeader = [t("reports.sessions"), t("reports.visitors"), t("reports.average")];
  const turnout = (row: { sessions: number; visitors: number; average: number | null }) => [
    row.sessions,
    row.visitors,
    oneDecimal(row.average),
  ];
  switch (name) {
    case "weekly": {
      const report = await weeklyReport(db, range, filters);
      return [
        [
          t("reports.week"),
          t("reports.firstDay"),
          t("reports.lastDay"),
          ...report.places.map((place) => place.name ?? t("reports.noPlace")),
          t("reports.total"),
          t("reports.sessions"),
        ],
        ...report.weeks.map((week, i) => [
          week.key,
          week.first,
          week.last,
          ...report.places.map((place) => place.visitors[i]),
          report.total[i].visitors,
          report.total[i].sessions,
        ]),
      ];
    }
    case "activities": {
      const rows = await activityTurnout(db, range, filters);
      return [
        [
          t("reports.activity"),
          t("reports.where"),
          t("reports.area.name"),
          t("reports.audience"),
          ...turnoutHeader,
        ],
        ...rows.map((row) => [
          row.title,
          row.placeName ?? "",
          row.areaName,
          t(`audience.${row.audience}`),
          ...turnout(row),
        ]),
      ];
    }
    case "areas":
    case "audiences": {
      const groups = turnoutGroups(await activityTurnout(db, range, filters));
      const rows =
        name === "areas"
          ? groups.areas.map((row) => [row.name, ...turnout(row)])
          : groups.audiences.map((row) => [t(`audience.${row.key}`), ...turnout(row)]);
      return [
        [name === "areas" ? t("reports.area.name") : t("reports.audience"), ...turnoutHeader],
        ...rows,
        [t("reports.total"), ...turnout(groups.total)],
      ];
    }
    case "showup": {
      const report = await showUpReport(db, range, filters);
      const counts = (row: (typeof report)["total"]) => [
        row.sessions,
        row.signedUp,
        row.showedUp,
        percent(row.rate),
      ];
      return [
        [
          t("reports.activity"),
          t("reports.sessions"),
          t("reports.signedUp"),
          t("reports.showedUp"),
          t("reports.ratePercent"),
        ],
        ...report.activities.map((row) => [row.title, ...counts(row)]),
        [t("reports.total"), ...counts(report.total)],
      ];
    }
  }
}
