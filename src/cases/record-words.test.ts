import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { I18n } from '../platform/i18n/i18n.js';
import { listDate } from './case-ui.js';
import { reasonText } from './screening/screening.views.js';
import { ageText, yearsSince } from './story.views.js';

/** Issue 21: the smaller wording defects, each checked in the language it was found in. */
describe('records in words', () => {
  const i18n = new I18n();

  it('shows the age as a number with how it was established, never "Unknown" beside a date of birth', () => {
    const en = i18n.translator('en');
    assert.equal(yearsSince('1990-12-04', '2026-12-03'), 35);
    assert.equal(yearsSince('1990-12-03', '2026-12-03'), 36);
    const withBirth = ageText(en, { identity: { birthDate: '1990-12-03' }, ageStatus: 'unknown', today: '2026-12-03' });
    assert.match(withBirth, /^36 years · from the date of birth recorded/);
    assert.doesNotMatch(withBirth, /Unknown/);
    assert.equal(
      ageText(en, { identity: { estimatedAge: 16 }, ageStatus: 'presumed_minor', today: '2026-12-03' }),
      'about 16 years · presumed under 18 until assessed',
    );
    assert.equal(ageText(en, { identity: {}, ageStatus: 'unknown', today: '2026-12-03' }), 'not known · how it was established is not recorded');
    assert.match(
      ageText(i18n.translator('fr'), { identity: { birthDate: '2025-06-01' }, ageStatus: 'documented', today: '2026-12-03' }),
      /^1 an · établi par un document/,
    );
  });

  it('writes French screening reasons without a gender agreement error', () => {
    const fr = i18n.translator('fr');
    const text = reasonText(fr, { code: 'dimensionPositive', values: { dimension: 'deceptive-recruitment', strong: 1, medium: 0, weak: 2 } });
    assert.doesNotMatch(text, /trompeur : positive/);
    assert.match(text, /^Recrutement trompeur : critère rempli \(1 indicateur fort, 0 moyen, 2 faibles\)/);
  });

  it('writes Arabic dates one way: with the name of the month, in lists as on every page', () => {
    const ar = i18n.translator('ar', 'UTC');
    const page = ar.date('2026-12-03T10:00:00Z');
    assert.match(page, /ديسمبر/);
    assert.doesNotMatch(page, /\d{2}\/\d{2}\/\d{4}|[٠-٩]{2}\/[٠-٩]{2}/);
    assert.equal(listDate(ar, '2026-12-03T10:00:00Z'), page);
    assert.equal(i18n.translator('en', 'UTC').date('2026-12-03T10:00:00Z'), 'Dec 3, 2026');
  });
});
