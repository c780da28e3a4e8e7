import type { Translator } from '../platform/i18n/i18n.js';
import { DIMENSIONS } from './survey.js';

export interface ChartPoint {
  label: string;
  economic: number | null;
  social: number | null;
  psychosocial: number | null;
  composite: number | null;
}

const SERIES = [...DIMENSIONS, 'composite'] as const;
const W = 640;
const H = 280;
const PAD = { top: 16, right: 16, bottom: 48, left: 44 };

/**
 * The reintegration scores over time as a server-rendered SVG (no script), one line per score with distinct
 * dash patterns and point shapes so colour is not the only cue. The table beside it carries the same numbers.
 */
export function ScoreChart(props: { t: Translator; points: ChartPoint[]; bands: { low: number; high: number } }) {
  const { t, points } = props;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length <= 1 ? innerW / 2 : (i * innerW) / (points.length - 1));
  const y = (v: number) => PAD.top + innerH - v * innerH;
  const rtl = t.dir === 'rtl';
  const xx = (i: number) => (rtl ? W - x(i) : x(i));
  const titleId = 'score-chart-title';
  return (
    <figure class="score-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} class="score-chart-svg">
        <title id={titleId}>{t('solutions.chart.title')}</title>
        <rect x={PAD.left} y={y(props.bands.low)} width={innerW} height={y(0) - y(props.bands.low)} class="band-low" />
        {[0, 0.25, 0.5, 0.75, 1].map((v) => (
          <g>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} class="grid" />
            <text x={rtl ? W - PAD.left + 6 : PAD.left - 6} y={y(v) + 4} class="axis" text-anchor={rtl ? 'start' : 'end'}>
              {t.number(v)}
            </text>
          </g>
        ))}
        {points.map((p, i) => (
          <text x={xx(i)} y={H - PAD.bottom + 20} class="axis" text-anchor="middle">
            {p.label}
          </text>
        ))}
        {SERIES.map((s) => {
          const coords = points.map((p, i) => (p[s] === null ? null : ([xx(i), y(p[s] as number)] as const))).filter((c): c is readonly [number, number] => c !== null);
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
        </ul>
      </figcaption>
    </figure>
  );
}
