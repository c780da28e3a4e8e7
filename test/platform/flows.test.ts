import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyAudit } from '../../src/platform/audit/audit.js';
import { issueLink } from '../../src/platform/auth/auth.service.js';
import { currentTotp } from '../../src/platform/auth/totp.js';
import { createBackup, restoreBackup } from '../../src/platform/backup.js';
import { startContext } from '../../src/platform/bootstrap.js';
import { sha256 } from '../../src/platform/crypto/keys.js';
import { takeLease, runJobOnce } from '../../src/platform/jobs/scheduler.js';
import { loadConfig } from '../../src/config.js';
import { cookieFrom, createOffice, createTestEnv, createUser, csrfFrom, DIALECTS, FORM, form, sessionFor, type TestEnv } from '../support/index.js';

const PASSWORD = 'a long enough passphrase 2026';

function pathOf(link: string): string {
  return new URL(link).pathname;
}

function linkOn(html: string): string {
  const m = /<code class="one-time-link"[^>]*>([^<]+)<\/code>/.exec(html);
  if (!m?.[1]) throw new Error('no one-time link on the page');
  return m[1];
}

function secretOn(html: string): string {
  const m = /<code class="secret">([^<]+)<\/code>/.exec(html);
  if (!m?.[1]) throw new Error('no TOTP secret on the page');
  return m[1].replace(/\s+/g, '');
}

