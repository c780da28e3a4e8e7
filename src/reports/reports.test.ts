import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import sharp from 'sharp';
import { createOffice, createTestEnv, createUser, DIALECTS, FORM, form, sessionFor, type TestEnv } from '../../test/helper.js';
import { buildApp } from '../app.js';
import { startContext } from '../platform/bootstrap.js';
import { LOCALES } from '../platform/i18n/i18n.js';
import { pdfWithMetadata } from '../../test/support/files.js';
import { readFile } from './attachments.js';
import { computePriority } from './priority.js';
import { cleanReceiptCode, groupReceiptCode, hashReceiptCode, newReceiptCode } from './receipt.js';
import { CODE_RE, dumpAll, followUp, hasGpsPointer, IP_STRINGS, IPV4, jpegWithGps, submit, submitOk, validReport } from '../../test/support/reports.js';
import { multipart } from '../../test/support/http.js';

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

    test('a form sent twice (Back, a refresh, a double tap) makes one report; its code is shown once, on the receipt page, never again', async () => {
      const page = await env.app.inject({ method: 'GET', url: '/en/report' });
      const token = /name="submission" value="([^"]+)"/.exec(page.body)?.[1];
      assert.ok(token, 'the form carries a one-time submission token');
      assert.match(page.body, /<form[^>]*id="report-form"[^>]*autocomplete="off"/, 'the browser keeps and restores nothing of the testimony');
      const before = await env.ctx.db
        .selectFrom('reports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const first = await submit(env, validReport({ submission: token }));
      assert.equal(first.statusCode, 303);
      assert.equal(first.headers.location, `/en/report/receipt/${token}`);
      assert.doesNotMatch(first.body, CODE_RE);
      const receipt = await env.app.inject({ method: 'GET', url: String(first.headers.location) });
      assert.equal(receipt.statusCode, 200);
      assert.equal(receipt.headers['cache-control'], 'no-store');
      const code = CODE_RE.exec(receipt.body)?.[1]?.replace(/ /g, '');
      assert.ok(code, 'the receipt page shows the code the first time');
      const row = await env.ctx.db
        .selectFrom('reports')
        .select('id')
        .where('receipt_hash', '=', await hashReceiptCode(env.ctx, code))
        .executeTakeFirst();
      assert.ok(row, 'the code opens the report');
      // Opened again (Back, a reload, the history): said received, the code never shown again.
      const reopened = await env.app.inject({ method: 'GET', url: String(first.headers.location) });
      assert.equal(reopened.statusCode, 200);
      assert.doesNotMatch(reopened.body, CODE_RE);
      assert.ok(!reopened.body.includes(code));
      assert.match(reopened.body, /already received/);
      // The same form sent again: no second report, and the code is not shown either.
      const again = await submit(env, validReport({ submission: token }));
      assert.equal(again.statusCode, 303);
      const againPage = await env.app.inject({ method: 'GET', url: String(again.headers.location) });
      assert.ok(!againPage.body.includes(code) && !CODE_RE.test(againPage.body));
      const after = await env.ctx.db
        .selectFrom('reports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n) + 1);
      // A token nobody sent, or not a token: a plain page, no code, no error.
      for (const url of [`/en/report/receipt/${'B'.repeat(24)}`, '/en/report/receipt/nonsense']) {
        const r = await env.app.inject({ method: 'GET', url });
        assert.equal(r.statusCode, 200);
        assert.doesNotMatch(r.body, CODE_RE);
      }
      const dump = await dumpAll(env);
      assert.ok(!dump.includes(token), 'the token itself is not stored');
      assert.ok(!dump.includes(code), 'the code is not stored in the clear');
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

    test('routing: by country; a country no office covers waits in the national inbox unless a default office is set; an unknown country goes to the oldest office', async () => {
      const officeOf = async (id: string) => (await env.ctx.db.selectFrom('reports').select('office_id').where('id', '=', id).executeTakeFirstOrThrow()).office_id;
      assert.equal(await officeOf((await submitOk(env, validReport({ country: 'FR' }))).id), null);
      assert.equal(await officeOf((await submitOk(env, validReport({ country: 'CI' }))).id), officeCI);
      assert.equal(await officeOf((await submitOk(env, validReport({ country: 'unknown' }))).id), officeTN);
      await env.ctx.db.insertInto('settings').values({ key: 'reports.defaultOfficeId', value: officeCI, updated_at: new Date().toISOString() }).execute();
      assert.equal(await officeOf((await submitOk(env, validReport({ country: 'unknown' }))).id), officeCI);
      assert.equal(await officeOf((await submitOk(env, validReport({ country: 'FR' }))).id), officeCI);
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
      await env.ctx.limiter.reset('reports.receipt', env.ctx.limiter.clientKey('127.0.0.1'));
    });

    test('one client cannot flood the office: after 30 reports in an hour, a localised 429', async () => {
      const key = env.ctx.limiter.clientKey('127.0.0.1');
      await env.ctx.limiter.reset('reports.submit', key);
      for (let i = 0; i < 30; i++) await env.ctx.limiter.hit('reports.submit', key, { limit: 30, windowMs: 3_600_000 });
      const body = multipart(validReport());
      const res = await env.app.inject({ method: 'POST', url: '/fr/report', payload: body.payload, headers: body.headers });
      assert.equal(res.statusCode, 429);
      assert.match(res.body, /Trop de tentatives/);
      await env.ctx.limiter.reset('reports.submit', key);
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
          await env.ctx.limiter.reset('reports.receipt', env.ctx.limiter.clientKey('127.0.0.1'));
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
      const pdf = { name: 'files', filename: 'a.pdf', type: 'application/pdf', data: await pdfWithMetadata(false) };
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
