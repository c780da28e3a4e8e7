import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { I18n } from '../platform/i18n/i18n.js';
import { renderFragment } from '../platform/views/render.js';
import { BarChart, type BarDatum } from './charts.js';

const i18n = new I18n();
const data: BarDatum[] = [
  { label: 'Female', value: 9589 },
  { label: 'Male', value: 7995 },
  { label: 'Transgender', value: null },
];

function render(locale: 'en' | 'ar', d = data): string {
  return renderFragment(
    <BarChart
      t={i18n.translator(locale)}
      id="chart-gender"
      title="Gender"
      data={d}
      categoryLabel="Gender"
      valueLabel="People"
      total={{ label: 'Total', value: null }}
      csvHref="/x.csv"
    />,
  );
}

describe('bar chart', () => {
  it('is an SVG image with a title and a description, followed by the same numbers in a table', () => {
    const html = render('en');
    assert.match(html, /<svg class="chart-svg"[^>]*role="img"[^>]*aria-labelledby="chart-gender-title chart-gender-desc"/);
    assert.match(html, /<title id="chart-gender-title">Gender<\/title>/);
    assert.match(
      html,
      /<desc id="chart-gender-desc">Bar chart with 3 bars\. 1 count is hidden to protect small numbers\. The numbers are in the table below\.<\/desc>/,
    );
    assert.equal((html.match(/class="chart-bar"/g) ?? []).length, 2);
    assert.equal((html.match(/class="chart-bar-hidden"/g) ?? []).length, 1);
    assert.match(html, /<th scope="row"><bdi>Female<\/bdi><\/th><td class="numeric">9,589<\/td>/);
    assert.match(html, /<th scope="row"><bdi>Transgender<\/bdi><\/th><td class="numeric"><span class="figure-hidden">hidden<\/span><\/td>/);
    assert.match(html, /<a href="\/x.csv" download>Download these figures \(CSV\)<\/a>/);
    assert.ok(!html.includes('style='), 'no inline style (CSP)');
  });

  it('adds the share of a published total to each count, hidden where the count is', () => {
    const html = renderFragment(
      <BarChart
        t={i18n.translator('fr')}
        id="c"
        title="Genre"
        data={[
          { label: 'Femme', value: 75 },
          { label: 'Homme', value: null },
        ]}
        categoryLabel="Genre"
        valueLabel="Personnes"
        total={{ label: 'Total', value: 100 }}
      />,
    );
    assert.match(html, /<th scope="col" class="numeric">Part<\/th>/);
    assert.match(html, /<td class="numeric">75<\/td><td class="numeric">75,0\s%<\/td>/);
    assert.match(html, /<bdi>Homme<\/bdi><\/th><td class="numeric"><span class="figure-hidden">masqué<\/span><\/td><td class="numeric"><span class="figure-hidden">masqué<\/span><\/td>/);
  });

  it('draws bars in proportion, a hidden count with no length that says anything', () => {
    const html = render('en', [
      { label: 'a', value: 100 },
      { label: 'b', value: 50 },
      { label: 'c', value: null },
      { label: 'd', value: null },
    ]);
    const widths = [...html.matchAll(/<rect x="[^"]+" y="[^"]+" width="([^"]+)" height="18" class="(chart-bar[^"]*)"/g)].map((m) => [Number(m[1]), m[2]]);
    assert.equal(widths.length, 4);
    assert.ok(Math.abs((widths[0]?.[0] as number) / (widths[1]?.[0] as number) - 2) < 0.01);
    assert.equal(widths[2]?.[0], widths[3]?.[0], 'hidden bars all look the same');
  });

  it('mirrors for right-to-left languages and keeps number ranges readable', () => {
    const ltr = render('en', [{ label: '0–29', value: 10 }]);
    const rtl = render('ar', [{ label: '0–29', value: 10 }]);
    const bar = (html: string) => {
      const m = /<rect x="([^"]+)" y="[^"]+" width="([^"]+)"[^>]*class="chart-bar"/.exec(html);
      return [Number(m?.[1]), Number(m?.[2])] as const;
    };
    assert.equal(bar(ltr)[0], 210, 'left to right: bars start after the labels');
    const [x, width] = bar(rtl);
    assert.equal(x + width, 640 - 210, 'right to left: bars end where the labels start, on the right');
    assert.match(rtl, /direction="rtl"/);
    assert.match(rtl, /\u20680–29\u2069/, 'the label is isolated in the SVG');
    assert.match(rtl, /<bdi dir="ltr">0–29<\/bdi>/, 'and left-to-right in the table');
  });
});
