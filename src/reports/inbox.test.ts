import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createOffice, createTestEnv, createUser, DIALECTS, FORM, form, sessionFor, type Signed, type TestEnv } from '../../test/helper.js';
import { runJobOnce } from '../platform/jobs/scheduler.js';
import { readFile } from './attachments.js';
import { hashReceiptCode } from './receipt.js';
import { contentAad, INBOX_SCOPE, messageAad, type ReportContent } from './report-content.js';
import { ROUTE_INBOX_JOB } from './reports.jobs.js';
import { validReport } from '../../test/support/reports.js';
import { multipart } from '../../test/support/http.js';
import { pdfWithMetadata } from '../../test/support/files.js';

const CODE_RE = /data-receipt-code[^>]*>(\d{4} \d{4} \d{4} \d{4})</;
const PDF = { name: 'files', filename: 'a.pdf', type: 'application/pdf', data: await pdfWithMetadata(false) };

async function report(env: TestEnv, fields: Record<string, string | string[]>, files: Parameters<typeof multipart>[1] = []) {
  await env.ctx.limiter.reset('reports.submit', env.ctx.limiter.clientKey('127.0.0.1'));
  const body = multipart(fields, files);
  const res = await env.app.inject({ method: 'POST', url: '/en/report', payload: body.payload, headers: body.headers });
  assert.equal(res.statusCode, 200, res.body.slice(0, 1500));
  const code = CODE_RE.exec(res.body)?.[1]?.replace(/ /g, '');
  assert.ok(code, 'a receipt code is shown');
  const row = await env.ctx.db.selectFrom('reports').selectAll().where('receipt_hash', '=', await hashReceiptCode(env.ctx, code)).executeTakeFirstOrThrow();
  return { code, row };
}

const followUp = (env: TestEnv, code: string) => env.app.inject({ method: 'POST', url: '/en/report/follow-up', headers: FORM, payload: form({ code }) });
const get = (env: TestEnv, s: Signed, url: string) => env.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
const post = (env: TestEnv, s: Signed, url: string, data: Record<string, string> = {}) =>
  env.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf, ...data }) });
const reportRow = (env: TestEnv, id: string) => env.ctx.db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

