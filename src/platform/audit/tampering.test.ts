import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createOffice, createTestEnv, DIALECTS, type TestEnv } from '../../../test/helper.js';
import { anchorPath, describeVerify, verifyAuditWithAnchors, writeAnchor } from './anchors.js';
import { GENESIS, recordEvent } from './audit.js';

/**
 * Someone with write access to the database tries to hide what happened. Each kind of tampering is detected by
 * `abri verify-audit` (chains + anchor file) and named in its output.
 */
for (const dialect of DIALECTS) {
  describe(`audit tampering is detected and named (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    const rows = () => env.ctx.db.selectFrom('audit_events').selectAll().where('chain', '=', officeId).orderBy('seq').execute();
    const output = async () => {
      const r = await verifyAuditWithAnchors(env.ctx);
      return { ok: r.ok, text: describeVerify(r).join('\n') };
    };

    beforeEach(async () => {
      env = await createTestEnv(dialect);
      officeId = await createOffice(env.ctx, 'TA', 'TN');
      for (let i = 0; i < 8; i++) await recordEvent(env.ctx.db, { type: 'office.updated', officeId, subjectType: 'office', subjectId: officeId, data: { fields: [`f${i}`] } });
      await writeAnchor(env.ctx);
      const clean = await output();
      assert.equal(clean.ok, true, clean.text);
    });
    afterEach(async () => env.close());

    it('an edited row', async () => {
      const target = (await rows())[3];
      assert.ok(target);
      await env.ctx.db.updateTable('audit_events').set({ data: '{"fields":["nothing happened"]}' }).where('id', '=', target.id).execute();
      const r = await output();
      assert.equal(r.ok, false);
      assert.match(r.text, new RegExp(`seq=4 id=${target.id}: row content changed`));
    });

    it('a deleted middle row', async () => {
      const target = (await rows())[4];
      assert.ok(target);
      await env.ctx.db.deleteFrom('audit_events').where('id', '=', target.id).execute();
      assert.match((await output()).text, /seq=5: missing row/);
    });

    it('a cut tail (rows deleted from the end, head left alone)', async () => {
      const all = await rows();
      await env.ctx.db.deleteFrom('audit_events').where('chain', '=', officeId).where('seq', '>', 6).execute();
      assert.equal(all.length, 8);
      assert.match((await output()).text, /seq=7: rows missing at the end of the chain/);
    });

    it('a rolled-back head (rows deleted from the end and the head set back to match)', async () => {
      const all = await rows();
      const keep = all[4];
      assert.ok(keep);
      await env.ctx.db.deleteFrom('audit_events').where('chain', '=', officeId).where('seq', '>', 5).execute();
      await env.ctx.db.updateTable('audit_heads').set({ seq: 5, hash: keep.hash }).where('chain', '=', officeId).execute();
      const r = await output();
      assert.equal(r.ok, false, 'the chain alone is consistent: only the anchor can tell');
      assert.match(r.text, /head rolled back behind the anchor \(anchored seq 8, now 5\)/);
    });

    it('an emptied table (rows and heads deleted)', async () => {
      await env.ctx.db.deleteFrom('audit_events').execute();
      await env.ctx.db.deleteFrom('audit_heads').execute();
      const r = await output();
      assert.equal(r.ok, false);
      assert.match(r.text, new RegExp(`chain=${officeId} seq=8: chain emptied: rows and head deleted`));
      assert.match(r.text, /fewer audit rows than anchored/);
    });

    it('an emptied table whose heads were kept', async () => {
      await env.ctx.db.deleteFrom('audit_events').execute();
      assert.match((await output()).text, /chain emptied: its rows were deleted/);
    });

    it('a chain recomputed after an edit, without the key (plain SHA-256 as before)', async () => {
      const all = await rows();
      let prev = GENESIS;
      for (const r of all) {
        const { prev_hash: _p, hash: _h, mac: _m, ...fields } = r;
        const changed = r.seq === 3 ? { ...fields, data: '{"fields":["rewritten"]}' } : fields;
        const canonical = Object.keys(changed).sort().map((k) => [k, (changed as Record<string, unknown>)[k] ?? null]);
        const hash = createHash('sha256').update(prev).update('\n').update(JSON.stringify(canonical)).digest('hex');
        await env.ctx.db.updateTable('audit_events').set({ data: changed.data, prev_hash: prev, hash }).where('id', '=', r.id).execute();
        prev = hash;
      }
      await env.ctx.db.updateTable('audit_heads').set({ hash: prev }).where('chain', '=', officeId).execute();
      assert.match((await output()).text, /seq=1 id=\S+: chain recomputed without the audit key/);
      // And marked as old rows (mac 0) to pass as legacy: a downgrade, also named.
      await env.ctx.db.updateTable('audit_events').set({ mac: 0 }).where('chain', '=', officeId).execute();
      assert.match((await output()).text, /seq=1 id=\S+: row re-hashed without the audit key \(downgraded to plain SHA-256\)/);
    });

    it('an altered or deleted anchor file', async () => {
      const file = anchorPath(env.ctx);
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      const last = JSON.parse(lines.at(-1) as string);
      last.chains[officeId] = [3, last.chains[officeId][1]];
      appendFileSync(file, `${JSON.stringify(last)}\n`);
      assert.match((await output()).text, /anchor line \d+ altered or forged/);
      writeFileSync(file, '');
      assert.match((await output()).text, /anchor file emptied/);
    });
  });
}
