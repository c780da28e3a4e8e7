import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../../test/helper.js';
import { openCase } from '../cases/cases.service.js';
import { type TwoOffices, twoOffices, type Who } from './solutions.test-support.js';

/** Element ids that appear more than once in a page (a label then points at the wrong field). */
function duplicateIds(html: string): string[] {
  const seen = new Map<string, number>();
  for (const m of html.matchAll(/\sid="([^"]+)"/g)) seen.set(m[1]!, (seen.get(m[1]!) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`);
}

for (const dialect of DIALECTS) {
  describe(`solutions pages' element ids (${dialect})`, () => {
    let w: TwoOffices;
    before(async () => {
      w = await twoOffices(dialect);
    });
    after(async () => w.env.close());

    const page = async (who: Who, url: string) => {
      const r = await w.get(who, url);
      assert.equal(r.statusCode, 200, url);
      return r.body;
    };
    async function newCase(decision: 'return' | 'resettlement') {
      const c = await openCase(w.env.ctx, {
        actor: await w.authUser('destWorker'),
        input: {
          officeId: w.dest,
          source: 'self',
          ownerId: w.ids.destWorker,
          identity: { firstName: 'Awa' },
        },
      });
      const base = `/api/v1/cases/${c.id}/solution`;
      for (const purpose of ['return', 'transfer']) await w.ok('destWorker', `${base}/consent`, { purpose, given: 'yes' });
      await w.ok('destWorker', `${base}/decision`, { options: ['return', 'resettlement'], wishes: 'Go home', decision, targetOfficeId: w.origin });
      return c.id;
    }

    it('gives every element of the solution page its own id, with the override and the closure forms both shown', async () => {
      const id = await newCase('return');
      const risks = [{ factor: 'threats', likelihood: 3, impact: 3, mitigation: 'Another town' }];
      await w.ok('destWorker', `/api/v1/cases/${id}/solution/risk-assessment`, { risks });
      await w.ok('originWorker', `/api/v1/cases/${id}/solution/risk-assessment`, { risks, version: 1 });
      const html = await page('destSup', `/staff/cases/${id}/solution`);
      assert.match(html, /id="override"/);
      assert.match(html, /id="close"/);
      assert.deepEqual(duplicateIds(html), []);
      assert.deepEqual(duplicateIds(await page('destSup', `/staff/cases/${id}/reintegration`)), []);
      assert.deepEqual(duplicateIds(await page('destSup', `/staff/cases/${id}/reintegration/survey`)), []);
    });

    it("gives each waiting hand-over's owner field its own id, so each label names its own field", async () => {
      for (const _ of [1, 2]) {
        const id = await newCase('resettlement');
        await w.ok('destWorker', `/api/v1/cases/${id}/solution/handover`, { toOfficeId: w.origin, keep: [] });
      }
      const html = await page('originSup', '/staff/solutions');
      assert.ok((html.match(/name="ownerId"/g) ?? []).length >= 2);
      assert.deepEqual(duplicateIds(html), []);
      for (const m of html.matchAll(/<label for="([^"]+)"/g)) assert.match(html, new RegExp(`\\sid="${m[1]}"`), `label for ${m[1]} has its field`);
    });
  });
}
