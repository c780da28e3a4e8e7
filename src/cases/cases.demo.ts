import { toAuthUser } from '../platform/auth/auth-user.js';
import { findUserById, membershipsOf } from '../platform/auth/auth.repository.js';
import type { AppContext } from '../platform/context.js';
import type { DemoWorld } from '../platform/features/demo-world.js';
import { appointGuardian, recordBestInterestsAssessment } from './children.service.js';
import { openCase } from './cases.service.js';
import { anyCaseInOffice, findCase } from './cases.repository.js';
import { addReminder } from './reminders.service.js';

/** Demo cases in the destination office: an adult and a child with a guardian. Every person here is invented. */
export async function seedDemoCases(ctx: AppContext, world: DemoWorld): Promise<string> {
  const workerId = world.users['caseworker@demo.abri'];
  if (!workerId) return 'no demo case worker';
  if (await anyCaseInOffice(ctx.db, world.destinationOfficeId)) return 'already there';
  const u = await findUserById(ctx.db, workerId);
  if (!u) return 'no demo case worker';
  const worker = toAuthUser(u, await membershipsOf(ctx.db, workerId));
  const adult = await openCase(ctx, {
    actor: worker,
    input: {
      officeId: world.destinationOfficeId,
      source: 'referral',
      ownerId: workerId,
      identity: { firstName: 'Mariam', lastName: 'Traoré (demo)', birthDate: '1996-04-12', languages: ['fr', 'bm'] },
      contact: { phones: ['+216 20 000 101'] },
      gender: 'Feminine',
      citizenship: ['CI'],
      ageStatus: 'documented',
      consents: [{ purpose: 'screening', given: true, language: 'fr', interpreter: false, explained: ['purpose', 'uses', 'withdrawal'] }],
    },
  });
  const child = await openCase(ctx, {
    actor: worker,
    input: {
      officeId: world.destinationOfficeId,
      source: 'outreach',
      ownerId: workerId,
      identity: { firstName: 'Issa', lastName: 'Koné (demo)', estimatedAge: 15, languages: ['fr'] },
      gender: 'Masculine',
      citizenship: ['CI'],
      ageStatus: 'presumed_minor',
      mayBeChild: true,
    },
  });
  const childRow = await findCase(ctx.db, child.id);
  const adultRow = await findCase(ctx.db, adult.id);
  if (childRow) {
    await appointGuardian(ctx, {
      actor: worker,
      record: childRow,
      input: {
        kind: 'social_welfare',
        appointedOn: new Date().toISOString().slice(0, 10),
        details: { name: 'Délégué à la protection de l’enfance (demo)', organisation: 'Child protection delegate, Tunis' },
      },
    });
    await recordBestInterestsAssessment(ctx, {
      actor: worker,
      record: childRow,
      input: {
        assessedOn: new Date().toISOString().slice(0, 10),
        childHeard: true,
        summary: 'Interim care in a child-appropriate shelter; the child wishes to contact his mother.',
      },
    });
  }
  if (adultRow)
    await addReminder(ctx, {
      actor: worker,
      record: adultRow,
      input: {
        dueOn: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10),
        kind: 'follow_up',
        required: false,
        text: 'Call about the medical appointment',
      },
    });
  return `${adult.caseNumber} (adult), ${child.caseNumber} (child with a guardian)`;
}
