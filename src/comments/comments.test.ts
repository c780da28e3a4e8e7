import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createOffice, createTestEnv, createUser, DIALECTS, FORM, form, sessionFor, type Signed, type TestEnv } from '../../test/support/index.js';
import { listFlaggedComments, readFlaggedComment } from './comments.service.js';
import { detectFlags } from './detection.js';

const ARTICLE = '/en/news/before-you-accept-a-job-abroad';

describe('held-comment detection', () => {
  it('finds phone numbers written the ways people write them', () => {
    for (const text of ['call me on +216 20 123 456', 'mon numéro 06 12 34 56 78', 'tel: (555) 123-4567', 'WhatsApp 0021698765432', 'رقمي ٠٥٥١٢٣٤٥٦٧']) {
      assert.ok(detectFlags(text).includes('phone'), text);
    }
  });
  it('finds email addresses, also disguised', () => {
    for (const text of ['write to fatou.d@example.org', 'amina [at] mail [dot] com', 'juan (at) correo (dot) es']) assert.ok(detectFlags(text).includes('email'), text);
  });
  it('finds street addresses in the four languages', () => {
    for (const text of ['she is at 12 rue de la Paix', 'house on 221 Baker Street', 'calle Mayor 5, piso 3', 'apartment 4B upstairs', 'في شارع الحبيب بورقيبة']) {
      assert.ok(detectFlags(text).includes('address'), text);
    }
  });
  it('finds words that describe a real situation, and names with places', () => {
    for (const text of ['They took my passport and I cannot leave', 'Ma sœur est enfermée', 'Mi hermana no puede salir, ayúdenme', 'ساعدوني من فضلكم', 'Fatou in Sfax works day and night']) {
      assert.ok(detectFlags(text).includes('report'), text);
    }
  });
  it('lets an ordinary comment through', () => {
    for (const text of ['Thank you, this is very clear.', 'Merci pour ces conseils, je vais les partager.', 'Muy útil, gracias.', 'شكرًا على هذه المعلومات المفيدة', 'In 2024 we saw 3 cases in our region']) {
      assert.deepEqual(detectFlags(text), [], text);
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`comments (${dialect})`, () => {
    let env: TestEnv;
    let editor: Signed;
    let admin: Signed;
    let triage: Signed;
    let editorId: string;
    let triageId: string;
    let n = 0;

    before(async () => {
      env = await createTestEnv(dialect);
      const office = await createOffice(env.ctx);
      editorId = (await createUser(env.ctx, { roles: ['editor'], officeId: office })).id;
      editor = await sessionFor(env.ctx, editorId);
      admin = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['administrator'], officeId: null })).id);
      triageId = (await createUser(env.ctx, { roles: ['triage_operator'], officeId: office })).id;
      triage = await sessionFor(env.ctx, triageId);
    });
    after(async () => env?.close());

    // Each visitor gets its own address, so the rate limit is tested on its own.
    const comment = (data: Record<string, string>, ip = `10.0.0.${++n % 250}`) =>
      env.app.inject({ method: 'POST', url: `${ARTICLE}/comments`, headers: FORM, payload: form(data), remoteAddress: ip });
    const get = (url: string, cookie?: string) => env.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
    const post = (url: string, who: Signed, data: Record<string, string>) =>
      env.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: who.cookie }, payload: form({ _csrf: who.csrf, ...data }) });
    // Names are encrypted until published, so the comment just posted is found as the newest one.
    const newestComment = async () => {
      return env.ctx.db.selectFrom('comments').selectAll().where('parent_id', 'is', null).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    };

    it('shows the form with the email notice and required fields, without a cookie', async () => {
      const r = await get(ARTICLE);
      assert.equal(r.statusCode, 200);
      assert.match(r.body, /never published/);
      // Only the comment is required: no name, no email asked of someone the safety box tells not to give names.
      assert.equal((r.body.match(/aria-required="true"/g) ?? []).length, 1);
      assert.match(r.body, /action="[^"]*\/comments#comment-form-errors"/);
      assert.match(r.body, /Required fields are marked \*/);
      assert.match(r.body, /name="website"/);
      assert.equal(r.headers['set-cookie'], undefined);
    });

    it('holds every comment for moderation; a moderator approves it, it appears, and a staff reply follows', async () => {
      const r = await comment({ name: 'Leila', email: 'leila@example.org', comment: 'Very useful advice, thank you.' });
      assert.equal(r.statusCode, 303);
      assert.equal(r.headers.location, `${ARTICLE}/comment-sent`);
      assert.equal((await get(String(r.headers.location))).statusCode, 200);
      assert.ok(!(await get(ARTICLE)).body.includes('Very useful advice'), 'not public before moderation');
      const row = await newestComment();
      assert.equal(row.status, 'pending');
      assert.ok(row.email_enc && !row.email_enc.includes('leila'), 'the email address is stored encrypted');
      const queue = await get('/staff/comments', editor.cookie);
      assert.equal(queue.statusCode, 200);
      assert.match(queue.body, /Very useful advice/);
      const ok = await post(`/staff/comments/${row.id}/moderate`, editor, { decision: 'approve', version: String(row.version) });
      assert.equal(ok.statusCode, 303);
      const page = await get(ARTICLE);
      assert.match(page.body, /Very useful advice, thank you\./);
      assert.match(page.body, /Leila/);
      assert.ok(!page.body.includes('leila@example.org'), 'the email address is never published');
      const french = await get('/fr/news/avant-d-accepter-un-emploi-a-l-etranger');
      assert.ok(!french.body.includes('Very useful advice'), 'comments are shown with the language they were written in');
      const email = await get(`/staff/comments/${row.id}/email`, editor.cookie);
      assert.equal(email.statusCode, 200);
      assert.match(email.body, /mailto:leila@example.org/);
      assert.equal((await get(`/staff/comments/${row.id}/email`, admin.cookie)).statusCode, 403);
      const reads = await env.ctx.db.selectFrom('access_log').select('action').where('subject_id', '=', row.id).execute();
      assert.ok(reads.some((r) => r.action === 'read_email'), 'reading the address is recorded');
      const reply = await post(`/staff/comments/${row.id}/reply`, editor, { reply: 'Thank you for reading.' });
      assert.equal(reply.statusCode, 303);
      const withReply = await get(ARTICLE);
      assert.match(withReply.body, /comment-staff/);
      assert.match(withReply.body, /Thank you for reading\./);
      const replyRow = await env.ctx.db.selectFrom('comments').selectAll().where('parent_id', '=', row.id).executeTakeFirstOrThrow();
      const nested = await post(`/staff/comments/${replyRow.id}/reply`, editor, { reply: 'A second level' });
      assert.equal(nested.statusCode, 422, 'replies go one level deep');
    });

    it('rejects and marks spam, which never appear', async () => {
      await comment({ name: 'Bot', email: 'bot@example.org', comment: 'Cheap watches here' });
      const row = await newestComment();
      await post(`/staff/comments/${row.id}/moderate`, editor, { decision: 'spam', version: String(row.version) });
      const after = await env.ctx.db.selectFrom('comments').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
      assert.equal(after.status, 'spam');
      assert.equal(after.body_enc, null, 'nothing readable is kept of spam');
      assert.ok(!(await get(ARTICLE)).body.includes('Cheap watches'));
    });

    it('holds a comment with a phone number, shows how to report safely, flags it to triage, and never publishes it', async () => {
      const r = await comment({ name: 'Worried', email: 'w@example.org', comment: 'My sister is locked in, call me on +216 22 333 444' });
      assert.equal(r.headers.location, `${ARTICLE}/comment-held`);
      const held = await get(String(r.headers.location));
      assert.equal(held.statusCode, 200);
      assert.match(held.body, /will not be published/);
      assert.match(held.body, /href="\/en\/report"/);
      const row = await newestComment();
      assert.equal(row.status, 'held');
      assert.equal(row.flagged, 1);
      assert.deepEqual(JSON.parse(row.flag_reasons).sort(), ['phone', 'report']);
      const flagged = await listFlaggedComments(env.ctx.db);
      assert.ok(flagged.some((f) => f.id === row.id && f.triageStatus === 'open'));
      const officeScoped = await listFlaggedComments(env.ctx.db, (await createOffice(env.ctx, 'CI', 'CI')));
      assert.ok(officeScoped.some((f) => f.id === row.id), 'organisation-wide comments reach every office');
      const queue = await get('/staff/comments', editor.cookie);
      assert.match(queue.body, /moderation-held/);
      assert.match(queue.body, /a phone number/);
      const refused = await post(`/staff/comments/${row.id}/moderate`, editor, { decision: 'approve', version: String(row.version) });
      assert.equal(refused.statusCode, 422);
      assert.ok(!(await get(ARTICLE)).body.includes('+216 22 333 444'));
      const user = { id: triageId, email: 't@x', displayName: 'T', locale: 'en', timeZone: 'UTC', organisationId: null, memberships: [{ role: 'triage_operator', office_id: null, organisation_id: null }] };
      const read = await readFlaggedComment(env.ctx, user, row.id);
      assert.match(read.body, /locked in/);
      assert.equal(read.email, 'w@example.org');
    });

    it('drops what a robot puts in the honeypot and rate-limits a flood', async () => {
      const count = async () => Number((await env.ctx.db.selectFrom('comments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const before = await count();
      const r = await comment({ name: 'x', email: 'x@example.org', comment: 'buy now', website: 'http://spam.example' });
      assert.equal(r.statusCode, 303);
      assert.equal(await count(), before, 'nothing stored');
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await comment({ name: 'Flood', email: 'f@example.org', comment: `hello ${i}` }, '10.9.9.9')).statusCode);
      assert.deepEqual(statuses.slice(0, 5), [303, 303, 303, 303, 303]);
      assert.equal(statuses[6], 429);
    });

    it('takes a comment without name or email; refused attempts do not use up the limit; a limited one keeps its text', async () => {
      const ip = '10.8.8.8';
      const anonymous = await comment({ comment: 'Thank you for this page.' }, ip);
      assert.equal(anonymous.statusCode, 303);
      const row = await newestComment();
      assert.equal(row.name_enc, null);
      assert.equal(row.email_enc, null);
      for (let i = 0; i < 8; i++) assert.equal((await comment({ email: 'not an address', comment: `refused ${i}` }, ip)).statusCode, 400);
      for (let i = 0; i < 4; i++) assert.equal((await comment({ comment: `taken ${i}` }, ip)).statusCode, 303, `taken ${i}`);
      const limited = await comment({ name: 'Nadia', comment: 'My words, kept when limited' }, ip);
      assert.equal(limited.statusCode, 429);
      assert.match(limited.body, /id="comment-form-errors"/);
      assert.match(limited.body, /My words, kept when limited/);
      assert.match(limited.body, /value="Nadia"/);
      assert.match(limited.body, /send it again in \d+ minutes?/);
      assert.ok(Number(limited.headers['retry-after']) > 0);
    });

    it('re-renders the form with localised errors for missing or bad fields', async () => {
      const r = await env.app.inject({ method: 'POST', url: '/fr/news/avant-d-accepter-un-emploi-a-l-etranger/comments', headers: FORM, payload: form({ name: '', email: 'nope', comment: '' }), remoteAddress: '10.1.1.1' });
      assert.equal(r.statusCode, 400);
      assert.match(r.body, /error-summary/);
      assert.match(r.body, /lang="fr"/);
      assert.ok(!r.body.includes('⟦'));
    });

    it('never fails and never renders script, whatever is posted', async () => {
      const field = fc.oneof(fc.string({ maxLength: 300 }), fc.constant('<script>alert(1)</script>'), fc.constant('"><svg onload=alert(1)>'), fc.string({ minLength: 5000, maxLength: 6000 }), fc.string({ unit: 'binary', maxLength: 100 }));
      await fc.assert(
        fc.asyncProperty(field, field, field, fc.option(field), async (name, email, text, website) => {
          const data: Record<string, string> = { name, email, comment: text };
          if (website !== null) data.website = website;
          const r = await comment(data, `10.2.${++n % 250}.${n % 200}`);
          assert.ok(r.statusCode < 500, `status ${r.statusCode}`);
          assert.ok(!r.body.includes('<script>alert'), 'script rendered');
          assert.ok(!r.body.includes('<svg onload'), 'markup rendered');
        }),
        { numRuns: 40 },
      );
      const raw = await env.app.inject({ method: 'POST', url: `${ARTICLE}/comments`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3d, 0xff, 0xfe, 0x26]), remoteAddress: '10.3.3.3' });
      assert.ok(raw.statusCode < 500);
      const huge = await env.app.inject({ method: 'POST', url: `${ARTICLE}/comments`, headers: FORM, payload: `comment=${'a'.repeat(1_100_000)}`, remoteAddress: '10.3.3.4' });
      assert.equal(huge.statusCode, 413);
      assert.ok(!huge.body.includes('⟦'));
      const json = await env.app.inject({ method: 'POST', url: `${ARTICLE}/comments`, headers: { 'content-type': 'application/json' }, payload: '{"name": {"a": 1}, "email": [1,2], "comment": null}', remoteAddress: '10.3.3.5' });
      assert.ok(json.statusCode < 500);
    });

    it('lets only moderators reach the moderation queue', async () => {
      assert.equal((await get('/staff/comments')).statusCode, 303);
      assert.equal((await get('/staff/comments', admin.cookie)).statusCode, 403);
      assert.equal((await get('/staff/comments', triage.cookie)).statusCode, 403);
      assert.equal((await get('/staff/comments', editor.cookie)).statusCode, 200);
      assert.equal((await get('/staff/comments/approved', editor.cookie)).statusCode, 200);
    });
  });
}
