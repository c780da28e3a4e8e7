import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { IntlMessageFormat } from 'intl-messageformat';
import { LOCALES, LOCALES_DIR } from '../platform/i18n/i18n.js';
import { SERVICE_CODES } from './partners.schema.js';
import { INSTITUTION_CODES, TRAINING_TOPICS } from '../training/training.schema.js';

function flat(prefix: string, value: unknown, out: Map<string, string>): Map<string, string> {
  if (typeof value === 'string') out.set(prefix, value);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) flat(`${prefix}.${k}`, v, out);
  return out;
}

describe('partner and training catalogs', () => {
  for (const ns of ['partners', 'training']) {
    const catalogs = Object.fromEntries(LOCALES.map((l) => [l, flat(ns, JSON.parse(readFileSync(join(LOCALES_DIR, l, `${ns}.json`), 'utf8')), new Map())]));

    it(`has the same ${ns} keys in French, English, Spanish and Arabic, each a valid ICU message`, () => {
      const en = [...(catalogs.en?.keys() ?? [])].sort();
      for (const l of LOCALES) {
        assert.deepEqual([...(catalogs[l]?.keys() ?? [])].sort(), en, l);
        for (const [key, message] of catalogs[l] ?? []) assert.doesNotThrow(() => new IntlMessageFormat(message, l), `${l} ${key}`);
      }
    });

    it(`translates ${ns} for real rather than copying English`, () => {
      for (const l of ['fr', 'es', 'ar'] as const) {
        const same = [...(catalogs.en ?? [])].filter(([k, v]) => catalogs[l]?.get(k) === v && /[a-z]{4}/.test(v));
        // Cognates (Participants, Documents, Police…) are fine; a catalog mostly equal to English is not.
        assert.ok(same.length <= (catalogs.en?.size ?? 0) * 0.1, `${l}: ${same.map(([k]) => k).join(', ')}`);
      }
    });
  }

  it('names every service, topic and institution type', () => {
    const partners = flat('partners', JSON.parse(readFileSync(join(LOCALES_DIR, 'en', 'partners.json'), 'utf8')), new Map());
    const training = flat('training', JSON.parse(readFileSync(join(LOCALES_DIR, 'en', 'training.json'), 'utf8')), new Map());
    for (const s of SERVICE_CODES) assert.ok(partners.has(`partners.service.${s}`), s);
    for (const x of TRAINING_TOPICS) assert.ok(training.has(`training.topics.${x}`), x);
    for (const x of INSTITUTION_CODES) assert.ok(training.has(`training.institutions.${x}`), x);
  });
});
