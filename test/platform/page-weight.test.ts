/**
 * Light pages for a cheap phone on a slow network: every public page, in every language, weighs at most 20 KB on a
 * first visit (the page compressed as sent, plus its stylesheet, script and icon, headers included).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FIRST_LOAD_BUDGET, measurePages } from '../../bench/page-weight.js';
import { createOffice, createTestEnv, type TestEnv } from '../support/index.js';

describe('public page weight', () => {
  let env: TestEnv;
  before(async () => {
    env = await createTestEnv('sqlite');
    await createOffice(env.ctx, 'TN', 'TN');
  });
  after(async () => env?.close());

  it('sends pages, styles and scripts compressed, and keeps every first load under 20 KB', async () => {
    for (const asset of ['/assets/abri.css', '/assets/abri.js']) {
      const br = await env.app.inject({ url: asset, headers: { 'accept-encoding': 'br' } });
      assert.equal(br.headers['content-encoding'], 'br', asset);
      const gz = await env.app.inject({ url: asset, headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gz.headers['content-encoding'], 'gzip', asset);
      const plain = await env.app.inject({ url: asset });
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.ok(br.rawPayload.length < plain.rawPayload.length / 2, `${asset} compressed`);
    }
    const weights = await measurePages(env.app);
    assert.ok(weights.length >= 60, `${weights.length} pages measured`);
    const over = weights.filter((w) => w.firstLoad > FIRST_LOAD_BUDGET).map((w) => `${w.path}: ${w.firstLoad} bytes`);
    assert.deepEqual(over, []);
    for (const w of weights) assert.equal(w.encoding, 'br', `${w.path} compressed`);
  });
});
