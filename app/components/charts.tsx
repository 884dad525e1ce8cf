import type { ReactNode } from "react";

/**
 * Server-rendered SVG charts: no JavaScript, no library. Each is one `role="img"` named by its
 * <title> and <desc>; the text inside is hidden from assistive technology, so a page always puts
 * the same figures in a table next to the chart.
 *
 * Widths are percentages of the chart's own width and heights are pixels, so text keeps its size
 * on a phone and on a wide screen instead of shrinking with a viewBox.
 */

export type ChartDatum = {
  /** Category or axis label ("Pratcafé", "47"). */
  label: string;
  value: number;
  /** The value as the page shows it ("49,6", "85 %"). */
  display: string;
};

type ChartProps = {
  id: string;
  title: string;
  description: string;
  data: ChartDatum[];
};

const INK = "#1b1f23";
const MUTED = "#4d5560";
const BAR = "#0b5d4b";
const GRID = "#c9d1cc";
const FONT = 14;
const SMALL = 12;

function Frame({
  id,
  title,
  description,
  height,
  gutter = 0,
  children,
}: {
  id: string;
  title: string;
  description: string;
  height: number;
  /** Room at the left for the value axis, drawn at negative x. */
  gutter?: number;
  children: ReactNode;
}) {
  return (
    <svg
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      width="100%"
      height={height}
      className="chart"
      fontFamily="system-ui, sans-serif"
      fontSize={FONT}
      fill={INK}
      // Padding shrinks the SVG viewport, so percentages measure the plot only.
      style={{ display: "block", overflow: "visible", paddingInlineStart: gutter }}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {children}
    </svg>
  );
}

/** A chart with its visible caption; the table with the same figures goes next to it. */
export function ChartFigure({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <figure className="chart-figure" style={{ margin: "1rem 0 1.5rem" }}>
      <figcaption className="chart-figure__caption" style={{ fontWeight: 600 }}>
        {caption}
      </figcaption>
      {children}
    </figure>
  );
}

/** A round upper bound for the axis and its steps: 0, 50, 100, 150 rather than 0, 43, 86, 129. */
function niceScale(max: number, maxSteps = 4): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 1 };
  const rough = max / maxSteps;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= rough) ?? rough;
  return { top: Math.ceil(max / step) * step, step };
}

const percent = (value: number) => `${Math.round(value * 1000) / 1000}%`;
/** Pixels to a tenth: finer is invisible, and a year of weeks would carry 17 digits each. */
const px = (value: number) => Math.round(value * 10) / 10;

// Long names would run off a phone's screen; the table beside the chart has them in full.
function shorten(label: string, max = 34): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/** Horizontal bars, one per category, each labelled above its bar with its value after it. */
export function BarChart({ id, title, description, data, max }: ChartProps & { max?: number }) {
  const rowHeight = 46;
  const top = max ?? Math.max(0, ...data.map((datum) => datum.value));
  // Bars use at most 80 % of the width so the value always fits after the longest one.
  const width = (value: number) => (top > 0 ? (value / top) * 80 : 0);
  return (
    <Frame id={id} title={title} description={description} height={data.length * rowHeight + 4}>
      {data.map((datum, index) => {
        const y = index * rowHeight;
        const barWidth = width(datum.value);
        return (
          <g key={index}>
            <text x="0" y={y + 16}>
              {shorten(datum.label)}
            </text>
            <rect x="0" y={y + 22} width={percent(barWidth)} height="18" rx="2" fill={BAR} />
            <text x={percent(barWidth + 1.5)} y={y + 36} fontWeight="600">
              {datum.display}
            </text>
          </g>
        );
      })}
    </Frame>
  );
}

type SeriesChartProps = ChartProps & { axisLabel?: string };

const PLOT_TOP = 22;
const GUTTER = 36;
const PLOT_HEIGHT = 170;
const SERIES_HEIGHT = PLOT_TOP + PLOT_HEIGHT + 44;

