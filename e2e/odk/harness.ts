/**
 * What the real-client specs share (odk-client.spec.ts: ODK Web Forms, enketo-client.spec.ts: Enketo): an Abri
 * listening on a real port with an office and two enrolled devices (plain and encrypted forms), a harness page served
 * at http://localhost:7 by Playwright's router (a secure context) whose /key/... requests go on to Abri without the
 * page's Origin, as a device or Enketo's server would send them, a `deviceSend` that encrypts an instance the way ODK
 * Collect does (test/support/odk.ts, by the ODK specification) and posts it, and readers of what Abri made of it.
 */
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { readPerson } from '../../src/cases/record.service.js';
import { screenings } from '../../src/cases/screening/screening.service.js';
import { enrolDevice } from '../../src/odk/devices.service.js';
import { encryptForForm, publicKeyOf, submissionBody } from '../../test/support/odk.js';
import { queue, viewReport } from '../../src/reports/triage.service.js';
import type { Dialect } from '../../src/platform/db/database.js';
import { authUser, createOffice, createTestEnv, createUser, type TestEnv } from '../../test/support/index.js';
import { launchBrowser, newContext } from '../support.js';

export const HARNESS = 'http://localhost:7';

export interface OdkServer {
  env: TestEnv;
  base: string;
  browser: Browser;
  officeId: string;
  /** Device tokens: one gets plain forms, the other forms with the office's public key. */
  plain: string;
  encrypted: string;
}

export async function startOdkServer(dialect: Dialect): Promise<OdkServer> {
  const env = await createTestEnv(dialect);
  const officeId = await createOffice(env.ctx, 'TN', 'TN');
  const admin = await authUser(env, (await createUser(env.ctx, { roles: ['administrator'], officeId: null })).id);
  const plain = (await enrolDevice(env.ctx, admin, { officeId, displayName: 'Enketo kiosk', encrypted: false })).token;
  const encrypted = (await enrolDevice(env.ctx, admin, { officeId, displayName: 'Tablet', encrypted: true })).token;
  await env.app.listen({ port: 0, host: '127.0.0.1', listenTextResolver: () => 'server listening' });
  const base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
  return { env, base, browser: await launchBrowser(), officeId, plain, encrypted };
}

export async function stopOdkServer(s: OdkServer | undefined): Promise<void> {
  await s?.browser.close();
  await s?.env.close();
}

export interface Sent {
  status: number;
  body: string;
  instanceId?: string;
}

/**
 * A page on the harness origin: `/` is `html`, `asset(pathname)` serves the client's code, /key/... is Abri.
 * `errors` collects the page's uncaught errors. `window.deviceSend(token, formXml, instanceXml)` encrypts the
 * instance for the form's key and submits it as Collect would.
 */
export async function harnessPage(
  s: OdkServer,
  html: string,
  asset: (pathname: string) => { contentType: string; body: string | Buffer } | undefined,
): Promise<{ page: Page; errors: string[] }> {
  const context = await newContext(s.browser, { origin: HARNESS });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.exposeFunction('deviceSend', async (token: string, formXml: string, instanceXml: string): Promise<Sent> => {
    const formId = /<data\b[^>]*\sid="([^"]+)"/.exec(instanceXml)?.[1] as string;
    const version = /<data\b[^>]*\sversion="([^"]+)"/.exec(instanceXml)?.[1];
    const instanceId = /<instanceID>([^<]+)<\/instanceID>/.exec(instanceXml)?.[1] as string;
    const sealed = encryptForForm(publicKeyOf(formXml) as string, { formId, ...(version ? { version } : {}), instanceId, xml: instanceXml });
    const res = await s.env.app.inject({ method: 'POST', url: `/key/${token}/submission`, ...submissionBody(sealed.manifest, sealed.files) });
    return { status: res.statusCode, body: res.body, instanceId };
  });
  await page.route(`${HARNESS}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/') return route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
    if (url.pathname.startsWith('/key/')) {
      const { origin: _o, referer: _r, ...headers } = route.request().headers();
      const response = await route.fetch({
        url: `${s.base}${url.pathname}${url.search}`,
        headers: Object.fromEntries(Object.entries(headers).filter(([k]) => !k.startsWith('sec-fetch'))),
      });
      return route.fulfill({ response });
    }
    const found = asset(url.pathname);
    return found ? route.fulfill(found) : route.fulfill({ status: 404, body: '' });
  });
  return { page, errors };
}

/** The office's open reports as its triage operator sees them (the queue, then each report's decrypted content). */
export async function triagedReports(s: OdkServer) {
  const operator = await authUser(s.env, (await createUser(s.env.ctx, { roles: ['triage_operator'], officeId: s.officeId })).id);
  const rows = await queue(s.env.ctx, { user: operator, open: true });
  return Promise.all(rows.map(async (r) => ({ row: r, view: await viewReport(s.env.ctx, operator, r.id) })));
}

/** The draft case a submitted screening opened, with its decrypted person and its screenings. */
export async function draftCaseOf(s: OdkServer, instanceId: string) {
  const db = s.env.ctx.db;
  const submission = await db.selectFrom('odk_submissions').selectAll().where('instance_id', '=', instanceId).executeTakeFirstOrThrow();
  const record = await db
    .selectFrom('cases')
    .selectAll()
    .where('id', '=', submission.case_id as string)
    .executeTakeFirstOrThrow();
  return { submission, record, person: await readPerson(s.env.ctx, record), screenings: await screenings(s.env.ctx, record.id) };
}
