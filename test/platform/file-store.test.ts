import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createBackup, restoreBackup, verifyBackup } from '../../src/platform/backup.js';
import { startContext } from '../../src/platform/bootstrap.js';
import { pdfWithMetadata } from '../support/files.js';
import { jpegWithGps, validReport } from '../support/reports.js';
import { multipart } from '../support/http.js';
import { addDocument, readDocument, removeDocument } from '../../src/training/library.service.js';
import { authUser, createOffice, createTestEnv, createUser, DIALECTS, freshPostgresDatabase, sessionFor, type TestEnv } from '../helper.js';

/*
 * FILE_STORE=database (issue 16 point 4): attachments are rows of stored_files (encrypted bytes), so every process
 * and every host on the database reaches them, and a backup carries them inside the database dump.
 */
const PHOTO = await jpegWithGps();

describe('FILE_STORE and WORKERS settings', () => {
  it('default to the data directory and one process, and refuse anything else with a clear message', () => {
    const config = loadConfig({});
    assert.equal(config.fileStore, 'local');
    assert.equal(config.workers, 1);
    assert.equal(loadConfig({ FILE_STORE: 'database', WORKERS: '3' }).fileStore, 'database');
    assert.equal(loadConfig({ WORKERS: '3' }).workers, 3);
    assert.throws(() => loadConfig({ FILE_STORE: 's3' }), /FILE_STORE must be local or database/);
    assert.throws(() => loadConfig({ WORKERS: '0' }), /WORKERS must be a whole number from 1 to 64/);
  });
});

for (const dialect of DIALECTS) {
  describe(`attachments in the database, FILE_STORE=database (${dialect})`, () => {
    let env: TestEnv;
    let cookie: string;
    let download: string;
    let officeId: string;
    let restoredDir: string;
    let restoredUrl: string | undefined;
    let dropRestored: (() => Promise<void>) | undefined;
    const archiveDir = mkdtempSync(join(tmpdir(), 'abri-fs-bk-'));

    before(async () => {
      env = await createTestEnv(dialect, { fileStore: 'database' });
      officeId = await createOffice(env.ctx);
      const triage = await createUser(env.ctx, { roles: ['triage_operator'], officeId });
      cookie = (await sessionFor(env.ctx, triage.id)).cookie;
      const body = multipart(validReport(), [{ name: 'files', filename: 'p.jpg', type: 'image/jpeg', data: PHOTO }]);
      const sent = await env.app.inject({ method: 'POST', url: '/en/report', payload: body.payload, headers: body.headers });
      assert.equal(sent.statusCode, 200);
      const file = await env.ctx.db.selectFrom('report_files').select(['id', 'report_id']).executeTakeFirstOrThrow();
      download = `/staff/reports/${file.report_id}/files/${file.id}`;
      restoredDir = mkdtempSync(join(tmpdir(), 'abri-fs-restored-'));
      if (dialect === 'postgres') {
        const fresh = await freshPostgresDatabase();
        restoredUrl = fresh.url;
        dropRestored = fresh.drop;
      }
    });
    after(async () => {
      await env.close();
      await dropRestored?.();
      rmSync(restoredDir, { recursive: true, force: true });
      rmSync(archiveDir, { recursive: true, force: true });
    });

    it('keeps the encrypted bytes in the database and nothing on disk', async () => {
      const rows = await env.ctx.db.selectFrom('stored_files').select(['path', 'bytes', 'size']).execute();
      assert.equal(rows.length, 1);
      assert.match(rows[0]?.path ?? '', /^reports\/[^/]+\/[^/]+\.enc$/);
      assert.equal(rows[0]?.size, Buffer.from(rows[0]?.bytes as Buffer).length);
      assert.ok(!Buffer.from(rows[0]?.bytes as Buffer).includes(Buffer.from('PhoneCo')), 'encrypted (and cleaned before)');
      assert.equal(existsSync(join(env.config.dataDir, 'files', 'reports')), false);
      const r = await env.app.inject({ method: 'GET', url: download, headers: { cookie } });
      assert.equal(r.statusCode, 200);
      assert.equal(r.rawPayload.subarray(0, 3).toString('hex'), 'ffd8ff');
      assert.ok(!r.rawPayload.includes(Buffer.from('PhoneCo')), 'the camera details were removed');
    });

    it('a backup carries them in the database; a restore gives the same download', async () => {
      const before = await env.app.inject({ method: 'GET', url: download, headers: { cookie } });
      const archive = join(archiveDir, 'db-files.abribk');
      await createBackup(env.config, archive);
      assert.ok(!readFileSync(archive).includes(before.rawPayload.subarray(0, 64)), 'nothing in clear in the archive');
      const checked = await verifyBackup(env.config, archive);
      assert.equal(checked.manifest.database.tables.stored_files, 1);
      copyFileSync(join(env.config.dataDir, 'master.key'), join(restoredDir, 'master.key'));
      const config = loadConfig(
        {},
        { dataDir: restoredDir, databaseUrl: restoredUrl, logLevel: 'silent', jobs: false, fileStore: 'database', publicUrl: 'http://localhost:3000' },
      );
      await restoreBackup(config, archive);
      const { ctx } = await startContext(config, { log: env.ctx.log });
      const app = await buildApp({ ctx });
      try {
        const after = await app.inject({ method: 'GET', url: download, headers: { cookie } });
        assert.equal(after.statusCode, 200);
        assert.deepEqual(after.rawPayload, before.rawPayload);
      } finally {
        await app.close();
        await ctx.database.close();
      }
    });

    it('keeps training library documents there too, written in the transaction that records them', async () => {
      const supervisor = await authUser(env, (await createUser(env.ctx, { roles: ['supervisor'], officeId })).id);
      const pdf = await pdfWithMetadata(false);
      const id = await addDocument(env.ctx, supervisor, { officeId, title: 'Guide', topic: 'identification', language: 'en', file: pdf });
      const row = await env.ctx.db.selectFrom('stored_files').select('path').where('path', '=', `library/${id}.bin`).executeTakeFirst();
      assert.ok(row, 'the document is a row of stored_files');
      assert.equal(existsSync(join(env.config.dataDir, 'files', 'library')), false, 'nothing on disk');
      assert.deepEqual((await readDocument(env.ctx, supervisor, id)).bytes, pdf);
      await removeDocument(env.ctx, supervisor, id);
      assert.equal(await env.ctx.db.selectFrom('stored_files').select('path').where('path', '=', `library/${id}.bin`).executeTakeFirst(), undefined);
      await assert.rejects(() => readDocument(env.ctx, supervisor, id), /NOT_FOUND|not found/i);
    });

    it('refuses a path that would leave the store', async () => {
      await assert.rejects(() => env.ctx.files.put('../escape', Buffer.from('x')), /bad file store path/);
      await assert.rejects(() => env.ctx.files.get('reports//x'), /bad file store path/);
    });
  });
}
