import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createOffice, createOrganisation, createTestEnv, createUser, DIALECTS, FORM, form, type Signed, sessionFor, type TestEnv } from '../../test/helper.js';
import { multipart, PDF_BYTES, seedTraining } from '../partners/test-fixtures.js';
import { libraryDir } from './library.service.js';
import { trainedOrganisationIds, trainingFigures } from './figures.service.js';

for (const dialect of DIALECTS) {
  describe(`trainings (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    let trainer: Signed;
    before(async () => {
      env = await createTestEnv(dialect, { smallCountThreshold: 3 });
      officeId = await createOffice(env.ctx);
      trainer = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['supervisor'], officeId })).id);
    });
    after(async () => env.close());

    const post = (url: string, body: Record<string, string | string[]>, who: Signed = trainer) => env.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, ...FORM }, payload: form({ _csrf: who.csrf, ...body }) });
    const get = (url: string, who: Signed = trainer) => env.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });

    it('runs a training from creation to a printable certificate', async () => {
      const org = await createOrganisation(env.ctx, 'Border Police', officeId);
      const created = await post('/staff/training', { title: 'Victim identification', topic: 'identification', audience: 'government', country: 'TN', place: 'Sousse', trainers: 'Leila Ben Ali\nMarc Diallo', curriculum: 'Indicators\nFirst contact', testMaxScore: '20' });
      assert.equal(created.statusCode, 303);
      const id = String(created.headers.location).split('/').pop() as string;
      assert.equal((await post(`/staff/training/${id}/sessions`, { heldOn: '2026-11-02' })).statusCode, 303);
      assert.equal((await post(`/staff/training/${id}/sessions`, { heldOn: '2026-11-03', required: '0', subject: 'Field visit' })).statusCode, 303);
      assert.equal((await post(`/staff/training/${id}/participants`, { name: 'Amina Trabelsi', organisationId: org, institutionType: 'border_guard', role: 'Sergeant', gender: 'female' })).statusCode, 303);
      assert.equal((await post(`/staff/training/${id}/participants`, { organisationName: 'Teachers union', institutionType: 'school', gender: 'male' })).statusCode, 303);
      const sessions = await env.ctx.db.selectFrom('training_sessions').select(['id', 'required']).where('training_id', '=', id).orderBy('held_on').execute();
      const people = await env.ctx.db.selectFrom('training_participants').select(['id', 'name_enc']).where('training_id', '=', id).orderBy('created_at').execute();
      const [amina, second] = people;
      assert.ok(amina && second && sessions[0]);
      assert.ok(amina.name_enc && !amina.name_enc.includes('Amina'), 'the name is stored encrypted');

      const training = await env.ctx.db.selectFrom('trainings').select('version').where('id', '=', id).executeTakeFirstOrThrow();
      // Amina attends the required session only; the other participant attends the optional one only.
      const att = await post(`/staff/training/${id}/attendance`, { version: String(training.version), present: [`${sessions[0].id}:${amina.id}`, `${sessions[1]?.id}:${second.id}`] });
      assert.equal(att.statusCode, 303);
      const v2 = (await env.ctx.db.selectFrom('trainings').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
      const stale = await post(`/staff/training/${id}/scores`, { version: String(training.version), [`pre_${amina.id}`]: '8' });
      assert.equal(stale.statusCode, 409);
      const tooHigh = await post(`/staff/training/${id}/scores`, { version: String(v2), [`pre_${amina.id}`]: '21' });
      assert.equal(tooHigh.statusCode, 400);
      assert.match(tooHigh.body, /whole number from 0 to the highest score/);
      const scores = await post(`/staff/training/${id}/scores`, { version: String(v2), [`pre_${amina.id}`]: '8', [`post_${amina.id}`]: '17', [`pre_${second.id}`]: '5', [`post_${second.id}`]: '9' });
      assert.equal(scores.statusCode, 303);

      const current = (await env.ctx.db.selectFrom('trainings').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
      const edit = { title: 'Victim identification at borders', topic: 'identification', audience: 'government', country: 'TN', trainers: 'Leila Ben Ali\nMarc Diallo', version: String(current) };
      const lowered = await post(`/staff/training/${id}`, { ...edit, testMaxScore: '10' });
      assert.equal(lowered.statusCode, 400, 'the highest score cannot go below a recorded score');
      assert.match(lowered.body, /Some recorded scores are higher than this/);
      assert.equal((await post(`/staff/training/${id}`, { ...edit, testMaxScore: '20' })).statusCode, 303);
      assert.equal((await post(`/staff/training/${id}`, { ...edit, testMaxScore: '20' })).statusCode, 409, 'a second save with the old version is refused');

      const page = await get(`/staff/training/${id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Victim identification at borders/);
      assert.doesNotMatch(page.body, /⟦/);
      assert.match(page.body, /Amina Trabelsi/);
      const cert = await get(`/staff/training/${id}/participants/${amina.id}/certificate`);
      assert.equal(cert.statusCode, 200);
      assert.match(cert.body, /Certificate of attendance/);
      assert.match(cert.body, /Amina Trabelsi/);
      assert.match(cert.body, /Leila Ben Ali/);
      assert.match(cert.body, /Victim identification at borders/);
      assert.match(cert.body, /1 session attended out of 2/);
      // Missed the required session: no certificate.
      const refused = await get(`/staff/training/${id}/participants/${second.id}/certificate`);
      assert.equal(refused.statusCode, 422);
      const access = await env.ctx.db.selectFrom('access_log').select('action').where('subject_id', '=', amina.id).execute();
      assert.ok(access.some((a) => a.action === 'training.certificate'));
      for (const locale of ['fr', 'es', 'ar']) {
        const c = await env.app.inject({ method: 'GET', url: `/staff/training/${id}/participants/${amina.id}/certificate?lang=${locale}`, headers: { cookie: trainer.cookie } });
        assert.doesNotMatch(c.body, /⟦/);
      }
    });

    it('keeps another office’s trainings out of reach', async () => {
      const other = await createOffice(env.ctx, 'MA', 'MA');
      const { trainingId, participantIds } = await seedTraining(env.ctx, other, { participants: [{ pre: 1, post: 2 }] });
      assert.equal((await get(`/staff/training/${trainingId}`)).statusCode, 403);
      assert.equal((await get(`/staff/training/${trainingId}/participants/${participantIds[0]}/certificate`)).statusCode, 403);
      assert.equal((await post(`/staff/training/${trainingId}/sessions`, { heldOn: '2026-01-01' })).statusCode, 403);
      const list = await get('/staff/training');
      assert.doesNotMatch(list.body, new RegExp(trainingId));
    });

    it('stores library files encrypted, checks their type by content, and lets partner users read but not manage', async () => {
      const org = await createOrganisation(env.ctx, 'Library Reader Org', officeId);
      const partner = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['partner'], organisationId: org })).id);
      const upload = (who: Signed, fields: Record<string, string>, file?: { name: string; bytes: Buffer }) => {
        const m = multipart({ _csrf: who.csrf, ...fields }, file);
        return env.app.inject({ method: 'POST', url: '/staff/training/library', headers: { cookie: who.cookie, ...m.headers }, payload: m.body });
      };
      const fake = await upload(trainer, { title: 'Guide', topic: 'identification', language: 'ar' }, { name: 'guide.pdf', bytes: Buffer.from('this is only text pretending to be a PDF') });
      assert.equal(fake.statusCode, 400);
      assert.match(fake.body, /cannot be added to the library/);
      const missing = await upload(trainer, { title: 'Guide', topic: 'identification', language: 'ar' });
      assert.equal(missing.statusCode, 400);
      const ok = await upload(trainer, { title: 'دليل التعرف على الضحايا', topic: 'identification', language: 'ar' }, { name: 'x.bin', bytes: PDF_BYTES });
      assert.equal(ok.statusCode, 303);
      const doc = await env.ctx.db.selectFrom('library_documents').selectAll().executeTakeFirstOrThrow();
      assert.equal(doc.media_type, 'application/pdf');
      const stored = readFileSync(join(libraryDir(env.ctx), `${doc.id}.bin`));
      assert.equal(stored.includes(PDF_BYTES.subarray(0, 20)), false, 'the file on disk is encrypted');

      const list = await get('/staff/training/library', partner);
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /دليل التعرف على الضحايا/);
      assert.doesNotMatch(list.body, /\/remove/);
      const file = await get(`/staff/training/library/${doc.id}`, partner);
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['content-type'], 'application/pdf');
      assert.deepEqual(file.rawPayload, PDF_BYTES);
      assert.equal((await upload(partner, { title: 'x', topic: 'identification', language: 'en' }, { name: 'x.pdf', bytes: PDF_BYTES })).statusCode, 403);
      assert.equal((await post(`/staff/training/library/${doc.id}/remove`, {}, partner)).statusCode, 403);
      assert.equal((await get('/staff/training/new', partner)).statusCode, 403);
      // The training entry point sends readers to the library.
      const hub = await get('/staff/training', partner);
      assert.equal(hub.statusCode, 303);
      assert.equal(hub.headers.location, '/staff/training/library');

      assert.equal((await post(`/staff/training/library/${doc.id}/remove`, {})).statusCode, 303);
      assert.equal(existsSync(join(libraryDir(env.ctx), `${doc.id}.bin`)), false);
      assert.equal((await get(`/staff/training/library/${doc.id}`, partner)).statusCode, 404);
      assert.deepEqual(readdirSync(libraryDir(env.ctx)).filter((f) => f.endsWith('.tmp')), []);
    });

    it('counts people trained and the mean change, hiding small counts', async () => {
      const office = await createOffice(env.ctx, 'SN', 'SN');
      const orgA = await createOrganisation(env.ctx, 'Labour Inspectorate', office);
      const orgB = await createOrganisation(env.ctx, 'Clinic Network', office);
      // Four police officers complete (+25 points each on a 20-point test), one judge completes, one NGO worker does not.
      await seedTraining(env.ctx, office, {
        country: 'SN',
        topic: 'labour_exploitation',
        days: ['2026-03-01', '2026-03-02'],
        participants: [
          ...Array.from({ length: 4 }, () => ({ type: 'police', organisationId: orgA, pre: 10, post: 15 })),
          { type: 'judiciary', organisationId: orgB, pre: 4, post: 20 },
          { type: 'ngo', attended: [0], pre: 2, post: 12 },
        ],
      });
      const admin = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['administrator'], officeId: office })).id);
      const f = await trainingFigures(env.ctx.db, { period: { from: '2026-01-01', to: '2026-12-31' }, scope: [office] });
      assert.equal(f.people, 5);
      assert.equal(f.participants, 6);
      assert.deepEqual(f.byInstitution, [
        ['police', 4],
        ['judiciary', 1],
      ]);
      assert.equal(f.scores.n, 6);
      assert.equal(f.scores.meanChange, (4 * 25 + 80 + 50) / 6);
      assert.equal(f.organisationsTrained, 2);
      assert.equal(f.organisationsWithReferrals, 0, 'no referral records yet');
      const trained = await trainedOrganisationIds(env.ctx.db, { from: '2026-01-01' }, [office]);
      assert.deepEqual(trained.map((t) => t.trainedOn), ['2026-03-02', '2026-03-02']);
      assert.deepEqual((await trainingFigures(env.ctx.db, { period: { from: '2026-04-01' }, scope: [office] })).people, 0);

      const page = await get('/staff/training/figures?from=2026-01-01&to=2026-12-31', admin);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /⟦/);
      // Threshold 3: the judge (1) is hidden, and the police (4) with it so the total cannot give it away.
      assert.match(page.body, /<td[^>]*>Police<\/td><td[^>]*>fewer than 3<\/td>/);
      assert.match(page.body, /<td[^>]*>Judges<\/td><td[^>]*>fewer than 3<\/td>/);
      assert.match(page.body, /<td[^>]*>Labour exploitation and inspection<\/td><td[^>]*>5<\/td>/);
      for (const locale of ['fr', 'es', 'ar']) {
        const p = await env.app.inject({ method: 'GET', url: `/staff/training/figures?lang=${locale}`, headers: { cookie: admin.cookie } });
        assert.equal(p.statusCode, 200);
        assert.doesNotMatch(p.body, /⟦/);
      }
    });

    it('hides a small number of organisations trained, as the dashboards hide small counts', async () => {
      const office = await createOffice(env.ctx, 'GH', 'GH');
      const org = await createOrganisation(env.ctx, 'Only Trained Org', office);
      // Five people complete, one of them from a listed organisation: one organisation trained, under the threshold of 3.
      await seedTraining(env.ctx, office, {
        days: ['2026-06-01'],
        participants: [{ organisationId: org, pre: 5, post: 15 }, ...Array.from({ length: 4 }, () => ({ pre: 5, post: 15 }))],
      });
      const manager = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['supervisor'], officeId: office })).id);
      const page = await get('/staff/training/figures?from=2026-01-01&to=2026-12-31', manager);
      assert.equal(page.statusCode, 200);
      const card = (label: string) => new RegExp(`<dt>${label}</dt><dd>(.*?)</dd>`).exec(page.body)?.[1];
      assert.equal(card('People trained'), '5');
      assert.equal(card('Organisations trained'), 'fewer than 3');
      assert.equal(card('Of which later made or received a referral'), '0', 'a zero is not a small count');
    });

    it('counts trained organisations that later took part in a referral, through the referral count source', async () => {
      const office = await createOffice(env.ctx, 'ML', 'ML');
      const org = await createOrganisation(env.ctx, 'Referring Police', office);
      await seedTraining(env.ctx, office, { days: ['2026-05-01'], participants: [{ organisationId: org, pre: 1, post: 2 }] });
      const f = await trainingFigures(env.ctx.db, { period: {}, scope: [office], referralSource: async (_db, trained) => trained.filter((t) => t.organisationId === org && t.trainedOn === '2026-05-01').length });
      assert.equal(f.organisationsWithReferrals, 1);
    });

    it('never answers bad input on the training forms with a server error', async () => {
      const { trainingId, participantIds } = await seedTraining(env.ctx, officeId, { participants: [{ pre: 1, post: 2 }] });
      const pid = participantIds[0] as string;
      const fields = ['title', 'topic', 'audience', 'country', 'place', 'online', 'curriculum', 'trainers', 'testMaxScore', 'version', 'heldOn', 'subject', 'required', 'name', 'organisationId', 'organisationName', 'institutionType', 'role', 'gender', 'present', `pre_${pid}`, `post_${pid}`, 'officeId', '__proto__'];
      const value = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('', '0', '-5', '1', '99999', '99999999999', '2026-13-01', 'identification', 'police', 'female', 'TN', `x:${pid}`, '1'.repeat(300)), fc.array(fc.string({ maxLength: 80 }), { maxLength: 3 }));
      const urls = ['/staff/training', `/staff/training/${trainingId}`, `/staff/training/${trainingId}/sessions`, `/staff/training/${trainingId}/participants`, `/staff/training/${trainingId}/attendance`, `/staff/training/${trainingId}/scores`, '/staff/training/library'];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...urls), fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: 10 }), async (url, body) => {
          const r = await post(url, body as Record<string, string | string[]>);
          assert.ok(r.statusCode < 500, `${url} → ${r.statusCode}`);
        }),
        { numRuns: 80 },
      );
      await fc.assert(
        fc.asyncProperty(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), async (a, b) => {
          for (const url of [`/staff/training/figures?from=${encodeURIComponent(a)}&to=${encodeURIComponent(b)}`, `/staff/training/library?topic=${encodeURIComponent(a)}&language=${encodeURIComponent(b)}`, `/staff/training/${encodeURIComponent(a || 'x')}`, `/staff/training/library/${encodeURIComponent(a || 'x')}`]) {
            const r = await get(url);
            assert.ok(r.statusCode < 500, `${url} → ${r.statusCode}`);
          }
        }),
        { numRuns: 30 },
      );
      const m = multipart({ _csrf: trainer.csrf, title: 'x', topic: 'identification', language: 'en' }, { name: 'a', bytes: Buffer.alloc(0) });
      const empty = await env.app.inject({ method: 'POST', url: '/staff/training/library', headers: { cookie: trainer.cookie, ...m.headers }, payload: m.body });
      assert.equal(empty.statusCode, 400);
    });
  });
}