for (const dialect of DIALECTS) {
  describe(`first-run setup link (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => env.close());

    it('refuses a made-up or expired link', async () => {
      const made = await env.app.inject({ method: 'GET', url: '/setup/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
      assert.equal(made.statusCode, 410);
      const link = await issueLink(env.ctx, { purpose: 'setup', userId: null, createdBy: null });
      const id = sha256(pathOf(link).split('/').pop() as string);
      await env.ctx.db.updateTable('one_time_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', id).execute();
      assert.equal((await env.app.inject({ method: 'GET', url: pathOf(link) })).statusCode, 410);
      const post = await env.app.inject({ method: 'POST', url: pathOf(link), headers: FORM, payload: form({ displayName: 'First Admin', email: 'first@example.org', password: PASSWORD, confirm: PASSWORD }) });
      assert.equal(post.statusCode, 410);
      assert.equal(await env.ctx.db.selectFrom('users').select('id').executeTakeFirst(), undefined);
    });

    it('a newer link replaces an older one', async () => {
      const older = await issueLink(env.ctx, { purpose: 'setup', userId: null, createdBy: null });
      const newer = await issueLink(env.ctx, { purpose: 'setup', userId: null, createdBy: null });
      assert.equal((await env.app.inject({ method: 'GET', url: pathOf(older) })).statusCode, 410);
      assert.equal((await env.app.inject({ method: 'GET', url: pathOf(newer) })).statusCode, 200);
    });

    it('creates the first administrator, who enrols a second factor, and works only once', async () => {
      const link = await issueLink(env.ctx, { purpose: 'setup', userId: null, createdBy: null });
      const page = await env.app.inject({ method: 'GET', url: pathOf(link) });
      assert.equal(page.statusCode, 200);
      const mismatch = await env.app.inject({ method: 'POST', url: pathOf(link), headers: FORM, payload: form({ displayName: 'First Admin', email: 'first@example.org', password: PASSWORD, confirm: `${PASSWORD}x` }) });
      assert.equal(mismatch.statusCode, 400);
      assert.match(mismatch.body, /error-summary/);
      const weak = await env.app.inject({ method: 'POST', url: pathOf(link), headers: FORM, payload: form({ displayName: 'First Admin', email: 'first@example.org', password: 'short', confirm: 'short' }) });
      assert.equal(weak.statusCode, 400);
      const ok = await env.app.inject({ method: 'POST', url: pathOf(link), headers: FORM, payload: form({ displayName: 'First Admin', email: 'First@Example.org', password: PASSWORD, confirm: PASSWORD }) });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/staff/second-factor/enrol');
      const cookie = cookieFrom(ok) as string;
      // Until the second factor is enrolled, staff pages lead to the enrolment (not to a code they cannot have).
      const viaHome = await env.app.inject({ method: 'GET', url: '/staff', headers: { cookie } });
      assert.equal(viaHome.headers.location, '/staff/sign-in/second-factor');
      const codePage = await env.app.inject({ method: 'GET', url: '/staff/sign-in/second-factor', headers: { cookie } });
      assert.equal(codePage.statusCode, 303);
      assert.equal(codePage.headers.location, '/staff/second-factor/enrol');
      const home = await env.app.inject({ method: 'GET', url: '/staff/admin', headers: { cookie } });
      assert.equal(home.statusCode, 303);
      const enrol = await env.app.inject({ method: 'GET', url: '/staff/second-factor/enrol', headers: { cookie } });
      assert.equal(enrol.statusCode, 200);
      assert.match(enrol.body, /<img src="data:image\/svg\+xml;base64,/);
      const secret = secretOn(enrol.body);
      const csrf = csrfFrom(enrol.body);
      const wrong = await env.app.inject({ method: 'POST', url: '/staff/second-factor/enrol', headers: { cookie, ...FORM }, payload: form({ _csrf: csrf, code: '000000' === currentTotp(secret) ? '111111' : '000000' }) });
      assert.equal(wrong.statusCode, 400);
      assert.equal(secretOn(wrong.body), secret, 'the same secret is offered again after a wrong code');
      const done = await env.app.inject({ method: 'POST', url: '/staff/second-factor/enrol', headers: { cookie, ...FORM }, payload: form({ _csrf: csrf, code: currentTotp(secret) }) });
      assert.equal(done.statusCode, 200);
      const codes = [...done.body.matchAll(/<li><code>([a-z0-9]{5}-[a-z0-9]{5})<\/code><\/li>/g)].map((m) => m[1]);
      assert.equal(codes.length, 10);
      const enrolled = cookieFrom(done) as string;
      assert.notEqual(enrolled, cookie, 'enrolling replaces the session');
      assert.equal((await env.app.inject({ method: 'GET', url: '/staff/admin', headers: { cookie: enrolled } })).statusCode, 200);
      const row = await env.ctx.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.email, 'first@example.org');
      assert.ok(row.totp_enabled_at);
      assert.ok(!String(row.totp_secret_enc).includes(secret), 'the TOTP secret is stored encrypted');
      // The link works once, and no other setup link works now that a user exists.
      assert.equal((await env.app.inject({ method: 'GET', url: pathOf(link) })).statusCode, 410);
      const again = await env.app.inject({ method: 'POST', url: pathOf(link), headers: FORM, payload: form({ displayName: 'Intruder', email: 'intruder@example.org', password: PASSWORD, confirm: PASSWORD }) });
      assert.equal(again.statusCode, 410);
      const fresh = await issueLink(env.ctx, { purpose: 'setup', userId: null, createdBy: null });
      assert.equal((await env.app.inject({ method: 'GET', url: pathOf(fresh) })).statusCode, 410);
      assert.equal(Number((await env.ctx.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n), 1);
      // A recovery code passes the second factor once.
      const signIn = await env.app.inject({ method: 'POST', url: '/staff/sign-in', headers: FORM, payload: form({ email: 'first@example.org', password: PASSWORD }) });
      const c2 = cookieFrom(signIn) as string;
      const mfa = await env.app.inject({ method: 'GET', url: '/staff/sign-in/second-factor', headers: { cookie: c2 } });
      const byRecovery = await env.app.inject({ method: 'POST', url: '/staff/sign-in/second-factor', headers: { cookie: c2, ...FORM }, payload: form({ _csrf: csrfFrom(mfa.body), code: (codes[0] as string).toUpperCase() }) });
      assert.equal(byRecovery.statusCode, 303);
    });
  });

  describe(`administration through the pages (${dialect})`, () => {
    let env: TestEnv;
    let admin: { cookie: string; csrf: string };
    before(async () => {
      env = await createTestEnv(dialect);
      const user = await createUser(env.ctx, { roles: ['administrator'] });
      admin = await sessionFor(env.ctx, user.id);
    });
    after(async () => env.close());

    const post = (url: string, data: Record<string, string | string[]>, who = admin) =>
      env.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, ...FORM }, payload: form({ _csrf: who.csrf, ...data }) });
    const get = (url: string, who = admin) => env.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });

    it('creates an office, an organisation and a case worker who sets a password, enrols and signs in', async () => {
      const newOffice = await get('/staff/admin/offices/new');
      assert.equal(newOffice.statusCode, 200);
      const invalid = await post('/staff/admin/offices', { code: 'x', name: '', country: 'ZZZ', timeZone: 'Mars/Olympus' });
      assert.equal(invalid.statusCode, 400);
      assert.match(invalid.body, /error-summary/);
      assert.match(invalid.body, /aria-invalid="true"|aria-describedby="[^"]*error/);
      const created = await post('/staff/admin/offices', { code: 'SFX', name: 'Sfax', country: 'TN', languages: ['fr', 'ar'], timeZone: 'Africa/Tunis' });
      assert.equal(created.statusCode, 303);
      const list = await get('/staff/admin/offices');
      assert.match(list.body, /Sfax/);
      assert.match(list.body, /flash-success/);
      const office = await env.ctx.db.selectFrom('offices').selectAll().where('code', '=', 'SFX').executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(office.languages), ['fr', 'ar']);
      const duplicate = await post('/staff/admin/offices', { code: 'SFX', name: 'Other', country: 'TN', languages: 'fr', timeZone: 'Africa/Tunis' });
      assert.equal(duplicate.statusCode, 400);
      const dataKey = await env.ctx.db.selectFrom('data_keys').select('id').where('office_id', '=', office.id).executeTakeFirst();
      assert.ok(dataKey, 'the office has its data key');

      const org = await post('/staff/admin/organisations', { name: 'Maison Nour', type: 'NGO', country: 'TN', city: 'Sfax', phone: '+216 74 000 000', email: 'contact@nour.example.org', website: 'https://nour.example.org', officeId: office.id });
      assert.equal(org.statusCode, 303);
      const badOrg = await post('/staff/admin/organisations', { name: 'X', type: 'Pirates', country: 'TN', phone: 'call me', website: 'javascript:alert(1)' });
      assert.equal(badOrg.statusCode, 400);
      assert.match((await get('/staff/admin/organisations')).body, /Maison Nour/);

      const user = await post('/staff/admin/users', { displayName: 'Karim Case', email: 'karim@example.org', locale: 'fr', timeZone: 'Africa/Tunis', roles: 'case_worker', officeId: office.id });
      assert.equal(user.statusCode, 200);
      const link = linkOn(user.body);
      const noOffice = await post('/staff/admin/users', { displayName: 'No Office', email: 'no-office@example.org', locale: 'en', roles: 'case_worker' });
      assert.equal(noOffice.statusCode, 400);
      const taken = await post('/staff/admin/users', { displayName: 'Karim Again', email: 'KARIM@example.org', locale: 'en', roles: 'case_worker', officeId: office.id });
      assert.equal(taken.statusCode, 400);

      // The case worker, in French: sets a password with the link (once), enrols, signs in.
      const setPage = await env.app.inject({ method: 'GET', url: pathOf(link) });
      assert.equal(setPage.statusCode, 200);
      const set = await env.app.inject({ method: 'POST', url: pathOf(link), headers: FORM, payload: form({ password: PASSWORD, confirm: PASSWORD }) });
      assert.equal(set.statusCode, 303);
      const reuse = await env.app.inject({ method: 'POST', url: pathOf(link), headers: FORM, payload: form({ password: 'another long passphrase', confirm: 'another long passphrase' }) });
      assert.equal(reuse.statusCode, 410);
      const signIn = await env.app.inject({ method: 'POST', url: '/staff/sign-in', headers: FORM, payload: form({ email: 'karim@example.org', password: PASSWORD }) });
      assert.equal(signIn.statusCode, 303);
      assert.equal(signIn.headers.location, '/staff/second-factor/enrol');
      let cookie = cookieFrom(signIn) as string;
      const enrol = await env.app.inject({ method: 'GET', url: '/staff/second-factor/enrol', headers: { cookie } });
      assert.match(enrol.body, /<html lang="fr"/);
      const secret = secretOn(enrol.body);
      const done = await env.app.inject({ method: 'POST', url: '/staff/second-factor/enrol', headers: { cookie, ...FORM }, payload: form({ _csrf: csrfFrom(enrol.body), code: currentTotp(secret) }) });
      assert.equal(done.statusCode, 200);
      // Enrolling replaces the session: the new cookie carries on.
      cookie = cookieFrom(done) as string;
      const home = await env.app.inject({ method: 'GET', url: '/staff', headers: { cookie } });
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /Karim Case/);
      // A case worker is not an administrator.
      assert.equal((await env.app.inject({ method: 'GET', url: '/staff/admin', headers: { cookie } })).statusCode, 403);

      // Deactivation ends the case worker's sessions at once; reset issues a new link and clears the second factor.
      const id = (await env.ctx.db.selectFrom('users').select('id').where('email', '=', 'karim@example.org').executeTakeFirstOrThrow()).id;
      assert.equal((await post(`/staff/admin/users/${id}/deactivate`, {})).statusCode, 303);
      assert.equal((await env.app.inject({ method: 'GET', url: '/staff', headers: { cookie } })).statusCode, 303);
      assert.equal((await post(`/staff/admin/users/${id}/reactivate`, {})).statusCode, 303);
      const reset = await post(`/staff/admin/users/${id}/reset`, {});
      assert.equal(reset.statusCode, 200);
      assert.notEqual(linkOn(reset.body), link);
      const row = await env.ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.password_hash, null);
      assert.equal(row.totp_enabled_at, null);
      const types = (await env.ctx.db.selectFrom('audit_events').select('type').where('subject_id', '=', id).execute()).map((e) => e.type);
      for (const t of ['user.created', 'auth.password_set', 'auth.mfa_enrolled', 'user.deactivated', 'user.reactivated', 'user.reset_issued']) assert.ok(types.includes(t), t);
      assert.equal((await verifyAudit(env.ctx.db)).ok, true);
    });

    it('refuses the older of two concurrent edits of an office with a clear 409, keeping the first', async () => {
      const officeId = await createOffice(env.ctx, 'CNC', 'TN');
      const other = await createUser(env.ctx, { roles: ['administrator'] });
      const second = await sessionFor(env.ctx, other.id);
      const pageA = await get(`/staff/admin/offices/${officeId}`);
      const pageB = await get(`/staff/admin/offices/${officeId}`, second);
      const version = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] as string;
      assert.equal(version(pageA.body), version(pageB.body));
      const fields = { code: 'CNC', country: 'TN', languages: ['fr'], timeZone: 'Africa/Tunis' };
      const a = await post(`/staff/admin/offices/${officeId}`, { ...fields, name: 'Edited by A', version: version(pageA.body) });
      assert.equal(a.statusCode, 303);
      const b = await post(`/staff/admin/offices/${officeId}`, { ...fields, name: 'Edited by B', version: version(pageB.body) }, second);
      assert.equal(b.statusCode, 409);
      assert.ok(b.body.includes(env.ctx.i18n.message('en', 'errors.stale')));
      const row = await env.ctx.db.selectFrom('offices').selectAll().where('id', '=', officeId).executeTakeFirstOrThrow();
      assert.equal(row.name, 'Edited by A');
      assert.equal(row.version, Number(version(pageA.body)) + 1);
      // Both at once: exactly one wins.
      const page = await get(`/staff/admin/offices/${officeId}`);
      const v = version(page.body);
      const [x, y] = await Promise.all([post(`/staff/admin/offices/${officeId}`, { ...fields, name: 'X', version: v }), post(`/staff/admin/offices/${officeId}`, { ...fields, name: 'Y', version: v }, second)]);
      assert.deepEqual([x.statusCode, y.statusCode].sort(), [303, 409]);
      // Without a version, an edit is refused rather than applied blindly.
      assert.equal((await post(`/staff/admin/offices/${officeId}`, { ...fields, name: 'No version' })).statusCode, 409);
    });

    it('refuses the older of two concurrent edits of a user', async () => {
      const officeId = await createOffice(env.ctx, 'USR', 'TN');
      const target = await createUser(env.ctx, { roles: ['analyst'], officeId });
      const page = await get(`/staff/admin/users/${target.id}`);
      const v = /name="version" value="(\d+)"/.exec(page.body)?.[1] as string;
      const fields = { displayName: 'Analyst', email: target.email, locale: 'en', roles: 'analyst', officeId };
      assert.equal((await post(`/staff/admin/users/${target.id}`, { ...fields, version: v })).statusCode, 303);
      assert.equal((await post(`/staff/admin/users/${target.id}`, { ...fields, displayName: 'Stale', version: v })).statusCode, 409);
      const row = await env.ctx.db.selectFrom('users').select('display_name').where('id', '=', target.id).executeTakeFirstOrThrow();
      assert.equal(row.display_name, 'Analyst');
    });
  });

  describe(`set-password link (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => env.close());

    it('works once, then expires; an expired link is refused', async () => {
      const office = await createOffice(env.ctx);
      const user = await createUser(env.ctx, { roles: ['triage_operator'], officeId: office });
      const link = pathOf(await issueLink(env.ctx, { purpose: 'set-password', userId: user.id, createdBy: null }));
      const tooShort = await env.app.inject({ method: 'POST', url: link, headers: FORM, payload: form({ password: 'short', confirm: 'short' }) });
      assert.equal(tooShort.statusCode, 400);
      const containsEmail = await env.app.inject({ method: 'POST', url: link, headers: FORM, payload: form({ password: `${user.email.split('@')[0]}-2026-long`, confirm: `${user.email.split('@')[0]}-2026-long` }) });
      assert.equal(containsEmail.statusCode, 400);
      const ok = await env.app.inject({ method: 'POST', url: link, headers: FORM, payload: form({ password: PASSWORD, confirm: PASSWORD }) });
      assert.equal(ok.statusCode, 303);
      assert.equal((await env.app.inject({ method: 'GET', url: link })).statusCode, 410);
      const signIn = await env.app.inject({ method: 'POST', url: '/staff/sign-in', headers: FORM, payload: form({ email: user.email, password: PASSWORD }) });
      assert.equal(signIn.statusCode, 303);

      const expired = pathOf(await issueLink(env.ctx, { purpose: 'set-password', userId: user.id, createdBy: null }));
      await env.ctx.db.updateTable('one_time_tokens').set({ expires_at: new Date(Date.now() - 1).toISOString() }).where('id', '=', sha256(expired.split('/').pop() as string)).execute();
      assert.equal((await env.app.inject({ method: 'GET', url: expired })).statusCode, 410);
      assert.equal((await env.app.inject({ method: 'POST', url: expired, headers: FORM, payload: form({ password: PASSWORD, confirm: PASSWORD }) })).statusCode, 410);
    });

    it('lets only one of two simultaneous uses of a link through', async () => {
      const user = await createUser(env.ctx, { roles: ['editor'] });
      const link = pathOf(await issueLink(env.ctx, { purpose: 'set-password', userId: user.id, createdBy: null }));
      const results = await Promise.all(
        ['first passphrase is long', 'second passphrase is long'].map((p) => env.app.inject({ method: 'POST', url: link, headers: FORM, payload: form({ password: p, confirm: p }) })),
      );
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [303, 410]);
    });
  });

  describe(`job leases (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => env.close());

    it('lets one holder take a lease; another cannot until it expires', async () => {
      assert.equal(await takeLease(env.ctx, { name: 'purge', holder: 'holder-a', ttlMs: 60_000 }), true);
      assert.equal(await takeLease(env.ctx, { name: 'purge', holder: 'holder-b', ttlMs: 60_000 }), false);
      assert.equal(await takeLease(env.ctx, { name: 'purge', holder: 'holder-a', ttlMs: 60_000 }), true, 'the holder renews its own lease');
      await env.ctx.db.updateTable('job_leases').set({ lease_until: new Date(Date.now() - 1000).toISOString() }).where('name', '=', 'purge').execute();
      assert.equal(await takeLease(env.ctx, { name: 'purge', holder: 'holder-b', ttlMs: 60_000 }), true);
      assert.equal(await takeLease(env.ctx, { name: 'purge', holder: 'holder-a', ttlMs: 60_000 }), false);
    });

    it('gives a contested lease to exactly one of many racing holders', async () => {
      for (let round = 0; round < 5; round++) {
        const name = `race-${round}`;
        const results = await Promise.all(Array.from({ length: 8 }, (_, i) => takeLease(env.ctx, { name, holder: `holder-${i}`, ttlMs: 60_000 })));
        assert.equal(results.filter(Boolean).length, 1, `round ${round}: ${results}`);
      }
    });

    it('runs a job once per lease and records its result', async () => {
      let runs = 0;
      const job = { name: 'count', everyMs: 60_000, run: async () => `ran ${++runs}` };
      const results = await Promise.all([runJobOnce(env.ctx, job, '00000000-0000-4000-8000-000000000001'), runJobOnce(env.ctx, job, '00000000-0000-4000-8000-000000000002'), runJobOnce(env.ctx, job, '00000000-0000-4000-8000-000000000003')]);
      assert.equal(runs, 1);
      assert.equal(results.filter((r) => r !== undefined).length, 1);
      const row = await env.ctx.db.selectFrom('job_leases').selectAll().where('name', '=', 'count').executeTakeFirstOrThrow();
      assert.equal(row.last_result, 'ran 1');
      const failing = { name: 'fails', everyMs: 60_000, run: async () => Promise.reject(new Error('boom')) };
      assert.equal(await runJobOnce(env.ctx, failing, '00000000-0000-4000-8000-000000000001'), 'failed');
    });
  });
}

describe('backup and restore (sqlite)', () => {
  it('round-trips the database: the restored copy is checked, readable and its audit chain intact', async () => {
    const env = await createTestEnv('sqlite');
    const out = join(mkdtempSync(join(tmpdir(), 'abri-bk-')), 'abri.abribk');
    try {
      const officeId = await createOffice(env.ctx, 'BKP', 'TN');
      const user = await createUser(env.ctx, { roles: ['case_worker'], officeId });
      const sealed = await env.ctx.keys.encrypt(officeId, 'kept in the backup', { aad: `test.field:${user.id}` });
      await env.ctx.db.insertInto('settings').values({ key: 'backup.probe', value: sealed, updated_at: new Date().toISOString() }).execute();
      const r = await createBackup(env.config, out);
      assert.ok(statSync(out).size > 4096);
      assert.match(r.sha256, /^[0-9a-f]{64}$/);
      const blob = readFileSync(out);
      assert.ok(!blob.includes(Buffer.from('SQLite format 3')), 'the backup is encrypted');
      assert.ok(!blob.includes(Buffer.from(user.email)), 'no email in clear');
      // No plain copy is left behind, neither beside the backup nor in the data directory.
      assert.deepEqual(readdirSync(join(out, '..')), ['abri.abribk']);
      assert.deepEqual(readdirSync(env.config.dataDir).filter((f) => f.includes('tmp')), []);

      // Changes after the backup disappear on restore.
      await createUser(env.ctx, { roles: ['editor'], email: 'after-backup@example.org' });
      await env.app.close();
      await env.ctx.database.close();
      await assert.rejects(() => restoreBackup(env.config, out), /--force/);
      const restored = await restoreBackup(env.config, out, { force: true });
      assert.equal(restored.manifest.database.tables.users, 1);
      assert.ok(restored.tables >= 10);

      const { ctx } = await startContext(env.config, { log: env.ctx.log });
      try {
        const users = await ctx.db.selectFrom('users').select('email').execute();
        assert.deepEqual(users.map((u) => u.email), [user.email]);
        const probe = await ctx.db.selectFrom('settings').select('value').where('key', '=', 'backup.probe').executeTakeFirstOrThrow();
        assert.equal(await ctx.keys.decrypt(probe.value, `test.field:${user.id}`), 'kept in the backup');
        assert.equal((await verifyAudit(ctx.db)).ok, true);
      } finally {
        await ctx.database.close();
      }
    } finally {
      rmSync(env.config.dataDir, { recursive: true, force: true });
      rmSync(join(out, '..'), { recursive: true, force: true });
    }
  });

  it('refuses an altered backup, a backup made with another master key, and a file that is not a backup', async () => {
    const env = await createTestEnv('sqlite');
    const dir = mkdtempSync(join(tmpdir(), 'abri-bk-'));
    // Another installation, with a master key of its own.
    const other = await createTestEnv('sqlite', {}, { fresh: true });
    try {
      const out = join(dir, 'a.abribk');
      await createBackup(env.config, out);
      const blob = readFileSync(out);
      blob[blob.length - 10] = (blob[blob.length - 10] ?? 0) ^ 0xff;
      writeFileSync(join(dir, 'altered.abribk'), blob);
      await assert.rejects(() => restoreBackup(env.config, join(dir, 'altered.abribk'), { force: true }), /altered/);
      writeFileSync(join(dir, 'junk.abribk'), 'not a backup');
      await assert.rejects(() => restoreBackup(env.config, join(dir, 'junk.abribk'), { force: true }), /Not an Abri backup/);
      await assert.rejects(() => restoreBackup(other.config, out, { force: true }), /master key/i);
      // Into a fresh data directory that holds only the master key file.
      const fresh = mkdtempSync(join(tmpdir(), 'abri-fresh-'));
      copyFileSync(join(env.config.dataDir, 'master.key'), join(fresh, 'master.key'));
      const r = await restoreBackup(loadConfig({}, { dataDir: fresh }), out);
      assert.ok(r.tables >= 10);
      rmSync(fresh, { recursive: true, force: true });
    } finally {
      await env.close();
      await other.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
