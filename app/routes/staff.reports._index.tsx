import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import {
  BarChart,
  ChartFigure,
  ColumnChart,
  LineChart,
  type ChartDatum,
} from "~/components/charts";
import { parseLocalDate } from "~/domain/time";
import { formatDate } from "~/i18n/format";
import { messageList, type Locale, type Translate } from "~/i18n/i18n";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import {
  fullReport,
  parseReportQuery,
  reportOptions,
  type ReportQueryErrors,
} from "~/models/reports.server";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { NO_SCRIPTS } from "~/utils/hydration";

const NO_ERRORS: ReportQueryErrors = {};

// A page of figures, charts and one GET form: it loads no scripts (app/utils/hydration.ts).
export const handle = NO_SCRIPTS;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const options = await reportOptions(db);
  const query = parseReportQuery(new URL(request.url).searchParams, options, new Date());
  if (!query.ok) {
    return data(
      { options, values: query.values, errors: query.errors, range: null, report: null },
      { status: 400 },
    );
  }
  const { range, filters } = query;
  return {
    options,
    values: query.values,
    errors: NO_ERRORS,
    range,
    report: await fullReport(db, range, filters),
  };
}

type Formats = ReturnType<typeof createFormats>;

function createFormats(locale: Locale) {
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const share = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  return {
    integer: (value: number) => integer.format(value),
    decimal: (value: number | null) => (value === null ? "–" : decimal.format(value)),
    percent: (value: number | null) => (value === null ? "–" : share.format(value)),
  };
}

// Creating a NumberFormat costs far more than using one (a year's report formats hundreds of
// figures with three of them), so each locale keeps its own.
const formatsByLocale = new Map<Locale, Formats>();

function formats(locale: Locale): Formats {
  let cached = formatsByLocale.get(locale);
  if (!cached) {
    cached = createFormats(locale);
    formatsByLocale.set(locale, cached);
  }
  return cached;
}

/** "Highest 127 (v. 42), lowest 101 (v. 39). The figures are also in the table." */
function describe(t: Translate, data: ChartDatum[], labelOf: (datum: ChartDatum) => string) {
  if (data.length === 0) return t("reports.chartHint");
  const max = data.reduce((best, datum) => (datum.value > best.value ? datum : best));
  const min = data.reduce((least, datum) => (datum.value < least.value ? datum : least));
  return `${t("reports.chartRange", {
    max: max.display,
    maxLabel: labelOf(max),
    min: min.display,
    minLabel: labelOf(min),
  })} ${t("reports.chartHint")}`;
}

export default function StaffReports() {
  const { options, values, errors, range, report } = useLoaderData<typeof loader>();
  const { locale, t } = useI18n();
  const format = formats(locale);
  const errorOf = (field: keyof ReportQueryErrors): string | null => {
    const key = errors[field];
    return key ? t(key) : null;
  };
  const csvQuery = new URLSearchParams(
    Object.entries(values).filter(([, value]) => value !== ""),
  ).toString();
  const csvLink = (name: string, label: string) => (
    <p className="report__download">
      <a href={`/staff/reports/${name}.csv?${csvQuery}`} download>
        {t("reports.csvLabel", { name: label })}
      </a>
    </p>
  );

  return (
    <div className="page reports">
      <h1>{t("reports.title")}</h1>
      <p>{t("reports.intro")}</p>

      <Form method="get" className="filters" aria-labelledby="report-filters">
        <h2 id="report-filters" className="visually-hidden">
          {t("reports.filters")}
        </h2>
        {Object.keys(errors).length > 0 ? (
          <div className="error-summary" role="alert">
            <p>{t("reports.error.summary")}</p>
          </div>
        ) : null}
        <DateField
          name="from"
          label={t("reports.from")}
          value={values.from}
          error={errorOf("from")}
        />
        <DateField name="to" label={t("reports.to")} value={values.to} error={errorOf("to")} />
        <SelectField
          name="place"
          label={t("reports.place")}
          value={values.place}
          error={errorOf("place")}
          options={options.places}
        />
        <SelectField
          name="area"
          label={t("reports.area")}
          value={values.area}
          error={errorOf("area")}
          options={options.areas}
        />
        <div className="filters__actions">
          <button type="submit">{t("reports.show")}</button>
          <Link to="/staff/reports">{t("reports.default")}</Link>
        </div>
      </Form>

      {report && range ? (
        <>
          <p className="lead">
            <strong>
              {t("reports.period", {
                from: formatDate(locale, range.from, { year: true }),
                to: formatDate(locale, range.to, { year: true }),
              })}
            </strong>
            {": "}
            {report.weekly.sum.sessions === 0
              ? t("reports.nothing")
              : t("reports.summary", {
                  visitors: format.integer(report.weekly.sum.visitors),
                  sessions: format.integer(report.weekly.sum.sessions),
                  average: format.decimal(report.weekly.sum.average),
                })}
          </p>
          <WeeklySection report={report.weekly} format={format} csvLink={csvLink} />
          <TrendSection report={report.weekly} format={format} csvLink={csvLink} />
          <ActivitiesSection rows={report.activities} format={format} csvLink={csvLink} />
          <GroupSection
            name="areas"
            title={t("reports.areas.title")}
            chartTitle={t("reports.areas.chart")}
            column={t("reports.area.name")}
            rows={report.groups.areas.map((row) => ({ ...row, label: row.name }))}
            total={report.groups.total}
            format={format}
            csvLink={csvLink}
          />
          <GroupSection
            name="audiences"
            title={t("reports.audiences.title")}
            chartTitle={t("reports.audiences.chart")}
            column={t("reports.audience")}
            rows={report.groups.audiences.map((row) => ({
              ...row,
              label: t(`audience.${row.key}`),
            }))}
            total={report.groups.total}
            format={format}
            csvLink={csvLink}
          />
          <ShowUpSection report={report.showUp} format={format} csvLink={csvLink} />
        </>
      ) : null}

      <section aria-labelledby="definitions-title" className="report-definitions">
        <h2 id="definitions-title">{t("reports.definitions")}</h2>
        <ul>
          <li>{t("reports.def.session")}</li>
          <li>{t("reports.def.week")}</li>
          <li>{t("reports.def.average")}</li>
          <li>{t("reports.def.showup")}</li>
          <li>{t("reports.def.trend")}</li>
        </ul>
      </section>
    </div>
  );
}

