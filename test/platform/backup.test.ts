import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { validReport } from '../support/reports.js';
import { multipart } from '../support/http.js';
import { newCase, staff } from '../support/cases.js';
import { verifyAudit } from '../../src/platform/audit/audit.js';
import { createBackup, restoreBackup, verifyBackup } from '../../src/platform/backup.js';
import { startContext } from '../../src/platform/bootstrap.js';
import { createOffice, createTestEnv, DIALECTS, freshPostgresDatabase, type TestEnv } from '../helper.js';
import { pdfWithMetadata } from '../support/files.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e6e8b00000000049454e44ae426082', 'hex');
const PDF = await pdfWithMetadata(false);

function caseFileBody(csrf: string, boundary: string): Buffer {
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nPassport photo\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

/** A page as compared between the original and the restored system: status and body, CSRF tokens aside. */
async function answer(env: Pick<TestEnv, 'app'>, url: string, cookie: string) {
  const r = await env.app.inject({ method: 'GET', url, headers: { cookie } });
  return { url, status: r.statusCode, type: String(r.headers['content-type']), body: r.rawPayload.toString('latin1').replace(/name="_csrf" value="[^"]+"/g, '') };
}

for (const dialect of DIALECTS) {
  describe(`backup and restore of a whole system (${dialect})`, () => {
    let env: TestEnv;
    let urls: string[];
    let cookie: string;
    let restoredDir: string;
    let dropRestored: (() => Promise<void>) | undefined;
    let restoredUrl: string | undefined;
    const archiveDir = mkdtempSync(join(tmpdir(), 'abri-bk-'));
    const archive = join(archiveDir, 'whole.abribk');

    before(async () => {
      env = await createTestEnv(dialect);
      const officeId = await createOffice(env.ctx, 'TN', 'TN');
      const operator = await staff(env, 'supervisor', officeId);
      cookie = operator.cookie;
      // A report with two attachments, through the public form.
      const body = multipart(validReport(), [
        { name: 'files', filename: 'a.pdf', type: 'application/pdf', data: PDF },
        { name: 'files', filename: 'b.png', type: 'image/png', data: await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c03' } }).png().toBuffer() },
      ]);
      const sent = await env.app.inject({ method: 'POST', url: '/en/report', payload: body.payload, headers: body.headers });
      assert.equal(sent.statusCode, 200, sent.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 3000));
      const report = await env.ctx.db.selectFrom('reports').select('id').executeTakeFirstOrThrow();
      const reportFiles = await env.ctx.db.selectFrom('report_files').select('id').where('report_id', '=', report.id).execute();
      assert.equal(reportFiles.length, 2);
      // A case with a document.
      const c = await newCase(env, operator.id, { officeId, identity: { firstName: 'Ama', lastName: 'Mensah' } });
      const boundary = 'abriBoundary';
      const up = await env.app.inject({ method: 'POST', url: `/staff/cases/${c.id}/files`, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: caseFileBody(operator.csrf, boundary) });
      assert.equal(up.statusCode, 303);
      // Shows (and so clears) the upload's flash message, which is not part of what a backup keeps.
      await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}/files`, headers: { cookie } });
      const attachment = await env.ctx.db.selectFrom('case_attachments').select('id').where('case_id', '=', c.id).executeTakeFirstOrThrow();
      // Any other file the store holds travels too.
      mkdirSync(join(env.config.dataDir, 'files', 'library'), { recursive: true });
      writeFileSync(join(env.config.dataDir, 'files', 'library', 'probe.bin'), 'library bytes');
      urls = [
        '/staff/reports',
        `/staff/reports/${report.id}`,
        ...reportFiles.map((f) => `/staff/reports/${report.id}/files/${f.id}`),
        '/staff/cases',
        `/staff/cases/${c.id}`,
        `/staff/cases/${c.id}/files`,
        `/staff/cases/${c.id}/files/${attachment.id}`,
        '/en/',
      ];
      restoredDir = mkdtempSync(join(tmpdir(), 'abri-restored-'));
      if (dialect === 'postgres') {
        const fresh = await freshPostgresDatabase();
        restoredUrl = fresh.url;
        dropRestored = fresh.drop;
      }
    });
    after(async () => {
      await env.close();
      if (dropRestored) await dropRestored();
      rmSync(restoredDir, { recursive: true, force: true });
      rmSync(archiveDir, { recursive: true, force: true });
    });

    it('restores into another directory: every page and every file download answers the same, the audit chain holds', async () => {
      const before: Array<Awaited<ReturnType<typeof answer>>> = [];
      for (const u of urls) before.push(await answer(env, u, cookie));
      for (const a of before) assert.equal(a.status, 200, `${a.url} answers on the original`);

      const summary = await createBackup(env.config, archive);
      assert.equal(summary.files, 3, 'two report files and the library file');
      const blob = readFileSync(archive);
      // Sentinels of six bytes or more: a shorter one (a three-letter name) turns up by chance in a megabyte of ciphertext.
      for (const clear of [PDF.subarray(0, 20), Buffer.from('library bytes'), Buffer.from('SQLite format 3'), Buffer.from('Mensah')]) {
        assert.ok(!blob.includes(clear), `nothing in clear: ${JSON.stringify(clear.toString('latin1'))}`);
      }

      const checked = await verifyBackup(env.config, archive);
      assert.equal(checked.manifest.files.length, 3);
      assert.equal(checked.manifest.database.tables.reports, 1);
      assert.equal(checked.manifest.database.tables.case_attachments, 1);

      // The new place holds only the master key, kept apart from the archive.
      copyFileSync(join(env.config.dataDir, 'master.key'), join(restoredDir, 'master.key'));
      const config = loadConfig({}, { dataDir: restoredDir, databaseUrl: restoredUrl, logLevel: 'silent', jobs: false, publicUrl: 'http://localhost:3000' });
      const restored = await restoreBackup(config, archive);
      assert.equal(restored.files, 3);
      assert.deepEqual(readdirSync(restoredDir).filter((f) => /-wal|-shm|\.restore-|\.tmp/.test(f)), [], 'no -wal, -shm or staging left');

      const { ctx } = await startContext(config, { log: env.ctx.log });
      const app = await buildApp({ ctx });
      try {
        const after: Array<Awaited<ReturnType<typeof answer>>> = [];
        for (const u of urls) after.push(await answer({ app }, u, cookie));
        for (let i = 0; i < urls.length; i++) {
          const [a, b] = [before[i], after[i]];
          assert.equal(b?.status, a?.status, `${urls[i]} status`);
          assert.equal(b?.type, a?.type, `${urls[i]} type`);
          assert.equal(b?.body, a?.body, `${urls[i]} answers the same`);
        }
        assert.equal(readFileSync(join(restoredDir, 'files', 'library', 'probe.bin'), 'utf8'), 'library bytes');
        assert.equal((await verifyAudit(ctx.db)).ok, true, 'verify-audit passes on the restored copy');
      } finally {
        await app.close();
        await ctx.database.close();
      }
    });

    it('refuses to restore over data unless forced, and a damaged archive is caught by verify before any restore', async () => {
      const config = loadConfig({}, { dataDir: restoredDir, databaseUrl: restoredUrl, logLevel: 'silent' });
      await assert.rejects(() => restoreBackup(config, archive), /--force/);
      const forced = await restoreBackup(config, archive, { force: true });
      assert.equal(forced.files, 3);
      if (dialect === 'sqlite') assert.ok(!existsSync(join(restoredDir, 'abri.db-wal')));
      const blob = readFileSync(archive);
      blob[Math.floor(blob.length / 2)] = (blob[Math.floor(blob.length / 2)] ?? 0) ^ 0x01;
      writeFileSync(join(archiveDir, 'damaged.abribk'), blob);
      await assert.rejects(() => verifyBackup(env.config, join(archiveDir, 'damaged.abribk')), /damaged|altered/);
      // Cut short: the last frame is missing.
      writeFileSync(join(archiveDir, 'short.abribk'), readFileSync(archive).subarray(0, blob.length - 40));
      await assert.rejects(() => verifyBackup(env.config, join(archiveDir, 'short.abribk')), /damaged|altered/);
    });
  });
}