for (const dialect of DIALECTS) {
  describe(`national inbox: reports are never refused (${dialect})`, () => {
    let env: TestEnv;
    let admin: Signed;
    before(async () => {
      env = await createTestEnv(dialect);
      admin = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['administrator'], officeId: null })).id);
    });
    after(async () => env.close());

    test('a report sent to a fresh install is kept with a receipt code whose follow-up works, and reaches triage once the office exists', async () => {
      const first = await report(env, validReport({ contactOk: 'yes', contactHow: 'Call after 6pm' }), [PDF]);
      assert.equal(first.row.office_id, null);
      assert.match(first.row.reference, /^INBOX-R\d{4}-00001$/);
      const file = await env.ctx.db.selectFrom('report_files').selectAll().where('report_id', '=', first.row.id).executeTakeFirstOrThrow();
      const inboxFile = join(env.config.dataDir, 'files', 'reports', INBOX_SCOPE, `${file.id}.enc`);
      assert.ok(existsSync(inboxFile), 'the file waits in the inbox folder, encrypted');

      // Follow-up works before any office exists: the reporter reads the status and adds information.
      let res = await followUp(env, first.code);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Received/);
      const reply = multipart({ code: first.code, message: 'They moved to the farm by the river.' }, []);
      res = await env.app.inject({ method: 'POST', url: '/en/report/follow-up/reply', payload: reply.payload, headers: reply.headers });
      assert.equal(res.statusCode, 200, res.body.slice(0, 800));
      assert.match(res.body, /farm by the river/);

      // The administrator is guided: create the first office; one report waits in the national inbox.
      for (const url of ['/staff', '/staff/admin']) {
        res = await get(env, admin, url);
        assert.equal(res.statusCode, 200);
        assert.match(res.body, /Create the first office/);
        assert.match(res.body, /href="\/staff\/admin\/offices\/new"/);
        assert.match(res.body, /1 report is waiting in the/);
        assert.match(res.body, /href="\/staff\/inbox"/);
      }
      res = await get(env, admin, '/staff/inbox');
      assert.equal(res.statusCode, 200);
      assert.ok(res.body.includes(first.row.reference));
      assert.ok(!res.body.includes('farm by the river') && !res.body.includes('Karim'), 'the administrator sees no content');

      // The first office, created in the admin area, receives what waited: re-sealed, renumbered, files moved.
      res = await post(env, admin, '/staff/admin/offices', { code: 'TN', name: 'Tunis', country: 'TN', languages: 'fr', timeZone: 'Africa/Tunis' });
      assert.equal(res.statusCode, 303, res.body.slice(0, 800));
      const office = await env.ctx.db.selectFrom('offices').select('id').where('code', '=', 'TN').executeTakeFirstOrThrow();
      const routed = await reportRow(env, first.row.id);
      assert.equal(routed.office_id, office.id);
      assert.match(routed.reference, /^TN-R\d{4}-00001$/);
      const content = await env.ctx.keys.decrypt<ReportContent>(routed.content_enc, contentAad(routed.id));
      assert.equal(content.contactHow, 'Call after 6pm');
      const inboxKeys = await env.ctx.db.selectFrom('data_keys').select('id').where('office_id', '=', INBOX_SCOPE).execute();
      assert.ok(inboxKeys.length > 0 && first.row.content_enc.includes(inboxKeys[0]?.id ?? '-'), 'it was sealed with the inbox key');
      assert.ok(!inboxKeys.some((k) => routed.content_enc.includes(k.id)), 'sealed with the office key now');
      const messages = await env.ctx.db.selectFrom('report_messages').selectAll().where('report_id', '=', routed.id).execute();
      assert.deepEqual(messages.map((m) => m.office_id), [office.id]);
      assert.equal(await env.ctx.keys.decrypt<string>(messages[0]?.body_enc ?? '', messageAad(messages[0]?.id ?? '')), 'They moved to the farm by the river.');
      assert.ok(!existsSync(inboxFile), 'the inbox copy is gone');
      assert.equal((await readFile(env.ctx, office.id, file.id)).subarray(0, 5).toString(), '%PDF-');
      const audit = await env.ctx.db.selectFrom('audit_events').select('data').where('type', '=', 'report.routed').where('subject_id', '=', routed.id).executeTakeFirst();
      assert.ok(audit, 'the move is audited');

      // It is in the office's triage queue, and its follow-up still works with the same code.
      const operator = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['triage_operator'], officeId: office.id })).id);
      res = await get(env, operator, '/staff/reports');
      assert.ok(res.body.includes(routed.reference));
      res = await get(env, operator, `/staff/reports/${routed.id}`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /farm by the river/);
      res = await followUp(env, first.code);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /farm by the river/);
      res = await get(env, admin, '/staff');
      assert.doesNotMatch(res.body, /Create the first office/);
    });

    test('a country no office covers waits in the inbox, triaged only by the operators given it, and is routed by the job once an office covers it', async () => {
      const officeTN = (await env.ctx.db.selectFrom('offices').select('id').where('code', '=', 'TN').executeTakeFirst())?.id ?? (await createOffice(env.ctx, 'TN', 'TN'));
      const waiting = await report(env, validReport({ country: 'FR' }));
      assert.equal(waiting.row.office_id, null);
      const user = await createUser(env.ctx, { roles: ['triage_operator'], officeId: officeTN });
      const operator = await sessionFor(env.ctx, user.id);
      let res = await get(env, operator, '/staff/reports');
      assert.ok(!res.body.includes(waiting.row.reference), 'not in the queue of an operator without the inbox');
      assert.equal((await get(env, operator, `/staff/reports/${waiting.row.id}`)).statusCode, 404);

      // An administrator gives the inbox; a case worker cannot be given it.
      const worker = await createUser(env.ctx, { roles: ['case_worker'], officeId: officeTN });
      res = await post(env, admin, '/staff/inbox/operators', { userId: worker.id });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Choose an active triage operator or supervisor/);
      res = await post(env, admin, '/staff/inbox/operators', { userId: 'not-an-id' });
      assert.equal(res.statusCode, 400);
      res = await post(env, admin, '/staff/inbox/operators', { userId: user.id });
      assert.equal(res.statusCode, 303);

      res = await get(env, operator, '/staff/reports');
      assert.ok(res.body.includes(waiting.row.reference));
      assert.match(res.body, /national inbox/);
      res = await get(env, operator, `/staff/reports/${waiting.row.id}`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /waits in the national inbox/);
      res = await post(env, operator, `/staff/reports/${waiting.row.id}/messages`, { body: 'Which city in France?' });
      assert.equal(res.statusCode, 303);
      res = await post(env, operator, `/staff/reports/${waiting.row.id}/case`, { version: String((await reportRow(env, waiting.row.id)).version) });
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /still in the national inbox/);
      assert.equal((await reportRow(env, waiting.row.id)).case_id, null, 'nothing half-created');

      // Taken back: out of sight again.
      res = await post(env, admin, `/staff/inbox/operators/${user.id}/remove`);
      assert.equal(res.statusCode, 303);
      assert.equal((await get(env, operator, `/staff/reports/${waiting.row.id}`)).statusCode, 404);

      // An office for France, created without the admin form (an import, another process): the job routes the report.
      const officeFR = await createOffice(env.ctx, 'FR', 'FR');
      assert.equal((await reportRow(env, waiting.row.id)).office_id, null);
      const result = await runJobOnce(env.ctx, ROUTE_INBOX_JOB);
      assert.match(String(result), /routed 1 reports, 0 still waiting/);
      const moved = await reportRow(env, waiting.row.id);
      assert.equal(moved.office_id, officeFR);
      const question = await env.ctx.db.selectFrom('report_messages').selectAll().where('report_id', '=', moved.id).executeTakeFirstOrThrow();
      assert.equal(await env.ctx.keys.decrypt<string>(question.body_enc, messageAad(question.id)), 'Which city in France?');
      res = await followUp(env, waiting.code);
      assert.match(res.body, /Which city in France\?/);
    });
  });
}
