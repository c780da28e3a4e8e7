import { toAuthUser } from '../platform/auth/auth-user.js';
import { findUserById, membershipsOf } from '../platform/auth/auth.repository.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import type { DemoWorld } from '../platform/features/demo-world.js';
import { openCase } from '../cases/cases.service.js';
import { recordConsent } from '../cases/index.js';
import { addObjective, addPlanAction, todayIso } from '../plans/plans.service.js';
import * as repo from './referrals.repository.js';
import { createReferral } from './referrals.service.js';

/**
 * Demo: an assistance plan with an overdue action and a pending referral to the demo shelter, so the partner
 * user has something in the portal. Uses the case worker's first demo case, or opens one (an invented person).
 */
export async function seedPlansAndReferrals(ctx: AppContext, world: DemoWorld): Promise<string> {
  const workerId = world.users['caseworker@demo.abri'];
  const user = workerId ? await findUserById(ctx.db, workerId) : undefined;
  if (!user) return 'skipped (no demo case worker)';
  const worker = toAuthUser(user, await membershipsOf(ctx.db, user.id));
  const existing = await repo.firstCaseOwnedBy(ctx.db, world.destinationOfficeId, worker.id);
  if (!existing) {
    await openCase(ctx, {
      actor: worker,
      input: {
        officeId: world.destinationOfficeId,
        source: 'self',
        ownerId: worker.id,
        gender: 'Female',
        citizenship: ['NG'],
        identity: { firstName: 'Blessing', lastName: 'Okafor (demo)', estimatedAge: 24, languages: ['en', 'yo'] },
        contact: { safeContactNotes: 'Through the case worker only' },
      },
    });
  }
  const record = existing ?? (await repo.firstCaseOwnedBy(ctx.db, world.destinationOfficeId, worker.id));
  if (!record) return 'skipped (no demo case)';
  if (await repo.caseHasReferrals(ctx.db, record.id)) return 'already there';
  await inTransaction(ctx.db, (tx) =>
    recordConsent(tx, {
      actorId: worker.id,
      record,
      input: {
        purpose: 'sharing',
        given: true,
        organisationId: world.partnerIds.shelter,
        language: 'en',
        explained: ['purpose', 'recipient', 'withdrawal'],
        origin: 'staff',
      },
    }),
  );
  const objectiveId = await addObjective(ctx, {
    actor: worker,
    record,
    input: { splType: 'SocialCare', objective: 'Live somewhere safe while deciding what to do next' },
  });
  const lastWeek = todayIso(new Date(Date.now() - 7 * 86_400_000));
  const nextWeek = todayIso(new Date(Date.now() + 7 * 86_400_000));
  await addPlanAction(ctx, {
    actor: worker,
    record,
    input: {
      objectiveId,
      type: 'safe_accommodation',
      description: 'Refer to the demo shelter',
      ownerId: worker.id,
      dueDate: nextWeek,
    },
  });
  await addPlanAction(ctx, { actor: worker, record, input: { type: 'medical', description: 'General health check', ownerId: worker.id, dueDate: lastWeek } });
  await createReferral(ctx, {
    actor: worker,
    record,
    input: {
      organisationId: world.partnerIds.shelter,
      service: 'safe_accommodation',
      reason: 'AdditionalServicesRequired',
      fields: ['firstName', 'ageBand', 'languages', 'needsSummary', 'safeContact'],
      needsSummary: 'A safe bed for about two weeks; speaks English and Yoruba.',
      safeContact: 'Through the case worker only',
    },
  });
  return `plan and a pending referral to the demo shelter on case ${record.case_number}`;
}
