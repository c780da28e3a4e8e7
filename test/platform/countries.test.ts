import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { COUNTRY_CODES, countryName, countryOptions, isCountry, isCurrentCountry } from '../../src/platform/countries.js';

const require = createRequire(import.meta.url);
// A maintained ISO 3166-1 list, used here only to check Abri's own data file against it.
const iso = require('i18n-iso-countries') as { getAlpha2Codes(): Record<string, string> };

describe('country lists', () => {
  for (const locale of ['fr', 'en', 'es', 'ar']) {
    it(`offers each country once, by its name, in ${locale}`, () => {
      const options = countryOptions(locale);
      const labels = options.map((o) => o.label);
      assert.deepEqual(
        options.filter((o) => o.label === o.value || /^[A-Z][A-Z0-9]$/.test(o.label)),
        [],
        'a country shown as its raw code',
      );
      const twice = labels.filter((l, i) => labels.indexOf(l) !== i);
      assert.deepEqual(twice, [], 'a name offered twice');
    });
  }

  it('offers exactly the current ISO 3166-1 codes (and XK), no legacy code', () => {
    const offered = countryOptions('en')
      .map((o) => o.value)
      .sort();
    assert.deepEqual(offered, Object.keys(iso.getAlpha2Codes()).sort());
    for (const legacy of ['AN', 'TB', 'Y1']) {
      assert.ok(!offered.includes(legacy), legacy);
      assert.ok(isCountry(legacy), `${legacy} is still read`);
      assert.ok(!isCurrentCountry(legacy), `${legacy} is refused in a form`);
    }
  });

  it("names a legacy code without taking a current country's name", () => {
    assert.notEqual(countryName('AN', 'en'), countryName('CW', 'en'));
    assert.notEqual(countryName('TB', 'fr'), 'TB');
    assert.notEqual(countryName('Y1', 'ar'), 'Y1');
    assert.ok(COUNTRY_CODES.includes('XK'));
  });
});
