import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { authUser, createOffice, createTestEnv, createUser, DIALECTS, type TestEnv } from '../../test/support/index.js';
import { readFile } from '../reports/attachments.js';
import { hasGpsPointer, jpegWithGps } from '../../test/support/reports.js';
import { enrolDevice } from './devices.service.js';
import { encryptForForm, publicKeyOf, reportInstance, screeningInstance, submissionBody, versionOf } from '../../test/support/odk.js';

/* Media (photos, recordings) and split submissions (`*isIncomplete*`) on the OpenRosa server. */
for (const dialect of DIALECTS) {
  describe(`OpenRosa media and split submissions (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    let token: string;
    let plainToken: string;
    before(async () => {
      env = await createTestEnv(dialect);
      officeId = await createOffice(env.ctx, 'TN', 'TN');
      const admin = await authUser(env, (await createUser(env.ctx, { roles: ['administrator'], officeId: null })).id);
      token = (await enrolDevice(env.ctx, admin, { officeId, displayName: 'Tablet', encrypted: true })).token;
      plainToken = (await enrolDevice(env.ctx, admin, { officeId, displayName: 'Kiosk', encrypted: false })).token;
    });
    after(async () => env?.close());

    const form = async (t: string, id: string) => (await env.app.inject({ method: 'GET', url: `/key/${t}/forms/${id}/form.xml` })).body;
    const post = (t: string, xml: string, files: Array<{ name: string; bytes: Buffer }> = [], fields: Record<string, string> = {}) =>
      env.app.inject({ method: 'POST', url: `/key/${t}/submission`, ...submissionBody(xml, files, fields) });
    const gpsOf = async (bytes: Buffer) => hasGpsPointer((await sharp(bytes).metadata()).exif);

    it('attaches a plain submission’s photo to the field report, cleaned of its GPS and sealed on disk', async () => {
      const xml = await form(plainToken, 'abri-report');
      const photo = await jpegWithGps();
      assert.ok(await gpsOf(photo));
      const instanceId = `uuid:${randomUUID()}`;
      const res = await post(plainToken, reportInstance(versionOf(xml), instanceId), [{ name: '1712345678.jpg', bytes: photo }]);
      assert.equal(res.statusCode, 201, res.body);
      const sub = await env.ctx.db.selectFrom('odk_submissions').selectAll().where('instance_id', '=', instanceId).executeTakeFirstOrThrow();
      const files = await env.ctx.db
        .selectFrom('report_files')
        .selectAll()
        .where('report_id', '=', sub.report_id as string)
        .execute();
      assert.equal(files.length, 1);
      assert.equal(files[0]?.mime, 'image/jpeg');
      const kept = await readFile(env.ctx, officeId, files[0]?.id as string);
      assert.equal(await gpsOf(kept), false, 'the GPS position is removed');
    });

    it('decrypts an encrypted screening’s photo (.enc) and attaches it to the draft case, audited as the device’s', async () => {
      const xml = await form(token, 'abri-screening');
      const instanceId = `uuid:${randomUUID()}`;
      const sealed = encryptForForm(publicKeyOf(xml) as string, {
        formId: 'abri-screening',
        version: versionOf(xml),
        instanceId,
        xml: screeningInstance(versionOf(xml), instanceId),
        media: [{ name: 'face.jpg', bytes: await jpegWithGps() }],
      });
      assert.deepEqual(
        sealed.files.map((f) => f.name),
        ['face.jpg.enc', 'submission.xml.enc'],
      );
      const res = await post(token, sealed.manifest, sealed.files);
      assert.equal(res.statusCode, 201, res.body);
      const sub = await env.ctx.db.selectFrom('odk_submissions').selectAll().where('instance_id', '=', instanceId).executeTakeFirstOrThrow();
      const att = await env.ctx.db
        .selectFrom('case_attachments')
        .selectAll()
        .where('case_id', '=', sub.case_id as string)
        .execute();
      assert.equal(att.length, 1);
      assert.equal(att[0]?.content_type, 'image/jpeg');
      assert.equal(att[0]?.uploaded_by, null);
      const bytes = await env.ctx.keys.decryptBytes(Buffer.from(att[0]?.content_enc as string, 'base64'), `case_attachments.content:${att[0]?.id}`);
      assert.equal(await gpsOf(bytes), false);
      const events = await env.ctx.db.selectFrom('audit_events').select('type').where('type', '=', 'case.field_media').execute();
      assert.ok(events.length >= 1);
    });

    it('holds the parts of a split submission sealed until the last arrives, then makes one case with every file', async () => {
      const xml = await form(token, 'abri-screening');
      const instanceId = `uuid:${randomUUID()}`;
      const sealed = encryptForForm(publicKeyOf(xml) as string, {
        formId: 'abri-screening',
        version: versionOf(xml),
        instanceId,
        xml: screeningInstance(versionOf(xml), instanceId, { firstName: 'Split' }),
        media: [
          { name: 'a.jpg', bytes: await jpegWithGps() },
          { name: 'b.jpg', bytes: await jpegWithGps() },
        ],
      });
      const [a, b, xmlEnc] = sealed.files as [{ name: string; bytes: Buffer }, { name: string; bytes: Buffer }, { name: string; bytes: Buffer }];
      const first = await post(token, sealed.manifest, [a], { '*isIncomplete*': 'yes' });
      assert.equal(first.statusCode, 201, first.body);
      assert.match(first.body, /Part received/);
      const second = await post(token, sealed.manifest, [b], { '*isIncomplete*': 'yes' });
      assert.equal(second.statusCode, 201);
      const parts = await env.ctx.db.selectFrom('odk_parts').selectAll().where('instance_id', '=', instanceId).execute();
      assert.equal(parts.length, 2);
      assert.ok(
        parts.every((p) => !Buffer.from(p.content_enc, 'base64').includes(a.bytes.subarray(0, 32))),
        'kept sealed',
      );
      assert.equal(await env.ctx.db.selectFrom('odk_submissions').select('id').where('instance_id', '=', instanceId).executeTakeFirst(), undefined);

      const last = await post(token, sealed.manifest, [xmlEnc]);
      assert.equal(last.statusCode, 201, last.body);
      const sub = await env.ctx.db.selectFrom('odk_submissions').selectAll().where('instance_id', '=', instanceId).executeTakeFirstOrThrow();
      assert.equal(sub.status, 'processed');
      const att = await env.ctx.db
        .selectFrom('case_attachments')
        .select('id')
        .where('case_id', '=', sub.case_id as string)
        .execute();
      assert.equal(att.length, 2);
      assert.equal((await env.ctx.db.selectFrom('odk_parts').select('id').where('instance_id', '=', instanceId).execute()).length, 0, 'parts deleted');
      // The whole submission again (Collect resends every part when it did not hear back): received once.
      const again = await post(token, sealed.manifest, [a, b, xmlEnc]);
      assert.equal(again.statusCode, 201);
      assert.match(again.body, /already/i);
      assert.equal((await env.ctx.db.selectFrom('odk_submissions').select('id').where('instance_id', '=', instanceId).execute()).length, 1);
    });

    it('refuses media Abri cannot clean, or too many, with an OpenRosa message, creating nothing', async () => {
      const xml = await form(plainToken, 'abri-report');
      const before = (await env.ctx.db.selectFrom('reports').select('id').execute()).length;
      const instanceId = `uuid:${randomUUID()}`;
      const exe = await post(plainToken, reportInstance(versionOf(xml), instanceId), [{ name: 'tool.exe', bytes: Buffer.from('MZ\x90\x00 not a photo') }]);
      assert.equal(exe.statusCode, 400);
      assert.match(exe.body, /cannot be accepted: at most 3 files/);
      const photo = await jpegWithGps();
      const many = await post(
        plainToken,
        reportInstance(versionOf(xml), `uuid:${randomUUID()}`),
        [1, 2, 3, 4].map((i) => ({ name: `${i}.jpg`, bytes: photo })),
      );
      assert.equal(many.statusCode, 400);
      assert.equal((await env.ctx.db.selectFrom('reports').select('id').execute()).length, before);
    });
  });
}
