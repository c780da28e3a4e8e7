import type { Translator } from '../platform/i18n/i18n.js';
import type { BarDatum } from './charts.js';
import type { FigureView } from './dashboards.figures.js';
import type { ResolvedQuery } from './dashboards.service.js';
import type { CellValue } from './downloads.js';
import { categoryLabel } from './stats.labels.js';

/** A dashboard figure as bars (labels in the reader's language, hidden counts as null). */
export function figureBars(t: Translator, f: FigureView): BarDatum[] {
  return f.rows.map((r) => ({ label: categoryLabel(t, f.key, r.category), value: r.value }));
}

/** A dashboard figure as rows of a download: hidden counts written "fewer than N", the total of a distribution last. */
export function figureSheet(t: Translator, f: FigureView, threshold: number): CellValue[][] {
  const hidden = t('dashboards.fewerThan', { threshold });
  const sheet: CellValue[][] = figureBars(t, f).map((d) => [d.label, d.value === null ? hidden : d.value]);
  if (f.kind === 'distribution') sheet.push([t('dashboards.total'), f.total === null ? hidden : f.total]);
  return sheet;
}

/** abri-<office>-<from>-<to>-<suffix>. */
export function dashboardFileName(r: Pick<ResolvedQuery, 'viewCode' | 'from' | 'to'>, suffix: string): string {
  return `abri-${r.viewCode}-${r.from}-${r.to}-${suffix}`;
}
