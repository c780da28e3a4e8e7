import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { I18n } from '../platform/i18n/i18n.js';
import { renderFragment } from '../platform/views/render.js';
import { BarChart, type BarDatum, dashboardStyle } from './charts.js';

/** Issue 21, point 9: a dashboard figure is one chart with its table folded beneath; an empty chart says so. */
const i18n = new I18n();

function render(locale: 'en' | 'fr' | 'ar', data: BarDatum[]): string {
  const t = i18n.translator(locale);
  return renderFragment(
    <BarChart
      t={t}
      id="chart-x"
      title="Gender"
      data={data}
      categoryLabel="Gender"
      valueLabel="Cases"
      total={{ label: 'Total', value: 128 }}
      style={dashboardStyle(t, 10)}
    />,
  );
}

describe('dashboard figures people can read', () => {
  it('draws each figure once, its table folded in a details element beneath the chart', () => {
    const html = render('en', [
      { label: 'Women', value: 85 },
      { label: 'Men', value: null },
    ]);
    assert.equal((html.match(/<svg/g) ?? []).length, 1);
    assert.match(html, /<\/svg><details class="chart-table"><summary>Show the figures as a table<\/summary><div class="table-wrap"><table class="figures">/);
  });

  it('says truthfully why a cell is hidden, never "fewer than 10" for a cell that may hold more', () => {
    const html = render('fr', [
      { label: 'Femmes', value: 85 },
      { label: 'Hommes', value: null },
    ]);
    assert.match(html, /<span class="figure-hidden">masqué<\/span>/);
    assert.doesNotMatch(html, /figure-hidden">moins de/);
    assert.match(html, /ne puisse pas être déduit des autres chiffres/);
  });

  it('says there is nothing to show instead of drawing an empty axis when every count is hidden or zero', () => {
    const html = render('ar', [
      { label: 'نساء', value: null },
      { label: 'رجال', value: 0 },
    ]);
    assert.doesNotMatch(html, /<svg/);
    assert.match(html, /<p class="chart-empty">لا شيء يُعرض لهذه الفترة/);
    assert.match(html, /<details class="chart-table">/);
  });
});
