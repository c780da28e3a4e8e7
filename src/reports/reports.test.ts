import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import sharp from 'sharp';
import { createOffice, createTestEnv, createUser, csrfFrom, DIALECTS, FORM, form, sessionFor, type TestEnv } from '../../test/helper.js';
import { buildApp } from '../app.js';
import { startContext } from '../platform/bootstrap.js';
import { runJobOnce } from '../platform/jobs/scheduler.js';
import { LOCALES } from '../platform/i18n/i18n.js';
import { pdfWithMetadata } from '../platform/files/test-support.js';
import { readFile } from './attachments.js';
import { computePriority } from './priority.js';
import { cleanReceiptCode, groupReceiptCode, hashReceiptCode, newReceiptCode } from './receipt.js';
import { REPORT_RETENTION_JOB } from './reports.jobs.js';
import { dumpAll, hasGpsPointer, IP_STRINGS, IPV4, jpegWithGps, multipart, validReport } from './test-support.js';

const CODE_RE = /data-receipt-code[^>]*>(\d{4} \d{4} \d{4} \d{4})</;

async function submit(env: TestEnv, fields: Record<string, string | string[]>, files: Parameters<typeof multipart>[1] = [], locale = 'en') {
  const body = multipart(fields, files);
  // The per-client submission limit is not under test here; many reports come from the one test client.
  env.ctx.limiter.reset('reports.submit', env.ctx.limiter.clientKey('127.0.0.1'));
  return env.app.inject({ method: 'POST', url: `/${locale}/report`, payload: body.payload, headers: body.headers });
}

async function submitOk(env: TestEnv, fields = validReport(), files: Parameters<typeof multipart>[1] = []): Promise<{ code: string; id: string }> {
  const res = await submit(env, fields, files);
  assert.equal(res.statusCode, 200, res.body.slice(0, 2000));
  const m = CODE_RE.exec(res.body);
  assert.ok(m?.[1], 'receipt code shown');
  const code = m[1].replace(/ /g, '');
  const row = await env.ctx.db.selectFrom('reports').select('id').where('receipt_hash', '=', await hashReceiptCode(env.ctx, code)).executeTakeFirstOrThrow();
  return { code, id: row.id };
}

async function followUp(env: TestEnv, code: string, locale = 'en') {
  return env.app.inject({ method: 'POST', url: `/${locale}/report/follow-up`, headers: FORM, payload: form({ code }) });
}

test('priority rules give a level and the reasons behind it', () => {
  const none = computePriority({ dangerNow: 'no', children: 'no', recent24h: 'no', peopleCount: '1', locationKnown: false, recruitment: [], control: [], exploitation: [] });
  assert.equal(none.level, 'low');
  assert.deepEqual(none.reasons, []);
  const danger = computePriority({ dangerNow: 'yes', children: 'no', recent24h: 'no', peopleCount: '1', locationKnown: false, recruitment: [], control: [], exploitation: [] });
  assert.equal(danger.level, 'urgent');
  assert.deepEqual(danger.reasons.map((r) => r.rule), ['dangerNow']);
  const child = computePriority({ dangerNow: 'no', children: 'yes', recent24h: 'no', peopleCount: '1', locationKnown: false, recruitment: [], control: [], exploitation: [] });
  assert.equal(child.level, 'high', 'a child sets at least high');
  const indicators = computePriority({ dangerNow: 'no', children: 'no', recent24h: 'yes', peopleCount: '6-20', locationKnown: true, recruitment: ['AtWork'], control: ['WithholdsDocuments', 'DebtBondage'], exploitation: ['ForcedLabour'] });
  assert.deepEqual(indicators.reasons.map((r) => r.rule), ['last24h', 'indicators', 'strongIndicators', 'manyPeople', 'locationKnown']);
  assert.equal(indicators.reasons.find((r) => r.rule === 'indicators')?.count, 4);
  assert.equal(indicators.reasons.find((r) => r.rule === 'strongIndicators')?.count, 2);
  assert.equal(indicators.level, 'high');
  // Property: adding "danger now" never lowers the level; the reasons always sum to the points.
  fc.assert(
    fc.property(fc.constantFrom('yes', 'no', 'unknown'), fc.constantFrom('yes', 'no', 'unknown'), fc.boolean(), fc.subarray(['WithholdsDocuments', 'DebtBondage', 'Other', 'TakesEarnings']), (children, recent, loc, control) => {
      const facts = { dangerNow: 'no', children, recent24h: recent, peopleCount: 'unknown', locationKnown: loc, recruitment: [], control, exploitation: [] };
      const p = computePriority(facts);
      assert.equal(p.reasons.reduce((s, r) => s + r.points, 0), p.points);
      assert.equal(computePriority({ ...facts, dangerNow: 'yes' }).level, 'urgent');
    }),
  );
});

