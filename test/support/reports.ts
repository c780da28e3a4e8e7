import assert from 'node:assert/strict';
import { sql } from 'kysely';
import sharp from 'sharp';
import type { TestEnv } from './app.js';
import { FORM, form, multipart } from './http.js';
import { hashReceiptCode } from '../../src/reports/receipt.js';

/** Test and benchmark helpers for reports: multipart bodies, valid answers, a photo with GPS metadata. */
export function validReport(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    reporterRole: 'witness',
    exploitation: ['ForcedLabour'],
    control: ['WithholdsDocuments', 'DebtBondage'],
    recruitment: ['ThroughOnlineSocialNetworks'],
    dangerNow: 'no',
    recent24h: 'yes',
    children: 'no',
    peopleCount: '2-5',
    country: 'TN',
    place: 'Sfax',
    workplace: 'Ferme des Oliviers',
    names: 'Karim Haddad',
    phones: '+216 20 123 456',
    description: 'Des ouvriers travaillent tous les jours dans la ferme sans salaire et le patron garde leurs passeports.',
    contactOk: 'no',
    shareAssistance: 'yes',
    sharePolice: 'no',
    ...overrides,
  };
}

/** A real JPEG carrying camera details and a GPS position in its EXIF block. */
export async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneCo', Model: 'Cheap 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '36/1 48/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '10/1 10/1 0/1' },
    })
    .toBuffer();
}

/** True when an EXIF block holds the GPS IFD pointer (tag 0x8825, either byte order). */
export function hasGpsPointer(exif: Buffer | undefined): boolean {
  return !!exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));
}

export const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/;
export const IP_STRINGS = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

/** Every row of every table, as text, for the no-IP and no-plaintext checks. */
export async function dumpAll(env: Pick<TestEnv, 'dialect' | 'ctx'>): Promise<string> {
  const tables =
    env.dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(env.ctx.db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(env.ctx.db)).rows.map((r) => r.name);
  const out: string[] = [];
  for (const t of tables) {
    const rows = (await sql`select * from ${sql.table(t)}`.execute(env.ctx.db)).rows;
    out.push(`${t}: ${JSON.stringify(rows)}`);
  }
  return out.join('\n');
}

export const CODE_RE = /data-receipt-code[^>]*>(\d{4} \d{4} \d{4} \d{4})</;

export async function submit(env: TestEnv, fields: Record<string, string | string[]>, files: Parameters<typeof multipart>[1] = [], locale = 'en') {
  const body = multipart(fields, files);
  // The per-client submission limit is not under test here; many reports come from the one test client.
  await env.ctx.limiter.reset('reports.submit', env.ctx.limiter.clientKey('127.0.0.1'));
  return env.app.inject({ method: 'POST', url: `/${locale}/report`, payload: body.payload, headers: body.headers });
}

export async function submitOk(env: TestEnv, fields = validReport(), files: Parameters<typeof multipart>[1] = []): Promise<{ code: string; id: string }> {
  const res = await submit(env, fields, files);
  assert.equal(res.statusCode, 200, res.body.slice(0, 2000));
  const m = CODE_RE.exec(res.body);
  assert.ok(m?.[1], 'receipt code shown');
  const code = m[1].replace(/ /g, '');
  const row = await env.ctx.db.selectFrom('reports').select('id').where('receipt_hash', '=', await hashReceiptCode(env.ctx, code)).executeTakeFirstOrThrow();
  return { code, id: row.id };
}

export async function followUp(env: TestEnv, code: string, locale = 'en') {
  return env.app.inject({ method: 'POST', url: `/${locale}/report/follow-up`, headers: FORM, payload: form({ code }) });
}
