import type { AppContext } from '../platform/context.js';
import { newId, nowIso } from '../platform/ids.js';

/** Seeds for the partner and training tests, written directly so that each test states only what it checks. */
export async function seedService(
  ctx: AppContext,
  organisationId: string,
  opts: { service?: string; country?: string; region?: string | null; forChildren?: boolean; forAdults?: boolean; languages?: string[]; free?: number | null } = {},
): Promise<string> {
  const id = newId();
  const now = nowIso();
  await ctx.db
    .insertInto('partner_services')
    .values({
      id,
      organisation_id: organisationId,
      office_id: null,
      service: opts.service ?? 'safe_accommodation',
      country: opts.country ?? 'TN',
      region: opts.region ?? null,
      for_adults: opts.forAdults === false ? 0 : 1,
      for_children: opts.forChildren ? 1 : 0,
      for_women: 1,
      for_men: 1,
      languages: JSON.stringify(opts.languages ?? ['ar', 'fr']),
      capacity_total: opts.free === undefined || opts.free === null ? null : opts.free + 2,
      capacity_free: opts.free ?? null,
      contact_name: null,
      contact_phone: null,
      contact_email: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function seedAgreement(ctx: AppContext, organisationId: string, signedOn: string, expiresOn: string, withdrawn = false): Promise<string> {
  const id = newId();
  const now = nowIso();
  await ctx.db
    .insertInto('partner_agreements')
    .values({ id, organisation_id: organisationId, office_id: null, reference: null, signed_on: signedOn, expires_on: expiresOn, withdrawn_at: withdrawn ? now : null, recorded_by: null, created_at: now, updated_at: now })
    .execute();
  return id;
}

export function daysFromToday(n: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** A training with sessions, participants, attendance and scores, as the figures and certificates read them. */
export async function seedTraining(
  ctx: AppContext,
  officeId: string,
  opts: {
    topic?: string;
    country?: string;
    days?: string[];
    max?: number;
    participants: Array<{ type?: string; organisationId?: string | null; attended?: number[]; pre?: number | null; post?: number | null; name?: string }>;
  },
): Promise<{ trainingId: string; sessionIds: string[]; participantIds: string[] }> {
  const trainingId = newId();
  const now = nowIso();
  await ctx.db
    .insertInto('trainings')
    .values({ id: trainingId, office_id: officeId, title: 'Identifying victims at the border', topic: opts.topic ?? 'identification', audience: 'government', country: opts.country ?? 'TN', place: 'Tunis', online: 0, curriculum: '["Indicators","Referral"]', trainers: '["A. Trainer"]', test_max_score: opts.max ?? 20, created_by: null, created_at: now, updated_at: now })
    .execute();
  const sessionIds: string[] = [];
  for (const day of opts.days ?? ['2026-10-01', '2026-10-02']) {
    const id = newId();
    sessionIds.push(id);
    await ctx.db.insertInto('training_sessions').values({ id, training_id: trainingId, office_id: officeId, held_on: day, subject: null, required: 1, created_at: now }).execute();
  }
  const participantIds: string[] = [];
  for (const p of opts.participants) {
    const id = newId();
    participantIds.push(id);
    const nameEnc = p.name ? await ctx.keys.encrypt(officeId, p.name, { aad: `training_participants.name:${id}` }) : null;
    await ctx.db
      .insertInto('training_participants')
      .values({ id, training_id: trainingId, office_id: officeId, organisation_id: p.organisationId ?? null, organisation_name: p.organisationId ? null : 'Ministry', institution_type: p.type ?? 'police', role: 'Officer', gender: 'female', name_enc: nameEnc, pre_score: p.pre ?? null, post_score: p.post ?? null, created_at: now, updated_at: now })
      .execute();
    for (const i of p.attended ?? sessionIds.map((_, k) => k)) {
      const sessionId = sessionIds[i];
      if (sessionId) await ctx.db.insertInto('training_attendance').values({ session_id: sessionId, participant_id: id, office_id: officeId, recorded_at: now }).execute();
    }
  }
  return { trainingId, sessionIds, participantIds };
}

/** The first bytes of a real PDF: enough for content sniffing. */
export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');

export function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer; type?: string }): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----abri${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