/** Horizontal grid lines, their values in the gutter at the left. */
function Grid({ top, step }: { top: number; step: number }) {
  const lines = [];
  for (let value = 0; value <= top + step / 2; value += step) lines.push(value);
  return (
    <g>
      {lines.map((value) => {
        const y = px(PLOT_TOP + PLOT_HEIGHT - (value / top) * PLOT_HEIGHT);
        return (
          <g key={value}>
            <line x1="0" x2="100%" y1={y} y2={y} stroke={GRID} strokeWidth="1" />
            <text x="-6" y={y + 4} fontSize={SMALL} fill={MUTED} textAnchor="end">
              {Math.round(value * 100) / 100}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** Axis labels under the slots, thinned out so they never overlap on a phone. */
function XLabels({ data, axisLabel }: { data: ChartDatum[]; axisLabel?: string }) {
  const every = Math.max(1, Math.ceil(data.length / 12));
  const slot = 100 / Math.max(1, data.length);
  return (
    <g fontSize={SMALL} fill={MUTED}>
      {data.map((datum, index) =>
        index % every === 0 ? (
          <text
            key={index}
            x={percent((index + 0.5) * slot)}
            y={PLOT_TOP + PLOT_HEIGHT + 16}
            textAnchor="middle"
          >
            {datum.label}
          </text>
        ) : null,
      )}
      {axisLabel ? (
        <text x="50%" y={PLOT_TOP + PLOT_HEIGHT + 36} textAnchor="middle">
          {axisLabel}
        </text>
      ) : null}
    </g>
  );
}

/** Vertical bars over equal slots, e.g. visitors per week. */
export function ColumnChart({ id, title, description, data, axisLabel }: SeriesChartProps) {
  const { top, step } = niceScale(Math.max(0, ...data.map((datum) => datum.value)));
  const slot = 100 / Math.max(1, data.length);
  // Values above the bars only while they fit a phone's width; the table has them all anyway.
  const showValues = data.length <= 12 && data.every((datum) => datum.display.length <= 3);
  return (
    <Frame id={id} title={title} description={description} height={SERIES_HEIGHT} gutter={GUTTER}>
      <Grid top={top} step={step} />
      {data.map((datum, index) => {
        const height = px((datum.value / top) * PLOT_HEIGHT);
        const y = px(PLOT_TOP + PLOT_HEIGHT - height);
        return (
          <g key={index}>
            <rect
              x={percent(index * slot + slot * 0.15)}
              y={y}
              width={percent(slot * 0.7)}
              height={height}
              fill={BAR}
            />
            {showValues && datum.value > 0 ? (
              <text
                x={percent((index + 0.5) * slot)}
                y={y - 4}
                textAnchor="middle"
                fontSize={SMALL}
                fontWeight="600"
              >
                {datum.display}
              </text>
            ) : null}
          </g>
        );
      })}
      <XLabels data={data} axisLabel={axisLabel} />
    </Frame>
  );
}

/** A line over equal slots, e.g. the weekly total as a trend. */
export function LineChart({ id, title, description, data, axisLabel }: SeriesChartProps) {
  const { top, step } = niceScale(Math.max(0, ...data.map((datum) => datum.value)));
  const slot = 100 / Math.max(1, data.length);
  const y = (value: number) => px(PLOT_TOP + PLOT_HEIGHT - (value / top) * PLOT_HEIGHT);
  // The line lives in an inner SVG stretched to the chart's width (a polyline cannot take
  // percentages); its height matches the outer one, so only x is scaled.
  const points = data
    .map((datum, index) => `${((index + 0.5) * slot * 10).toFixed(1)},${y(datum.value)}`)
    .join(" ");
  return (
    <Frame id={id} title={title} description={description} height={SERIES_HEIGHT} gutter={GUTTER}>
      <Grid top={top} step={step} />
      <svg
        x="0"
        y="0"
        width="100%"
        height={SERIES_HEIGHT}
        viewBox={`0 0 1000 ${SERIES_HEIGHT}`}
        preserveAspectRatio="none"
        overflow="visible"
      >
        <polyline
          points={points}
          fill="none"
          stroke={BAR}
          strokeWidth="3"
          strokeLinejoin="round"
          vectorEffect="non-scaling-stroke"
        />
      </svg>
      {data.map((datum, index) => (
        <circle
          key={index}
          cx={percent((index + 0.5) * slot)}
          cy={y(datum.value)}
          r="4"
          fill={BAR}
        />
      ))}
      <XLabels data={data} axisLabel={axisLabel} />
    </Frame>
  );
}
