import { scaleLinear } from 'd3-scale';
import type { Translator } from '../platform/i18n/i18n.js';
import type { Shown } from './suppression.js';

/**
 * Server-rendered SVG bar chart with its numbers in a table underneath: the chart is for the eye, the table for
 * screen readers, keyboard users and anyone who needs the exact figure. Hidden (small) counts are drawn as an empty
 * dashed bar of no particular length and written out in the table ("hidden" on the reference pages, "fewer than N"
 * on the dashboards, as each promises): the chart never hints at their size.
 * No script, no inline style (strict CSP): colours come from abri.css classes. The one chart of Abri's statistics.
 */

/** The words of a chart and its table, and how it lays out labels and shares: see referenceStyle, dashboardStyle. */
export interface ChartStyle {
  /** A hidden count, in the chart and the table. */
  hidden: string;
  /** The SVG description, from the number of bars and of hidden ones. */
  description: (count: number, hidden: number) => string;
  /** The note under a chart with hidden counts. */
  hiddenNote: string;
  downloadCsv: string;
  /** Header of the share column; shares are shown when the table has a published total. */
  share: string;
  shares: boolean;
  /** Labels isolated in their own direction (FSI…PDI in the SVG, <bdi> in the table). */
  isolate: boolean;
  /** The summary of the folded table under a chart, and the line shown instead of a chart with nothing to draw. */
  showTable?: string;
  nothingToShow?: string;
}

/** The reference data pages: "hidden", shares of the total, labels isolated. */
export function referenceStyle(t: Translator, threshold = 10): ChartStyle {
  return {
    hidden: t('stats.hidden'),
    description: (count, hidden) => t('stats.chartDescription', { count, hidden }),
    hiddenNote: t('stats.hiddenNote', { threshold }),
    downloadCsv: t('stats.downloadCsv'),
    share: t('stats.share'),
    shares: true,
    isolate: true,
  };
}

/** The dashboards: "fewer than N", counts only. */
export function dashboardStyle(t: Translator, threshold: number): ChartStyle {
  return {
    // Every hidden cell says the same, truthfully: telling "under the threshold" from "hidden to protect another"
    // cell by cell would tell which hidden cells hold at least the threshold, and could give a small one away.
    hidden: t('dashboardsRead.hidden'),
    description: (count, hidden) => t('dashboards.chartDescription', { count, hidden }),
    hiddenNote: t('dashboardsRead.hiddenNote', { threshold }),
    downloadCsv: t('dashboards.downloadCsv'),
    share: t('stats.share'),
    shares: false,
    isolate: false,
    showTable: t('dashboardsRead.showTable'),
    nothingToShow: t('dashboardsRead.nothingToShow'),
  };
}

export interface BarDatum {
  label: string;
  value: Shown;
}

export interface BarChartProps {
  t: Translator;
  /** Unique on the page: used for the ids that tie the SVG to its title and description. */
  id: string;
  title: string;
  data: readonly BarDatum[];
  /** Header of the label column of the table. */
  categoryLabel: string;
  /** Header of the number column. */
  valueLabel: string;
  /** Total row under the table, when the counts add up. */
  total?: { label: string; value: Shown } | undefined;
  /** Text under the table (notes, source). */
  notes?: readonly string[];
  /** A link to the figures as CSV, shown under the table. */
  csvHref?: string | undefined;
  /** The small-count threshold, for the note under a chart with hidden counts. Default 10. */
  threshold?: number;
  /** Default: referenceStyle with the threshold. */
  style?: ChartStyle;
}

const WIDTH = 640;
const LABEL_WIDTH = 210;
const VALUE_WIDTH = 90;
const ROW = 26;
const BAR = 18;
const TOP = 8;
const AXIS = 22;

/**
 * Labels are isolated so that their own direction wins: "0–29" or "48+" in an Arabic page would otherwise be
 * reordered by the bidirectional algorithm ("29–0", "+48"). FSI…PDI in SVG text; in HTML a <bdi>, left-to-right when
 * the label has no letter at all (Chromium resolves an "auto" without strong characters to the parent's direction).
 */
function isolate(label: string): string {
  return `\u2068${label}\u2069`;
}

/** SVG coordinates with two decimals: smaller markup, same drawing. */
function r2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Long labels are cut in the chart (the table keeps them whole). */
function shorten(label: string, max = 30): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

