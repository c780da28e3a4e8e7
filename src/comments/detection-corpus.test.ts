/**
 * Comments that are really reports must reach triage: measured on a written corpus (test/fixtures/comment-corpus,
 * per language at least 100 comments, half real situations told in everyday words, half ordinary comments).
 * Goal: at least 95 % of situations held, at most 10 % of ordinary comments held. The figures are in BENCHMARKS.md.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LOCALES } from '../platform/i18n/i18n.js';
import { detectFlags, foldText } from './detection.js';

const corpus = (l: string) =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/comment-corpus/${l}.json`, import.meta.url), 'utf8')) as { situations: string[]; ordinary: string[] };

describe('comment detection on the written corpus', () => {
  for (const l of LOCALES) {
    it(`${l}: holds at least 95 % of situations and at most 10 % of ordinary comments`, () => {
      const c = corpus(l);
      assert.ok(c.situations.length >= 50 && c.ordinary.length >= 50, 'at least 100 comments, half of each');
      assert.equal(new Set(c.situations.concat(c.ordinary)).size, c.situations.length + c.ordinary.length, 'no duplicate');
      const missed = c.situations.filter((t) => !detectFlags('', t).includes('report'));
      const held = c.ordinary.filter((t) => detectFlags('', t).length > 0);
      assert.ok(missed.length <= c.situations.length * 0.05, `${l}: missed ${missed.length}/${c.situations.length}:\n${missed.join('\n')}`);
      assert.ok(held.length <= c.ordinary.length * 0.1, `${l}: held ${held.length}/${c.ordinary.length}:\n${held.join('\n')}`);
    });
  }
  it('folds case, accents and Arabic spelling variants before matching', () => {
    assert.equal(foldText('Enfermée À CLÉ').trim(), 'enfermee a cle');
    assert.equal(foldText('أُخِذَت جوازاتُنا في المزرعة').trim(), 'اخذت جوازاتنا في المزرعه');
    assert.ok(detectFlags('', 'Mi PATRÓN guarda mi pasaporte').includes('report'));
    assert.ok(!detectFlags('', 'Merci beaucoup pour cet article.').includes('report'));
  });
});