test('receipt codes: 16 digits, grouped for reading, read back whatever the spacing, never equal to their hash', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 50 }), () => {
      const code = newReceiptCode();
      assert.match(code, /^\d{16}$/);
      assert.match(groupReceiptCode(code), /^\d{4} \d{4} \d{4} \d{4}$/);
      assert.equal(cleanReceiptCode(groupReceiptCode(code)), code);
      assert.equal(cleanReceiptCode(code.replace(/(\d{4})/g, '$1-')), code);
    }),
  );
  assert.equal(cleanReceiptCode('١٢٣٤ ٥٦٧٨ ١٢٣٤ ٥٦٧٨'), '1234567812345678', 'Arabic-Indic digits are accepted');
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), (s) => {
      const c = cleanReceiptCode(s);
      if (c !== undefined) assert.match(c, /^\d{16}$/);
    }),
  );
  assert.equal(cleanReceiptCode('1234 5678 1234 567'), undefined);
  assert.equal(cleanReceiptCode('1234 5678 1234 5678 9'), undefined);
  assert.equal(cleanReceiptCode('1234abcd12345678'), undefined);
});

for (const dialect of DIALECTS) {
  describe(`reports (${dialect})`, () => {
    let env: TestEnv;
    let officeTN: string;
    let officeCI: string;
    before(async () => {
      env = await createTestEnv(dialect);
      officeTN = await createOffice(env.ctx, 'TN', 'TN');
      officeCI = await createOffice(env.ctx, 'CI', 'CI');
    });
    after(async () => {
      // No IP address in any table or log line after everything this suite did.
      const dump = await dumpAll(env);
      const logs = env.logs.map((l) => JSON.stringify(l)).join('\n');
      for (const text of [dump, logs]) {
        for (const ip of IP_STRINGS) assert.ok(!text.includes(ip), `found ${ip}`);
        assert.doesNotMatch(text, IPV4);
      }
      await env.close();
    });

    test('the form is served in the four languages, without missing messages', async () => {
      for (const locale of LOCALES) {
        for (const url of [`/${locale}/report`, `/${locale}/report/follow-up`]) {
          const res = await env.app.inject({ method: 'GET', url });
          assert.equal(res.statusCode, 200);
          assert.doesNotMatch(res.body, /⟦/, `${url}: ${res.body.match(/⟦[^⟧]+⟧/g)}`);
          assert.match(res.body, new RegExp(`lang="${locale}"`));
        }
      }
    });

    test('a form sent twice (a refresh, a double tap) makes one report and shows the same code again', async () => {
      const page = await env.app.inject({ method: 'GET', url: '/en/report' });
      const token = /name="submission" value="([^"]+)"/.exec(page.body)?.[1];
      assert.ok(token, 'the form carries a one-time submission token');
      const before = await env.ctx.db.selectFrom('reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const first = await submitOk(env, validReport({ submission: token }));
      const again = await submitOk(env, validReport({ submission: token }));
      assert.equal(again.code, first.code);
      assert.equal(again.id, first.id);
      const after = await env.ctx.db.selectFrom('reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n) + 1);
      const other = await submitOk(env, validReport({ submission: 'A'.repeat(24) }));
      assert.notEqual(other.code, first.code);
      const dump = await dumpAll(env);
      assert.ok(!dump.includes(token), 'the token itself is not stored');
      assert.ok(!dump.includes(first.code), 'the code is not stored in the clear');
    });

    test('a report is accepted, routed by country, sealed, coded with HTCDS values, its language detected, its photo stripped of GPS', async () => {
      const photo = await jpegWithGps();
      assert.ok(hasGpsPointer((await sharp(photo).metadata()).exif), 'the test photo carries GPS');
      const { code, id } = await submitOk(env, validReport(), [{ name: 'files', filename: 'IMG_0001.jpg', type: 'image/jpeg', data: photo }]);
      const row = await env.ctx.db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.office_id, officeTN);
      assert.equal(row.state, 'new');
      assert.equal(row.language, 'fr');
      assert.deepEqual(JSON.parse(row.control_codes), ['WithholdsDocuments', 'DebtBondage']);
      assert.deepEqual(JSON.parse(row.exploitation_codes), ['ForcedLabour']);
      assert.deepEqual(JSON.parse(row.recruitment_codes), ['ThroughOnlineSocialNetworks']);
      assert.ok(row.priority);
      assert.ok(JSON.parse(row.priority_reasons).length > 0);
      // Nothing the reporter wrote, nor the code, is stored in the clear.
      const dump = await dumpAll(env);
      for (const plain of [code, 'Karim', 'Haddad', '20 123 456', '20123456', 'Sfax', 'Ferme des Oliviers', 'passeports']) assert.ok(!dump.includes(plain), `"${plain}" stored in the clear`);
      // The file: encrypted on disk, and once decrypted an image without metadata.
      const file = await env.ctx.db.selectFrom('report_files').selectAll().where('report_id', '=', id).executeTakeFirstOrThrow();
      assert.equal(file.mime, 'image/jpeg');
      assert.equal(file.stripped, 1);
      const onDisk = readFileSync(join(env.config.dataDir, 'files', 'reports', officeTN, `${file.id}.enc`));
      assert.ok(!onDisk.includes(Buffer.from([0xff, 0xd8, 0xff])), 'the file on disk is not a readable JPEG');
      const stored = await readFile(env.ctx, officeTN, file.id);
      const meta = await sharp(stored).metadata();
      assert.equal(meta.format, 'jpeg');
      assert.equal(meta.exif, undefined, 'no EXIF');
      assert.equal(meta.xmp, undefined, 'no XMP');
      assert.equal(meta.iptc, undefined, 'no IPTC');
      assert.ok(!stored.includes(Buffer.from('PhoneCo')));
    });

    test('routing: a country without an office goes to the default office (the oldest, or the reports.defaultOfficeId setting)', async () => {
      const a = await submitOk(env, validReport({ country: 'FR' }));
      assert.equal((await env.ctx.db.selectFrom('reports').select('office_id').where('id', '=', a.id).executeTakeFirstOrThrow()).office_id, officeTN);
      const ci = await submitOk(env, validReport({ country: 'CI' }));
      assert.equal((await env.ctx.db.selectFrom('reports').select('office_id').where('id', '=', ci.id).executeTakeFirstOrThrow()).office_id, officeCI);
      await env.ctx.db.insertInto('settings').values({ key: 'reports.defaultOfficeId', value: officeCI, updated_at: new Date().toISOString() }).execute();
      const b = await submitOk(env, validReport({ country: 'unknown' }));
      assert.equal((await env.ctx.db.selectFrom('reports').select('office_id').where('id', '=', b.id).executeTakeFirstOrThrow()).office_id, officeCI);
      await env.ctx.db.deleteFrom('settings').where('key', '=', 'reports.defaultOfficeId').execute();
    });

    test('follow-up: status, a staff question, the reporter answers and adds a file; nothing in the URL', async () => {
      const { code, id } = await submitOk(env);
      let res = await followUp(env, groupReceiptCode(code));
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Received/);
      assert.equal(res.headers['set-cookie'], undefined, 'no cookie');
      assert.match(String(res.headers['cache-control']), /no-store/);
      const operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId: officeTN });
      const s = await sessionFor(env.ctx, operator.id);
      const sent = await env.app.inject({ method: 'POST', url: `/staff/reports/${id}/messages`, headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf, body: 'Where exactly is the farm?' }) });
      assert.equal(sent.statusCode, 303);
      res = await followUp(env, code, 'fr');
      assert.match(res.body, /Where exactly is the farm\?/);
      assert.match(res.body, /En cours d&#39;examen|En cours d'examen/);
      const reply = multipart({ code, message: 'Near the old mill, north of town.' }, [{ name: 'files', filename: 'a.pdf', type: 'application/pdf', data: await pdfWithMetadata(false) }]);
      res = await env.app.inject({ method: 'POST', url: '/en/report/follow-up/reply', payload: reply.payload, headers: reply.headers });
      assert.equal(res.statusCode, 200, res.body.slice(0, 1500));
      assert.match(res.body, /Near the old mill/);
      const row = await env.ctx.db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.state, 'in_triage');
      assert.equal(row.unread, 1);
      assert.equal((await env.ctx.db.selectFrom('report_files').select('mime').where('report_id', '=', id).execute()).length, 1);
      // Typed with Arabic-Indic digits: found, and the answer form carries the code in ASCII digits.
      const arabic = code.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
      res = await followUp(env, arabic, 'ar');
      assert.equal(res.statusCode, 200);
      assert.ok(res.body.includes(`name="code" value="${code}"`));
    });

    test('20 wrong codes are throttled, even for the right code; a right code in between does not reset the count', async () => {
      const { code } = await submitOk(env);
      const wrong = (n: number) => String(n).padStart(16, '9');
      for (let i = 0; i < 10; i++) assert.equal((await followUp(env, wrong(i))).statusCode, 400);
      // Someone who knows one valid code (their own) must not use it to buy more guesses at other people's.
      for (let i = 0; i < 5; i++) assert.equal((await followUp(env, code)).statusCode, 200, 'a right code is answered');
      for (let i = 0; i < 10; i++) {
        const r = await followUp(env, wrong(100 + i));
        assert.equal(r.statusCode, 400);
        assert.match(r.body, /could not find a report/);
      }
      const blocked = await followUp(env, wrong(200));
      assert.equal(blocked.statusCode, 429, 'the 21st wrong code counts from the first, across the right ones');
      assert.ok(Number(blocked.headers['retry-after']) > 0);
      assert.match(blocked.body, /Too many attempts/);
      assert.equal((await followUp(env, code)).statusCode, 429, 'once throttled, the right code waits too');
      env.ctx.limiter.reset('reports.receipt', env.ctx.limiter.clientKey('127.0.0.1'));
    });

    test('one client cannot flood the office: after 30 reports in an hour, a localised 429', async () => {
      const key = env.ctx.limiter.clientKey('127.0.0.1');
      env.ctx.limiter.reset('reports.submit', key);
      for (let i = 0; i < 30; i++) env.ctx.limiter.hit('reports.submit', key, 30, 3_600_000);
      const body = multipart(validReport());
      const res = await env.app.inject({ method: 'POST', url: '/fr/report', payload: body.payload, headers: body.headers });
      assert.equal(res.statusCode, 429);
      assert.match(res.body, /Trop de tentatives/);
      env.ctx.limiter.reset('reports.submit', key);
    });

    test('bad input in every field gets a localised 400, never a 500, and never echoes a script', async () => {
      const fields = Object.keys(validReport());
      const evil = fc.oneof(fc.string({ maxLength: 300 }), fc.constant('<script>alert(1)</script>'), fc.constant('"><img src=x onerror=alert(1)>'), fc.string({ minLength: 10001, maxLength: 10050 }), fc.constant('ZZ'), fc.constant('\u0000'));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...fields), evil, fc.constantFrom(...LOCALES), async (field, value, locale) => {
          const res = await submit(env, validReport({ [field]: value }), [], locale);
          assert.ok(res.statusCode === 200 || res.statusCode === 400 || res.statusCode === 429, `${field}=${JSON.stringify(value).slice(0, 50)} → ${res.statusCode}`);
          assert.ok(!res.body.includes('<script>alert'), 'script echoed');
          assert.ok(!res.body.includes('<img src=x'), 'markup echoed');
          assert.doesNotMatch(res.body, /⟦/);
        }),
        { numRuns: dialect === 'sqlite' ? 60 : 25 },
      );
      // Script in every field at once: a localised error page naming the problems.
      const all = Object.fromEntries(fields.map((f) => [f, '<script>alert(1)</script>']));
      const res = await submit(env, all, [], 'es');
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Hay un problema/);
      assert.ok(!res.body.includes('<script>alert'));
      // Follow-up and reply forms.
      await fc.assert(
        fc.asyncProperty(fc.string({ maxLength: 100 }), async (value) => {
          const r1 = await env.app.inject({ method: 'POST', url: '/en/report/follow-up', headers: FORM, payload: form({ code: value }) });
          assert.ok([400, 429].includes(r1.statusCode));
          const mp = multipart({ code: value, message: value });
          const r2 = await env.app.inject({ method: 'POST', url: '/en/report/follow-up/reply', payload: mp.payload, headers: mp.headers });
          assert.ok([400, 429].includes(r2.statusCode));
          env.ctx.limiter.reset('reports.receipt', env.ctx.limiter.clientKey('127.0.0.1'));
        }),
        { numRuns: 20 },
      );
    });

    test('files: a file whose type lies, too many files, broken multipart: clear localised errors, never 500', async () => {
      const lie = await submit(env, validReport(), [{ name: 'files', filename: 'photo.jpg', type: 'image/jpeg', data: Buffer.from('MZ\x90\x00 this is really a program, not a photo') }], 'fr');
      assert.equal(lie.statusCode, 400);
      assert.match(lie.body, /Ce type de fichier n&#39;est pas accepté|Ce type de fichier n'est pas accepté/);
      const html = await submit(env, validReport(), [{ name: 'files', filename: 'x.png', type: 'image/png', data: Buffer.from('<html><script>alert(1)</script></html>') }]);
      assert.equal(html.statusCode, 400);
      const truncatedJpeg = (await jpegWithGps()).subarray(0, 40);
      const broken = await submit(env, validReport(), [{ name: 'files', filename: 'x.jpg', type: 'image/jpeg', data: truncatedJpeg }]);
      assert.equal(broken.statusCode, 400);
      const pdf = { name: 'files', filename: 'a.pdf', type: 'application/pdf', data: Buffer.from('%PDF-1.4\n%%EOF\n') };
      const many = await submit(env, validReport(), [pdf, pdf, pdf, pdf]);
      assert.equal(many.statusCode, 400);
      assert.match(many.body, /at most 3 files/);
      const bodies = [
        { payload: Buffer.from('--x\r\nContent-Disposition: form-data; name="description"\r\n\r\nunterminated'), type: 'multipart/form-data; boundary=x' },
        { payload: Buffer.from('garbage'), type: 'multipart/form-data' },
        { payload: Buffer.from('--a\r\n\r\n--a--'), type: 'multipart/form-data; boundary=a' },
      ];
      for (const b of bodies) {
        const r = await env.app.inject({ method: 'POST', url: '/ar/report', payload: b.payload, headers: { 'content-type': b.type } });
        assert.ok(r.statusCode >= 400 && r.statusCode < 500, `broken multipart → ${r.statusCode}`);
        assert.match(r.body, /dir="rtl"/);
      }
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
          const r = await env.app.inject({ method: 'POST', url: '/en/report', payload: Buffer.from(bytes), headers: { 'content-type': 'multipart/form-data; boundary=----b' } });
          assert.ok(r.statusCode < 500, `random multipart → ${r.statusCode}`);
        }),
        { numRuns: 30 },
      );
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 2000 }), async (bytes) => {
          const r = await submit(env, validReport(), [{ name: 'files', filename: 'x.jpg', type: 'image/jpeg', data: Buffer.from(bytes) }]);
          assert.ok(r.statusCode === 400 || r.statusCode === 200, `random file → ${r.statusCode}`);
        }),
        { numRuns: 20 },
      );
    });

    test('triage: queue scoped to the office in SQL, priority with reasons, override with a reason (audited), related reports by blind index, open a case', async () => {
      const first = await submitOk(env, validReport({ phones: '+216 55 987 654', dangerNow: 'yes', description: 'Ils sont enfermés dans un hangar depuis hier soir.' }));
      const second = await submitOk(env, validReport({ phones: '0021655987654', names: 'Someone Else', place: 'Gabès', workplace: 'Atelier', description: 'Workers locked in a warehouse, their phone number is the same.' }));
      const elsewhere = await submitOk(env, validReport({ country: 'CI', phones: '+216 55 987 654', description: 'Same number but in the other office.' }));
      const operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId: officeTN });
      const s = await sessionFor(env.ctx, operator.id);
      const headers = { ...FORM, cookie: s.cookie };

      const queue = await env.app.inject({ method: 'GET', url: '/staff/reports', headers: { cookie: s.cookie } });
      assert.equal(queue.statusCode, 200);
      assert.doesNotMatch(queue.body, /⟦/);
      assert.match(queue.body, /Urgent/);
      assert.match(queue.body, /Someone is in danger now/);
      const ciRef = (await env.ctx.db.selectFrom('reports').select('reference').where('id', '=', elsewhere.id).executeTakeFirstOrThrow()).reference;
      assert.ok(!queue.body.includes(ciRef), 'another office’s report is not listed');
      assert.equal((await env.app.inject({ method: 'GET', url: `/staff/reports/${elsewhere.id}`, headers: { cookie: s.cookie } })).statusCode, 404);
      assert.equal((await env.app.inject({ method: 'POST', url: `/staff/reports/${elsewhere.id}/messages`, headers, payload: form({ _csrf: s.csrf, body: 'hello there' }) })).statusCode, 404);

      const page = await env.app.inject({ method: 'GET', url: `/staff/reports/${first.id}`, headers: { cookie: s.cookie } });
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /⟦/);
      const secondRef = (await env.ctx.db.selectFrom('reports').select('reference').where('id', '=', second.id).executeTakeFirstOrThrow()).reference;
      assert.ok(page.body.includes(secondRef), 'the related report is a candidate');
      assert.match(page.body, /phone number/);
      assert.ok(!page.body.includes(ciRef), 'no candidate from another office');
      const version = (await env.ctx.db.selectFrom('reports').select('version').where('id', '=', first.id).executeTakeFirstOrThrow()).version;

      const noReason = await env.app.inject({ method: 'POST', url: `/staff/reports/${first.id}/priority`, headers, payload: form({ _csrf: s.csrf, decision: 'override', level: 'medium', version: String(version) }) });
      assert.equal(noReason.statusCode, 400);
      assert.match(noReason.body, /Explain why you change the priority/);
      const override = await env.app.inject({ method: 'POST', url: `/staff/reports/${first.id}/priority`, headers, payload: form({ _csrf: s.csrf, decision: 'override', level: 'high', reason: 'Called the police already, they are on site', version: String(version) }) });
      assert.equal(override.statusCode, 303);
      const stale = await env.app.inject({ method: 'POST', url: `/staff/reports/${first.id}/priority`, headers, payload: form({ _csrf: s.csrf, decision: 'confirm', version: String(version) }) });
      assert.equal(stale.statusCode, 409);
      const events = await env.ctx.db.selectFrom('audit_events').select(['type']).where('subject_id', '=', first.id).execute();
      assert.ok(events.some((e) => e.type === 'report.priority_overridden'));
      let row = await env.ctx.db.selectFrom('reports').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
      assert.equal(row.priority, 'urgent');
      assert.equal(row.priority_level, 'high');
      assert.equal(row.state, 'in_triage');

      const link = await env.app.inject({ method: 'POST', url: `/staff/reports/${first.id}/links`, headers, payload: form({ _csrf: s.csrf, relatedId: second.id }) });
      assert.equal(link.statusCode, 303);
      const crossLink = await env.app.inject({ method: 'POST', url: `/staff/reports/${first.id}/links`, headers, payload: form({ _csrf: s.csrf, relatedId: elsewhere.id }) });
      assert.equal(crossLink.statusCode, 404);
      assert.equal((await env.ctx.db.selectFrom('report_links').selectAll().execute()).length, 1);
      // Lookups hold tokens only; the same phone written two ways gave the same token.
      const tokens = await env.ctx.db.selectFrom('report_lookups').select(['report_id', 'token']).where('kind', '=', 'phone').where('report_id', 'in', [first.id, second.id]).execute();
      assert.equal(new Set(tokens.map((t) => t.token)).size, 1);

      row = await env.ctx.db.selectFrom('reports').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
      const opened = await env.app.inject({ method: 'POST', url: `/staff/reports/${first.id}/case`, headers, payload: form({ _csrf: s.csrf, version: String(row.version) }) });
      assert.equal(opened.statusCode, 303);
      row = await env.ctx.db.selectFrom('reports').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
      assert.equal(row.state, 'case_opened');
      const kase = await env.ctx.db.selectFrom('cases').selectAll().where('id', '=', row.case_id as string).executeTakeFirstOrThrow();
      assert.equal(kase.report_id, first.id);
      assert.equal(kase.office_id, officeTN);
      const consents = await env.ctx.db.selectFrom('consents').select(['purpose', 'given', 'origin']).where('case_id', '=', kase.id).orderBy('purpose').execute();
      assert.deepEqual(consents.map((c) => [c.purpose, c.given, c.origin]), [['contact', 0, 'report'], ['police', 0, 'report'], ['sharing', 1, 'report']]);
      const again = await env.app.inject({ method: 'POST', url: `/staff/reports/${first.id}/case`, headers, payload: form({ _csrf: s.csrf, version: String(row.version) }) });
      assert.equal(again.statusCode, 422);
      const after = await env.app.inject({ method: 'GET', url: `/staff/reports/${first.id}`, headers: { cookie: s.cookie } });
      assert.match(after.body, /Case .* opened/);
      assert.ok(await env.ctx.db.selectFrom('access_log').select('id').where('subject_id', '=', first.id).executeTakeFirst(), 'reading is in the access log');
    });

    test('triage routes: anonymous sent to sign-in, other roles refused, CSRF required', async () => {
      const { id } = await submitOk(env);
      const anon = await env.app.inject({ method: 'GET', url: '/staff/reports' });
      assert.equal(anon.statusCode, 303);
      const worker = await createUser(env.ctx, { roles: ['case_worker'], officeId: officeTN });
      const w = await sessionFor(env.ctx, worker.id);
      for (const url of ['/staff/reports', `/staff/reports/${id}`]) assert.equal((await env.app.inject({ method: 'GET', url, headers: { cookie: w.cookie } })).statusCode, 403);
      assert.equal((await env.app.inject({ method: 'POST', url: `/staff/reports/${id}/messages`, headers: { ...FORM, cookie: w.cookie }, payload: form({ _csrf: w.csrf, body: 'hello' }) })).statusCode, 403);
      const supervisor = await createUser(env.ctx, { roles: ['supervisor'], officeId: officeTN });
      const sup = await sessionFor(env.ctx, supervisor.id);
      assert.equal((await env.app.inject({ method: 'GET', url: `/staff/reports/${id}`, headers: { cookie: sup.cookie } })).statusCode, 200);
      assert.equal((await env.app.inject({ method: 'POST', url: `/staff/reports/${id}/messages`, headers: { ...FORM, cookie: sup.cookie }, payload: form({ body: 'no token' }) })).statusCode, 403);
      const page = await env.app.inject({ method: 'GET', url: `/staff/reports/${id}`, headers: { cookie: sup.cookie } });
      assert.ok(csrfFrom(page.body));
    });

    test('retention: reports closed without a case are deleted with their files after the period; others stay', async () => {
      const pdf = { name: 'files', filename: 'a.pdf', type: 'application/pdf', data: await pdfWithMetadata(false) };
      const old = await submitOk(env, validReport(), [pdf]);
      const recent = await submitOk(env);
      const open = await submitOk(env);
      const operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId: officeTN });
      const s = await sessionFor(env.ctx, operator.id);
      for (const r of [old, recent]) {
        const v = (await env.ctx.db.selectFrom('reports').select('version').where('id', '=', r.id).executeTakeFirstOrThrow()).version;
        const res = await env.app.inject({ method: 'POST', url: `/staff/reports/${r.id}/state`, headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf, state: 'closed', closureReason: 'not_trafficking', version: String(v) }) });
        assert.equal(res.statusCode, 303);
      }
      const longAgo = new Date(Date.now() - 91 * 86_400_000).toISOString();
      await env.ctx.db.updateTable('reports').set({ closed_at: longAgo }).where('id', '=', old.id).execute();
      const fileId = (await env.ctx.db.selectFrom('report_files').select('id').where('report_id', '=', old.id).executeTakeFirstOrThrow()).id;
      const path = join(env.config.dataDir, 'files', 'reports', officeTN, `${fileId}.enc`);
      assert.ok(existsSync(path));
      const result = await runJobOnce(env.ctx, REPORT_RETENTION_JOB);
      assert.match(String(result), /purged 1 reports, 1 files/);
      assert.equal(await env.ctx.db.selectFrom('reports').select('id').where('id', '=', old.id).executeTakeFirst(), undefined);
      assert.equal((await env.ctx.db.selectFrom('report_files').select('id').where('report_id', '=', old.id).execute()).length, 0);
      assert.ok(!existsSync(path), 'the file is gone');
      for (const keep of [recent, open]) assert.ok(await env.ctx.db.selectFrom('reports').select('id').where('id', '=', keep.id).executeTakeFirst());
      assert.equal((await followUp(env, old.code)).statusCode, 400, 'the code no longer finds anything');
      // Reports that became cases are never purged, however old.
      const cases = await env.ctx.db.selectFrom('reports').select('id').where('state', '=', 'case_opened').execute();
      for (const c of cases) await env.ctx.db.updateTable('reports').set({ closed_at: longAgo }).where('id', '=', c.id).execute();
      await runJobOnce(env.ctx, REPORT_RETENTION_JOB);
      for (const c of cases) assert.ok(await env.ctx.db.selectFrom('reports').select('id').where('id', '=', c.id).executeTakeFirst());
      assert.ok(readdirSync(join(env.config.dataDir, 'files', 'reports', officeTN)).length > 0);
    });
  });

  describe(`reports across a restart and with small uploads (${dialect})`, () => {
    test('a report survives a restart: close everything, reopen on the same data, find it by its code', async () => {
      const env = await createTestEnv(dialect);
      try {
        await createOffice(env.ctx, 'TN', 'TN');
        const { code, id } = await submitOk(env);
        await env.app.close();
        await env.ctx.database.close();
        const { ctx } = await startContext(env.config, { log: env.ctx.log });
        const app = await buildApp({ ctx });
        await app.ready();
        try {
          const res = await app.inject({ method: 'POST', url: '/en/report/follow-up', headers: FORM, payload: form({ code }) });
          assert.equal(res.statusCode, 200);
          assert.match(res.body, /Received/);
          const row = await ctx.db.selectFrom('reports').select('id').where('receipt_hash', '=', await hashReceiptCode(ctx, code)).executeTakeFirstOrThrow();
          assert.equal(row.id, id);
        } finally {
          await app.close();
          await ctx.database.close();
        }
      } finally {
        // The first app and database are already closed; only the data is left to remove.
        (env as { app: unknown }).app = { close: async () => undefined };
        (env.ctx as { database: unknown }).database = { close: async () => undefined };
        await env.close();
      }
    });

    test('an oversized file gets a localised 413, never a 500', async () => {
      const env = await createTestEnv(dialect, { maxUploadMb: 1 });
      try {
        await createOffice(env.ctx, 'TN', 'TN');
        const big = Buffer.alloc(1024 * 1024 + 10, 1);
        const res = await submit(env, validReport(), [{ name: 'files', filename: 'big.pdf', type: 'application/pdf', data: big }], 'fr');
        assert.equal(res.statusCode, 413);
        assert.match(res.body, /trop/);
        assert.match(res.body, /lang="fr"/);
        assert.equal((await env.ctx.db.selectFrom('reports').select('id').execute()).length, 0);
      } finally {
        await env.close();
      }
    });
  });
}
