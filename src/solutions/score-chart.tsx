import type { Translator } from '../platform/i18n/i18n.js';
import { DIMENSIONS } from './survey.js';

export interface ChartPoint {
  /** Two short lines under the point: the survey kind and its date. */
  label: [string, string];
  economic: number | null;
  social: number | null;
  psychosocial: number | null;
  composite: number | null;
}

const SERIES = [...DIMENSIONS, 'composite'] as const;
const W = 640;
const H = 290;
const PAD = { top: 16, side: 16, axis: 40, bottom: 56 };
/** Points are kept away from the plot's edges so their two-line labels are not cut. */
const INSET = 56;

/**
 * The reintegration scores over time as a server-rendered SVG (no script), one line per score with distinct
 * dash patterns and point shapes so colour is not the only cue, and the low band shaded. Time runs in the
 * reading direction (right to left in Arabic). The table beside it carries the same numbers.
 */
export function ScoreChart(props: { t: Translator; points: ChartPoint[]; bands: { low: number; high: number } }) {
  const { t, points } = props;
  const rtl = t.dir === 'rtl';
  // The axis sits on the reading side: left in LTR, right in RTL.
  const plotL = rtl ? PAD.side : PAD.axis;
  const plotR = rtl ? W - PAD.axis : W - PAD.side;
  const innerH = H - PAD.top - PAD.bottom;
  const span = plotR - plotL - 2 * INSET;
  const pos = (i: number) => (points.length <= 1 ? span / 2 : (i * span) / (points.length - 1));
  const x = (i: number) => (rtl ? plotR - INSET - pos(i) : plotL + INSET + pos(i));
  const y = (v: number) => PAD.top + innerH - v * innerH;
  const titleId = 'score-chart-title';
  return (
    <figure class="score-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} class="score-chart-svg">
        <title id={titleId}>{t('solutions.chart.title')}</title>
        <rect x={plotL} y={y(props.bands.low)} width={plotR - plotL} height={y(0) - y(props.bands.low)} class="band-low" />
        {[0, 0.25, 0.5, 0.75, 1].map((v) => (
          <g>
            <line x1={plotL} x2={plotR} y1={y(v)} y2={y(v)} class="grid" />
            <text x={rtl ? plotR + 6 : plotL - 6} y={y(v) + 4} class="axis" text-anchor={rtl ? 'start' : 'end'}>
              {t.number(v)}
            </text>
          </g>
        ))}
        {points.map((p, i) => (
          <text x={x(i)} y={H - PAD.bottom + 20} class="axis" text-anchor="middle" direction={t.dir} unicode-bidi="embed">
            <tspan x={x(i)}>{p.label[0]}</tspan>
            <tspan x={x(i)} dy="16">
              {p.label[1]}
            </tspan>
          </text>
        ))}
        {SERIES.map((s) => {
          const coords = points
            .map((p, i) => (p[s] === null ? null : ([x(i), y(p[s] as number)] as const)))
            .filter((c): c is readonly [number, number] => c !== null);
          return (
            <g class={`series series-${s}`}>
              {coords.length > 1 ? <polyline points={coords.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')} fill="none" /> : null}
              {coords.map(([a, b]) => (s === 'composite' ? <rect x={a - 4} y={b - 4} width="8" height="8" /> : <circle cx={a} cy={b} r="4" />))}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul class="chart-legend">
          {SERIES.map((s) => (
            <li class={`legend-${s}`}>
              <span class="legend-swatch" aria-hidden="true" />
              {t(`solutions.dimensions.${s}`)}
            </li>
          ))}
          <li class="legend-band">
            <span class="legend-swatch" aria-hidden="true" />
            {t('solutions.chart.lowBand', { low: t.number(props.bands.low) })}
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
