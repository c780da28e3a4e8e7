import { commentVersion, moderate, reply, submitComment } from '../comments/comments.service.js';
import type { DemoWorld } from '../platform/features/demo-world.js';
import { createEntry, hasEntries } from '../directory/directory.service.js';
import { findUserByEmail, membershipsOf } from '../platform/auth/auth.repository.js';
import { toAuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import * as repo from './content.repository.js';
import { seedContentIfEmpty } from './content.seed.js';

/** Demo help-directory entries and comments; every organisation, number and person here is invented. */
export async function seedPublicSiteDemo(ctx: AppContext, _world: DemoWorld): Promise<string> {
  await seedContentIfEmpty(ctx);
  if (await hasEntries(ctx.db)) return 'already there';
  const entries = [
    { country: 'TN', kind: 'hotline' as const, name: 'Ligne Confiance (demo hotline)', services: 'Free, confidential advice for anyone worried about a job offer, exploitation or a missing relative. Can send help in an emergency.', phone: '+216 80 100 200', hours: '24/7', languages: ['ar', 'fr', 'en'] },
    { country: 'TN', kind: 'organisation' as const, name: 'Maison Refuge (demo shelter)', services: 'Safe accommodation, medical care and legal advice for women and children who have been exploited.', phone: '+216 71 000 111', hours: 'Mon–Fri 08:00–17:00', languages: ['ar', 'fr'] },
    { country: 'CI', kind: 'hotline' as const, name: 'Allô Protection (demo hotline)', services: 'Listening, advice and referral for people at risk of trafficking and their families.', phone: '+225 27 00 00 11 22', hours: 'Every day 07:00–22:00', languages: ['fr', 'en'] },
    { country: 'ES', kind: 'hotline' as const, name: 'Línea Ayuda (demo hotline)', services: 'Información y apoyo confidencial sobre trabajo forzoso y explotación sexual.', phone: '+34 900 000 123', hours: '24/7', languages: ['es', 'en', 'fr', 'ar'] },
  ];
  for (const e of entries) await createEntry(ctx, null, { ...e, active: '1' });

  const item = await repo.findItemByKey(ctx.db, 'job-offers-abroad');
  const editor = await findUserByEmail(ctx.db, 'editor@demo.abri');
  let comments = 0;
  if (item) {
    const a = await submitComment(ctx, { itemId: item.id, officeId: item.office_id, locale: 'en', name: 'Nadia', email: 'nadia@example.org', body: 'Thank you. A "placement fee" is exactly how people in our town were tricked last year. Checking the agency with the ministry is good advice.' });
    const b = await submitComment(ctx, { itemId: item.id, officeId: item.office_id, locale: 'en', name: 'Teacher in training', email: 'teacher@example.org', body: 'Can I print this for my class? The list of warning signs is very clear.' });
    await submitComment(ctx, { itemId: item.id, officeId: item.office_id, locale: 'en', name: 'Karim', email: 'karim@example.org', body: 'Is a contract by WhatsApp message enough?' });
    await submitComment(ctx, { itemId: item.id, officeId: item.office_id, locale: 'fr', name: 'Anonyme', email: 'anonyme@example.org', body: 'Ma sœur est enfermée chez son employeur, appelez-moi au 06 12 34 56 78' });
    comments = 4;
    if (editor) {
      const user = toAuthUser(editor, await membershipsOf(ctx.db, editor.id));
      for (const id of [a.id, b.id]) await moderate(ctx, { user, id, decision: 'approve', version: (await commentVersion(ctx.db, id)) ?? 1 });
      await reply(ctx, { user, parentId: b.id, body: 'Yes, please do. Every page of this site can be printed and shared freely.', staffName: 'Abri team' });
    }
  }
  return `${entries.length} directory entries, ${comments} comments`;
}
