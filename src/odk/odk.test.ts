import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { authUser, createOffice, createTestEnv, createUser, DIALECTS, type TestEnv } from '../../test/support/index.js';
import { enrolDevice, revokeDevice } from './devices.service.js';
import { encryptForForm, publicKeyOf, reportInstance, screeningInstance, submissionBody, versionOf } from '../../test/support/odk.js';

for (const dialect of DIALECTS) {
  describe(`OpenRosa server (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    let adminId: string;
    let token: string;
    let plainToken: string;
    before(async () => {
      env = await createTestEnv(dialect);
      officeId = await createOffice(env.ctx, 'TN', 'TN');
      adminId = (await createUser(env.ctx, { roles: ['administrator'], officeId: null })).id;
      const admin = await authUser(env, adminId);
      token = (await enrolDevice(env.ctx, admin, { officeId, displayName: 'Tablet 1', encrypted: true })).token;
      plainToken = (await enrolDevice(env.ctx, admin, { officeId, displayName: 'Enketo kiosk', encrypted: false })).token;
    });
    after(async () => env?.close());

    const get = (url: string) => env.app.inject({ method: 'GET', url, headers: { 'x-openrosa-version': '1.0' } });
    const post = (t: string, xml: string, files: Array<{ name: string; bytes: Buffer }> = []) =>
      env.app.inject({ method: 'POST', url: `/key/${t}/submission`, ...submissionBody(xml, files) });
    const form = async (t: string, id: string) => (await get(`/key/${t}/forms/${id}/form.xml`)).body;

    it('lists the two generated forms with OpenRosa headers, hashes and URLs under the device key', async () => {
      const res = await get(`/key/${token}/formList`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['x-openrosa-version'], '1.0');
      assert.match(String(res.headers['content-type']), /text\/xml/);
      assert.match(res.body, /<xforms xmlns="http:\/\/openrosa.org\/xforms\/xformsList">/);
      assert.match(res.body, /<formID>abri-screening<\/formID>/);
      assert.match(res.body, /<formID>abri-report<\/formID>/);
      assert.ok(res.body.includes(`<downloadUrl>http://localhost:3000/key/${token}/forms/abri-screening/form.xml</downloadUrl>`));
      const xml = await form(token, 'abri-screening');
      const md5 = (await import('node:crypto')).createHash('md5').update(xml).digest('hex');
      assert.ok(res.body.includes(`<hash>md5:${md5}</hash>`), 'the hash is the downloaded form’s md5');
      const manifest = await get(`/key/${token}/forms/abri-screening/manifest`);
      assert.equal(manifest.statusCode, 200);
      assert.match(manifest.body, /xformsManifest/);
      const filtered = await get(`/key/${token}/formList?formID=abri-report`);
      assert.doesNotMatch(filtered.body, /abri-screening/);
    });

    it('puts the office public key in encrypted forms only', async () => {
      assert.ok(publicKeyOf(await form(token, 'abri-screening')));
      assert.ok(publicKeyOf(await form(token, 'abri-report')));
      assert.equal(publicKeyOf(await form(plainToken, 'abri-report')), undefined);
    });

    it('answers HEAD /submission with 204 and the accepted content length', async () => {
      const res = await env.app.inject({ method: 'HEAD', url: `/key/${token}/submission` });
      assert.equal(res.statusCode, 204);
      assert.equal(res.headers['x-openrosa-version'], '1.0');
      assert.equal(res.headers['x-openrosa-accept-content-length'], String(env.config.maxUploadMb * 1024 * 1024));
    });

    it('decrypts an encrypted screening (signature checked) into a draft case for the office, with consent and screening', async () => {
      const xml = await form(token, 'abri-screening');
      const instanceId = `uuid:${randomUUID()}`;
      const sealed = encryptForForm(publicKeyOf(xml) as string, {
        formId: 'abri-screening',
        version: versionOf(xml),
        instanceId,
        xml: screeningInstance(versionOf(xml), instanceId),
      });
      assert.ok(!sealed.manifest.includes('Amina'), 'nothing personal travels in the clear');
      const res = await post(token, sealed.manifest, sealed.files);
      assert.equal(res.statusCode, 201, res.body);
      assert.match(res.body, /<OpenRosaResponse xmlns="http:\/\/openrosa.org\/http\/response"><message nature="submit_success">/);
      const row = await env.ctx.db.selectFrom('odk_submissions').selectAll().where('instance_id', '=', instanceId).executeTakeFirstOrThrow();
      assert.equal(row.status, 'processed');
      assert.equal(row.encrypted, 1);
      assert.equal(row.payload_enc, null);
      const c = await env.ctx.db
        .selectFrom('cases')
        .selectAll()
        .where('id', '=', row.case_id as string)
        .executeTakeFirstOrThrow();
      assert.equal(c.office_id, officeId);
      assert.equal(c.stage, 'intake');
      assert.equal(c.source, 'outreach');
      assert.equal(c.owner_id, null);
      assert.equal(c.is_child, 0);
      assert.ok(!String(c.identity_enc).includes('Amina'));
      const identity = await env.ctx.keys.decrypt<{ firstName: string; estimatedAge: number }>(c.identity_enc as string, `cases.identity:${c.id}`);
      assert.equal(identity.firstName, 'Amina');
      assert.equal(identity.estimatedAge, 24);
      const consents = await env.ctx.db.selectFrom('consents').selectAll().where('case_id', '=', c.id).execute();
      assert.deepEqual(consents.map((x) => `${x.purpose}:${x.given}:${x.origin}`).sort(), [
        'assistance:1:field',
        'contact:1:field',
        'screening:1:field',
        'sharing:0:field',
      ]);
      const screening = await env.ctx.db.selectFrom('case_screenings').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
      assert.equal(screening.list_id, 'adultsLabour');
      assert.deepEqual(JSON.parse(screening.indicators), ['deceptive-recruitment:deceived-job-nature']);
      const events = await env.ctx.db.selectFrom('audit_events').select(['type', 'data']).where('subject_id', '=', row.id).execute();
      assert.ok(events.some((e) => e.type === 'odk.submission_received' && String(e.data).includes('"signatureChecked":true')));
    });

    it('turns a field report into a triage report of the device’s office', async () => {
      const xml = await form(token, 'abri-report');
      const instanceId = `uuid:${randomUUID()}`;
      const sealed = encryptForForm(publicKeyOf(xml) as string, {
        formId: 'abri-report',
        version: versionOf(xml),
        instanceId,
        xml: reportInstance(versionOf(xml), instanceId),
      });
      const res = await post(token, sealed.manifest, sealed.files);
      assert.equal(res.statusCode, 201, res.body);
      const row = await env.ctx.db.selectFrom('odk_submissions').selectAll().where('instance_id', '=', instanceId).executeTakeFirstOrThrow();
      const report = await env.ctx.db
        .selectFrom('reports')
        .selectAll()
        .where('id', '=', row.report_id as string)
        .executeTakeFirstOrThrow();
      assert.equal(report.office_id, officeId);
      assert.equal(report.state, 'new');
      assert.equal(report.danger_now, 'yes');
    });

    it('accepts a plain submission from a device enrolled without encryption, and refuses one from an encrypting device', async () => {
      const xml = await form(plainToken, 'abri-report');
      const instanceId = `uuid:${randomUUID()}`;
      assert.equal((await post(plainToken, reportInstance(versionOf(xml), instanceId))).statusCode, 201);
      const refused = await post(token, reportInstance(versionOf(xml), `uuid:${randomUUID()}`));
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /must send encrypted/);
    });

    it('keeps a duplicate instanceID with other content and an older form version as conflicts; a resend is answered once', async () => {
      const xml = await form(plainToken, 'abri-screening');
      const v = versionOf(xml);
      const instanceId = `uuid:${randomUUID()}`;
      assert.equal((await post(plainToken, screeningInstance(v, instanceId))).statusCode, 201);
      const again = await post(plainToken, screeningInstance(v, instanceId));
      assert.equal(again.statusCode, 201);
      assert.match(again.body, /Already received/);
      const changed = await post(plainToken, screeningInstance(v, instanceId, { firstName: 'Fatou' }));
      assert.equal(changed.statusCode, 202);
      const old = await post(plainToken, screeningInstance('0ld0ld0ld0ld', `uuid:${randomUUID()}`));
      assert.equal(old.statusCode, 202);
      const rows = await env.ctx.db
        .selectFrom('odk_submissions')
        .select(['status', 'conflict_reason', 'payload_enc'])
        .where('status', '=', 'conflict')
        .execute();
      assert.ok(rows.some((r) => r.conflict_reason === 'duplicate' && r.payload_enc));
      assert.ok(rows.some((r) => r.conflict_reason === 'old_version' && r.payload_enc));
      const cases = await env.ctx.db
        .selectFrom('odk_submissions')
        .select('case_id')
        .where('instance_id', '=', instanceId)
        .where('case_id', 'is not', null)
        .execute();
      assert.equal(cases.length, 1, 'one case for one instance');
    });

    it('adds an interview to an existing case, unless the case changed after the interview began: then a conflict', async () => {
      const xml = await form(plainToken, 'abri-screening');
      const v = versionOf(xml);
      const first = `uuid:${randomUUID()}`;
      assert.equal((await post(plainToken, screeningInstance(v, first))).statusCode, 201);
      const row = await env.ctx.db.selectFrom('odk_submissions').select('case_id').where('instance_id', '=', first).executeTakeFirstOrThrow();
      const c = await env.ctx.db
        .selectFrom('cases')
        .select(['id', 'case_number'])
        .where('id', '=', row.case_id as string)
        .executeTakeFirstOrThrow();
      const later = new Date(Date.now() + 60_000).toISOString();
      const follow = `uuid:${randomUUID()}`;
      const added = await post(plainToken, screeningInstance(v, follow, { caseNumber: c.case_number, started: later }));
      assert.equal(added.statusCode, 201, `${c.case_number} ${added.body}`);
      const screenings = await env.ctx.db.selectFrom('case_screenings').select('id').where('case_id', '=', c.id).execute();
      assert.equal(screenings.length, 2, 'the follow-up interview was added to the same case');
      // The office changes the case; an interview begun before that change comes in afterwards.
      await env.ctx.db
        .updateTable('cases')
        .set({ updated_at: new Date(Date.now() + 120_000).toISOString() })
        .where('id', '=', c.id)
        .execute();
      const stale = `uuid:${randomUUID()}`;
      const res = await post(plainToken, screeningInstance(v, stale, { caseNumber: c.case_number, started: later }));
      assert.equal(res.statusCode, 202);
      assert.match(res.body, /case changed/);
      const kept = await env.ctx.db
        .selectFrom('odk_submissions')
        .select(['status', 'conflict_reason', 'case_id', 'payload_enc'])
        .where('instance_id', '=', stale)
        .executeTakeFirstOrThrow();
      assert.equal(kept.status, 'conflict');
      assert.equal(kept.conflict_reason, 'case_changed');
      assert.equal(kept.case_id, c.id);
      assert.ok(kept.payload_enc);
      assert.equal(
        (await env.ctx.db.selectFrom('case_screenings').select('id').where('case_id', '=', c.id).execute()).length,
        2,
        'nothing written to the case',
      );
      const unknown = await post(plainToken, screeningInstance(v, `uuid:${randomUUID()}`, { caseNumber: 'TN-2026-99999' }));
      assert.equal(unknown.statusCode, 202);
    });

    it('refuses bad XML, XML bombs, a wrong key, a bad signature and oversized bodies with OpenRosa 4xx, never 5xx', async () => {
      const bomb =
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><data id="abri-report">&lol2;</data>';
      const ext = '<?xml version="1.0"?><!DOCTYPE data [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><data id="abri-report">&xxe;</data>';
      for (const [body, pattern] of [
        ['<data id="abri-report"><unclosed></data>', /not well-formed/],
        [bomb, /document type/],
        [ext, /document type/],
        ['<data id="abri-report">&undefined;</data>', /not well-formed/],
        ['', /not well-formed|no XML/],
      ] as const) {
        const res = await post(plainToken, body);
        assert.equal(res.statusCode, 400, body);
        assert.match(res.body, pattern);
        assert.equal(res.headers['x-openrosa-version'], '1.0');
      }
      const xml = await form(token, 'abri-report');
      const instanceId = `uuid:${randomUUID()}`;
      const { generateKeyPairSync } = await import('node:crypto');
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
      const wrong = encryptForForm(other, { formId: 'abri-report', version: versionOf(xml), instanceId, xml: reportInstance(versionOf(xml), instanceId) });
      const w = await post(token, wrong.manifest, wrong.files);
      assert.equal(w.statusCode, 400);
      assert.match(w.body, /could not be decrypted/);
      const bad = encryptForForm(
        publicKeyOf(xml) as string,
        { formId: 'abri-report', version: versionOf(xml), instanceId, xml: reportInstance(versionOf(xml), instanceId) },
        { signature: 'bad' },
      );
      const b = await post(token, bad.manifest, bad.files);
      assert.equal(b.statusCode, 400);
      assert.match(b.body, /signature/);
      const missing = encryptForForm(publicKeyOf(xml) as string, {
        formId: 'abri-report',
        version: versionOf(xml),
        instanceId,
        xml: reportInstance(versionOf(xml), instanceId),
      });
      assert.equal((await post(token, missing.manifest, [])).statusCode, 400);
      const huge = `<data id="abri-report">${'x'.repeat(1024 * 1024 + 10)}</data>`;
      assert.equal((await post(plainToken, huge)).statusCode, 413);
      const tooBig = Buffer.alloc(env.config.maxUploadMb * 1024 * 1024 + 1);
      const big = await post(plainToken, '<data/>', [{ name: 'x.jpg', bytes: tooBig }]);
      assert.equal(big.statusCode, 413);
      const notMultipart = await env.app.inject({
        method: 'POST',
        url: `/key/${plainToken}/submission`,
        headers: { 'content-type': 'text/xml' },
        payload: '<data/>',
      });
      assert.ok(notMultipart.statusCode >= 400 && notMultipart.statusCode < 500, String(notMultipart.statusCode));
      assert.equal(
        await env.ctx.db.selectFrom('odk_submissions').select('id').where('instance_id', '=', instanceId).executeTakeFirst(),
        undefined,
        'nothing half-created',
      );
    });

    it('answers any body with an OpenRosa 4xx or a success, never a 5xx (fuzzed XML parts and manifests)', async () => {
      const xml = await form(token, 'abri-report');
      const v = versionOf(xml);
      const pieces = fc.oneof(
        fc.string(),
        fc.constantFrom(
          '<data id="abri-report">',
          '</data>',
          '<meta><instanceID>uuid:x</instanceID></meta>',
          ' encrypted="yes"',
          '<base64EncryptedKey>AAAA</base64EncryptedKey>',
          '<encryptedXmlFile>submission.xml.enc</encryptedXmlFile>',
          `version="${v}"`,
          '<!ENTITY a "b">',
          '&a;',
          '<![CDATA[x]]>',
          '\u0000',
        ),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(pieces, { maxLength: 12 }), fc.boolean(), async (parts, enc) => {
          const res = await post(enc ? token : plainToken, parts.join(''), enc ? [{ name: 'submission.xml.enc', bytes: Buffer.from(parts.join('')) }] : []);
          return res.statusCode < 500 && res.headers['x-openrosa-version'] === '1.0';
        }),
        { numRuns: 60 },
      );
    });

    it('refuses a revoked token at once, on every OpenRosa route, with 401', async () => {
      const admin = await authUser(env, adminId);
      const d = await enrolDevice(env.ctx, admin, { officeId, displayName: 'Lost phone', encrypted: true });
      assert.equal((await get(`/key/${d.token}/formList`)).statusCode, 200);
      await revokeDevice(env.ctx, admin, d.id);
      for (const url of [`/key/${d.token}/formList`, `/key/${d.token}/forms/abri-screening/form.xml`, `/key/${d.token}/forms/abri-screening/manifest`]) {
        const res = await get(url);
        assert.equal(res.statusCode, 401, url);
        assert.match(res.body, /revoked/);
      }
      assert.equal((await env.app.inject({ method: 'HEAD', url: `/key/${d.token}/submission` })).statusCode, 401);
      assert.equal((await post(d.token, '<data/>')).statusCode, 401);
      assert.equal((await get('/key/not-a-token/formList')).statusCode, 401);
      const events = await env.ctx.db.selectFrom('audit_events').select('type').where('subject_id', '=', d.id).execute();
      assert.deepEqual(events.map((e) => e.type).sort(), ['odk.device_enrolled', 'odk.device_revoked']);
    });
  });
}