export function BarChart(props: BarChartProps) {
  const { t, id, data } = props;
  const rtl = t.dir === 'rtl';
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const max = Math.max(1, ...data.map((d) => d.value ?? 0));
  const x = scaleLinear().domain([0, max]).range([0, plot]).nice();
  const ticks = x.ticks(4);
  const height = TOP + data.length * ROW + AXIS;
  // In right-to-left pages the chart is mirrored: labels on the right, bars growing leftwards.
  const px = (pos: number, width = 0) => r2(rtl ? WIDTH - pos - width : pos);
  const style = props.style ?? referenceStyle(t, props.threshold ?? 10);
  const hidden = style.hidden;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const hiddenCount = data.filter((d) => d.value === null).length;
  const empty = style.nothingToShow !== undefined && data.every((d) => !d.value);
  const table = (
    <FiguresTable t={t} caption={props.title} categoryLabel={props.categoryLabel} valueLabel={props.valueLabel} data={data} total={props.total} style={style} />
  );
  return (
    <figure class="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} class="chart-caption">
        {props.title}
      </figcaption>
      {empty ? <p class="chart-empty">{style.nothingToShow}</p> : null}
      {empty ? null : (
        <svg
          class="chart-svg"
          viewBox={`0 0 ${WIDTH} ${height}`}
          width="100%"
          role="img"
          aria-labelledby={`${titleId} ${descId}`}
          preserveAspectRatio="xMinYMin meet"
        >
          <title id={titleId}>{props.title}</title>
          <desc id={descId}>{style.description(data.length, hiddenCount)}</desc>
          <g class="chart-grid">
            {ticks.map((tick) => {
              const gx = px(LABEL_WIDTH + x(tick));
              return (
                <g>
                  <line x1={gx} x2={gx} y1={TOP - 4} y2={TOP + data.length * ROW} class="chart-gridline" />
                  <text x={gx} y={TOP + data.length * ROW + 16} text-anchor="middle" class="chart-tick">
                    {t.number(tick)}
                  </text>
                </g>
              );
            })}
          </g>
          {data.map((d, i) => {
            const y = TOP + i * ROW;
            const w = d.value === null ? 0 : r2(Math.max(d.value > 0 ? 1 : 0, x(d.value)));
            return (
              <g class="chart-row">
                <text
                  x={rtl ? WIDTH - LABEL_WIDTH + 8 : LABEL_WIDTH - 8}
                  y={y + BAR / 2 + 5}
                  text-anchor="end"
                  direction={rtl ? 'rtl' : 'ltr'}
                  class="chart-label"
                >
                  {style.isolate ? isolate(shorten(d.label)) : shorten(d.label)}
                </text>
                {d.value === null ? (
                  <rect x={px(LABEL_WIDTH, plot * 0.08)} y={y} width={r2(plot * 0.08)} height={BAR} class="chart-bar-hidden" />
                ) : (
                  <rect x={px(LABEL_WIDTH, w)} y={y} width={w} height={BAR} class="chart-bar" />
                )}
                <text
                  x={r2(rtl ? WIDTH - LABEL_WIDTH - (d.value === null ? plot * 0.08 : w) - 6 : LABEL_WIDTH + (d.value === null ? plot * 0.08 : w) + 6)}
                  y={y + BAR / 2 + 5}
                  text-anchor="start"
                  direction={rtl ? 'rtl' : 'ltr'}
                  class={d.value === null ? 'chart-value chart-value-hidden' : 'chart-value'}
                >
                  {d.value === null ? hidden : t.number(d.value)}
                </text>
              </g>
            );
          })}
        </svg>
      )}
      {style.showTable ? (
        <details class="chart-table">
          <summary>{style.showTable}</summary>
          {table}
        </details>
      ) : (
        table
      )}
      {hiddenCount > 0 || props.notes?.length || props.csvHref ? (
        <div class="chart-notes">
          {hiddenCount > 0 ? <p class="hint">{style.hiddenNote}</p> : null}
          {props.notes?.map((n) => (
            <p class="hint">{n}</p>
          ))}
          {props.csvHref ? (
            <p>
              <a href={props.csvHref} download>
                {style.downloadCsv}
              </a>
            </p>
          ) : null}
        </div>
      ) : null}
    </figure>
  );
}

const percentFormats = new Map<string, Intl.NumberFormat>();
function percent(locale: string, share: number): string {
  let f = percentFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    percentFormats.set(locale, f);
  }
  return f.format(share);
}

/** The numbers of a chart as a table; hidden counts are written out, never left blank. */
export function FiguresTable(props: {
  t: Translator;
  caption: string;
  categoryLabel: string;
  valueLabel: string;
  data: readonly BarDatum[];
  total?: { label: string; value: Shown } | undefined;
  /** Default: referenceStyle. */
  style?: ChartStyle;
}) {
  const { t } = props;
  const style = props.style ?? referenceStyle(t);
  const show = (v: Shown) => (v === null ? <span class="figure-hidden">{style.hidden}</span> : t.number(v));
  // Shares of the total, when the total is published: what an office compares with CTDC figures.
  const total = style.shares ? (props.total?.value ?? null) : null;
  const share = (v: Shown) => (v === null ? <span class="figure-hidden">{style.hidden}</span> : percent(t.locale, v / (total as number)));
  return (
    <div class="table-wrap">
      <table class="figures">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.categoryLabel}</th>
            <th scope="col" class="numeric">
              {props.valueLabel}
            </th>
            {total ? (
              <th scope="col" class="numeric">
                {style.share}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {props.data.map((d) => (
            <tr>
              <th scope="row">{style.isolate ? <bdi dir={/\p{L}/u.test(d.label) ? undefined : 'ltr'}>{d.label}</bdi> : d.label}</th>
              <td class="numeric">{show(d.value)}</td>
              {total ? <td class="numeric">{share(d.value)}</td> : null}
            </tr>
          ))}
        </tbody>
        {props.total ? (
          <tfoot>
            <tr>
              <th scope="row">{props.total.label}</th>
              <td class="numeric">{show(props.total.value)}</td>
              {total ? <td class="numeric">{percent(t.locale, 1)}</td> : null}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