function DateField({
  name,
  label,
  value,
  error,
}: {
  name: string;
  label: string;
  value: string;
  error: string | null;
}) {
  const { t } = useI18n();
  const id = `report-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="date"
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
      <p className="hint" id={`${id}-hint`}>
        {t("reports.dateHint")}
      </p>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function SelectField({
  name,
  label,
  value,
  error,
  options,
}: {
  name: string;
  label: string;
  value: string;
  error: string | null;
  options: { slug: string; name: string }[];
}) {
  const { t } = useI18n();
  const id = `report-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <option value="">{t("reports.any")}</option>
        {options.map((option) => (
          <option key={option.slug} value={option.slug}>
            {option.name}
          </option>
        ))}
      </select>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

type LoaderReport = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["report"]>;
type CsvLink = (name: string, label: string) => ReactNode;

function Section({ name, title, children }: { name: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${name}-title`} className="report" id={name}>
      <h2 id={`${name}-title`}>{title}</h2>
      {children}
    </section>
  );
}

/** "31 aug–6 sep": short enough for a table cell on a phone; a date never breaks in two. */
function shortRange(locale: Locale, first: string, last: string): string {
  const months = messageList(locale, "months.short");
  const dayMonth = (date: string) => {
    const { month, day } = parseLocalDate(date);
    return `${day}\u00a0${months[month - 1]}`;
  };
  return first === last ? dayMonth(first) : `${dayMonth(first)}–${dayMonth(last)}`;
}

function WeekCell({ week }: { week: LoaderReport["weekly"]["weeks"][number] }) {
  const { locale, t } = useI18n();
  return (
    <th scope="row">
      {t("week.short", { week: week.week.week })}
      <br />
      <span className="muted">
        {shortRange(locale, week.first, week.last)}
        {week.partial ? ` (${t("reports.partial")})` : null}
      </span>
    </th>
  );
}

function WeeklySection({
  report,
  format,
  csvLink,
}: {
  report: LoaderReport["weekly"];
  format: Formats;
  csvLink: CsvLink;
}) {
  const { t } = useI18n();
  const title = t("reports.weekly.title");
  const placeName = (name: string | null) => name ?? t("reports.noPlace");
  return (
    <Section name="weekly" title={title}>
      {report.places.map((place, index) => {
        const chart = report.weeks.map((week, i) => ({
          label: String(week.week.week),
          value: place.visitors[i],
          display: format.integer(place.visitors[i]),
        }));
        const chartTitle = t("reports.weekly.chart", { place: placeName(place.name) });
        return (
          <ChartFigure key={place.id ?? "none"} caption={chartTitle}>
            <ColumnChart
              id={`weekly-chart-${index}`}
              title={chartTitle}
              description={describe(t, chart, (datum) => t("week.short", { week: datum.label }))}
              data={chart}
              axisLabel={t("reports.week")}
            />
          </ChartFigure>
        );
      })}
      <div className="table-scroll">
        <table className="report__table" id="weekly-table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("reports.week")}</th>
              {report.places.map((place) => (
                <th scope="col" key={place.id ?? "none"} className="num">
                  {placeName(place.name)}
                </th>
              ))}
              <th scope="col" className="num">
                {t("reports.total")}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.weeks.map((week, i) => (
              <tr key={week.key}>
                <WeekCell week={week} />
                {report.places.map((place) => (
                  <td key={place.id ?? "none"} className="num">
                    {format.integer(place.visitors[i])}
                  </td>
                ))}
                <td className="num">{format.integer(report.total[i].visitors)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.weeks.some((week) => week.partial) ? (
        <p className="hint">{t("reports.partialNote")}</p>
      ) : null}
      {csvLink("weekly", title)}
    </Section>
  );
}

function TrendSection({
  report,
  format,
  csvLink,
}: {
  report: LoaderReport["weekly"];
  format: Formats;
  csvLink: CsvLink;
}) {
  const { t } = useI18n();
  const title = t("reports.trend.title");
  const chart = report.weeks.map((week, i) => ({
    label: String(week.week.week),
    value: report.total[i].visitors,
    display: format.integer(report.total[i].visitors),
  }));
  const slope = report.slope;
  const change = slope === null ? "" : format.decimal(Math.abs(slope));
  const verdict =
    slope === null
      ? t("reports.trend.none")
      : Math.abs(slope) < 0.5
        ? t("reports.trend.flat")
        : t(slope > 0 ? "reports.trend.up" : "reports.trend.down", { change });
  return (
    <Section name="trend" title={title}>
      <p>{verdict}</p>
      <ChartFigure caption={t("reports.trend.chart")}>
        <LineChart
          id="trend-chart"
          title={t("reports.trend.chart")}
          description={`${verdict} ${describe(t, chart, (datum) =>
            t("week.short", { week: datum.label }),
          )}`}
          data={chart}
          axisLabel={t("reports.week")}
        />
      </ChartFigure>
      <div className="table-scroll">
        <table className="report__table" id="trend-table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("reports.week")}</th>
              <th scope="col" className="num">
                {t("reports.visitors")}
              </th>
              <th scope="col" className="num">
                {t("reports.sessions")}
              </th>
              <th scope="col" className="num">
                {t("reports.average")}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.weeks.map((week, i) => (
              <tr key={week.key}>
                <WeekCell week={week} />
                <td className="num">{format.integer(report.total[i].visitors)}</td>
                <td className="num">{format.integer(report.total[i].sessions)}</td>
                <td className="num">
                  {format.decimal(
                    report.total[i].sessions > 0
                      ? report.total[i].visitors / report.total[i].sessions
                      : null,
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {csvLink("weekly", title)}
    </Section>
  );
}

function TurnoutHead({ first, extra }: { first: string; extra?: string }) {
  const { t } = useI18n();
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {extra ? <th scope="col">{extra}</th> : null}
        <th scope="col" className="num">
          {t("reports.sessions")}
        </th>
        <th scope="col" className="num">
          {t("reports.visitors")}
        </th>
        <th scope="col" className="num">
          {t("reports.average")}
        </th>
      </tr>
    </thead>
  );
}

function TurnoutCells({
  row,
  format,
}: {
  row: { sessions: number; visitors: number; average: number | null };
  format: Formats;
}) {
  return (
    <>
      <td className="num">{format.integer(row.sessions)}</td>
      <td className="num">{format.integer(row.visitors)}</td>
      <td className="num">{format.decimal(row.average)}</td>
    </>
  );
}

function ActivitiesSection({
  rows,
  format,
  csvLink,
}: {
  rows: LoaderReport["activities"];
  format: Formats;
  csvLink: CsvLink;
}) {
  const { t } = useI18n();
  const title = t("reports.activities.title");
  const name = (row: LoaderReport["activities"][number]) =>
    row.status === "ended" ? `${row.title} (${t("reports.ended")})` : row.title;
  const chart = rows.map((row) => ({
    label: name(row),
    value: row.average ?? 0,
    display: format.decimal(row.average),
  }));
  return (
    <Section name="activities" title={title}>
      {rows.length === 0 ? (
        <p>{t("reports.nothing")}</p>
      ) : (
        <>
          <ChartFigure caption={t("reports.activities.chart")}>
            <BarChart
              id="activities-chart"
              title={t("reports.activities.chart")}
              description={describe(t, chart, (datum) => datum.label)}
              data={chart}
            />
          </ChartFigure>
          <div className="table-scroll">
            <table className="report__table" id="activities-table">
              <caption className="visually-hidden">{title}</caption>
              <TurnoutHead first={t("reports.activity")} extra={t("reports.where")} />
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id} data-activity={row.slug}>
                    <th scope="row">{name(row)}</th>
                    <td>{row.placeName ?? row.areaName}</td>
                    <TurnoutCells row={row} format={format} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {csvLink("activities", title)}
        </>
      )}
    </Section>
  );
}

function GroupSection({
  name,
  title,
  chartTitle,
  column,
  rows,
  total,
  format,
  csvLink,
}: {
  name: string;
  title: string;
  chartTitle: string;
  column: string;
  rows: { label: string; sessions: number; visitors: number; average: number | null }[];
  total: { sessions: number; visitors: number; average: number | null };
  format: Formats;
  csvLink: CsvLink;
}) {
  const { t } = useI18n();
  const chart = rows.map((row) => ({
    label: row.label,
    value: row.average ?? 0,
    display: format.decimal(row.average),
  }));
  return (
    <Section name={name} title={title}>
      {rows.length === 0 ? (
        <p>{t("reports.nothing")}</p>
      ) : (
        <>
          <ChartFigure caption={chartTitle}>
            <BarChart
              id={`${name}-chart`}
              title={chartTitle}
              description={describe(t, chart, (datum) => datum.label)}
              data={chart}
            />
          </ChartFigure>
          <div className="table-scroll">
            <table className="report__table" id={`${name}-table`}>
              <caption className="visually-hidden">{title}</caption>
              <TurnoutHead first={column} />
              <tbody>
                {rows.map((row) => (
                  <tr key={row.label}>
                    <th scope="row">{row.label}</th>
                    <TurnoutCells row={row} format={format} />
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t("reports.total")}</th>
                  <TurnoutCells row={total} format={format} />
                </tr>
              </tfoot>
            </table>
          </div>
          {csvLink(name, title)}
        </>
      )}
    </Section>
  );
}

function ShowUpSection({
  report,
  format,
  csvLink,
}: {
  report: LoaderReport["showUp"];
  format: Formats;
  csvLink: CsvLink;
}) {
  const { t } = useI18n();
  const title = t("reports.showup.title");
  const chart = report.activities.map((row) => ({
    label: row.title,
    value: row.rate ?? 0,
    display: format.percent(row.rate),
  }));
  const cells = (row: LoaderReport["showUp"]["total"]) => (
    <>
      <td className="num">{format.integer(row.sessions)}</td>
      <td className="num">{format.integer(row.signedUp)}</td>
      <td className="num">{format.integer(row.showedUp)}</td>
      <td className="num">{format.percent(row.rate)}</td>
    </>
  );
  return (
    <Section name="showup" title={title}>
      <p>{t("reports.showup.intro")}</p>
      {report.activities.length === 0 ? (
        <p>{t("reports.showup.none")}</p>
      ) : (
        <>
          <ChartFigure caption={t("reports.showup.chart")}>
            <BarChart
              id="showup-chart"
              title={t("reports.showup.chart")}
              description={describe(t, chart, (datum) => datum.label)}
              data={chart}
              max={1}
            />
          </ChartFigure>
          <div className="table-scroll">
            <table className="report__table" id="showup-table">
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("reports.activity")}</th>
                  <th scope="col" className="num">
                    {t("reports.sessions")}
                  </th>
                  <th scope="col" className="num">
                    {t("reports.signedUp")}
                  </th>
                  <th scope="col" className="num">
                    {t("reports.showedUp")}
                  </th>
                  <th scope="col" className="num">
                    {t("reports.rate")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.activities.map((row) => (
                  <tr key={row.id} data-activity={row.slug}>
                    <th scope="row">{row.title}</th>
                    {cells(row)}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t("reports.total")}</th>
                  {cells(report.total)}
                </tr>
              </tfoot>
            </table>
          </div>
        </>
      )}
      {csvLink("showup", title)}
    </Section>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("staff.reports")) }, { name: "robots", content: "noindex" }];
};
