import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOffice, createTestEnv, createUser, DIALECTS, sessionFor, type Signed, type TestEnv, type TestUser } from '../../test/helper.js';
import { toAuthUser } from '../platform/auth/auth-user.js';
import { findUserById, membershipsOf } from '../platform/auth/auth.repository.js';
import { openCase } from '../cases/cases.service.js';

/** Element ids that appear more than once in a page (a label then points at the wrong field). */
function duplicateIds(html: string): string[] {
  const seen = new Map<string, number>();
  for (const m of html.matchAll(/\sid="([^"]+)"/g)) seen.set(m[1]!, (seen.get(m[1]!) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`);
}

for (const dialect of DIALECTS) {
  describe(`solutions pages' element ids (${dialect})`, () => {
    let env: TestEnv;
    let dest: string;
    let origin: string;
    let destWorker: TestUser;
    const s: Record<string, Signed> = {};

    before(async () => {
      env = await createTestEnv(dialect);
      dest = await createOffice(env.ctx, 'TN', 'TN');
      origin = await createOffice(env.ctx, 'CI', 'CI');
      destWorker = await createUser(env.ctx, { roles: ['case_worker'], officeId: dest });
      const users = {
        destWorker,
        destSup: await createUser(env.ctx, { roles: ['supervisor'], officeId: dest }),
        originWorker: await createUser(env.ctx, { roles: ['case_worker'], officeId: origin }),
        originSup: await createUser(env.ctx, { roles: ['supervisor'], officeId: origin }),
      };
      for (const [k, u] of Object.entries(users)) s[k] = await sessionFor(env.ctx, u.id);
    });
    after(async () => env.close());

    const api = async (who: string, url: string, payload: unknown) => {
      const r = await env.app.inject({
        method: 'POST',
        url,
        headers: { cookie: s[who]!.cookie, 'x-csrf-token': s[who]!.csrf, 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });
      assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
      return r.json();
    };
    const page = async (who: string, url: string) => {
      const r = await env.app.inject({ method: 'GET', url, headers: { cookie: s[who]!.cookie } });
      assert.equal(r.statusCode, 200, url);
      return r.body;
    };
    async function newCase(decision: 'return' | 'resettlement') {
      const w = toAuthUser((await findUserById(env.ctx.db, destWorker.id))!, await membershipsOf(env.ctx.db, destWorker.id));
      const c = await openCase(env.ctx, w, { officeId: dest, source: 'self', ownerId: destWorker.id, identity: { firstName: 'Awa' } });
      const base = `/api/v1/cases/${c.id}/solution`;
      for (const purpose of ['return', 'transfer']) await api('destWorker', `${base}/consent`, { purpose, given: 'yes' });
      await api('destWorker', `${base}/decision`, { options: ['return', 'resettlement'], wishes: 'Go home', decision, targetOfficeId: origin });
      return c.id;
    }

    it('gives every element of the solution page its own id, with the override and the closure forms both shown', async () => {
      const id = await newCase('return');
      const risks = [{ factor: 'threats', likelihood: 3, impact: 3, mitigation: 'Another town' }];
      await api('destWorker', `/api/v1/cases/${id}/solution/risk-assessment`, { risks });
      await api('originWorker', `/api/v1/cases/${id}/solution/risk-assessment`, { risks, version: 1 });
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
        await api('destWorker', `/api/v1/cases/${id}/solution/handover`, { toOfficeId: origin, keep: [] });
      }
      const html = await page('originSup', '/staff/solutions');
      assert.equal((html.match(/name="ownerId"/g) ?? []).length >= 2, true);
      assert.deepEqual(duplicateIds(html), []);
      for (const m of html.matchAll(/<label for="([^"]+)"/g)) assert.match(html, new RegExp(`\\sid="${m[1]}"`), `label for ${m[1]} has its field`);
    });
  });
}
