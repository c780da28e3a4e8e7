import { toAuthUser } from '../platform/auth/auth-user.js';
import { findUserById, membershipsOf } from '../platform/auth/auth.repository.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import type { DemoWorld } from '../platform/features/demo-world.js';
import { openCase, recordConsent } from '../cases/index.js';
import * as repo from './justice.repository.js';
import { addDays, addStatus, raiseStatusWarnings, saveProfile, todayIso } from './justice.service.js';
import { addHearing, addMeasure, decideMeasure, linkProceeding } from './proceedings.service.js';
import { addCompensation, addNonPunishment, decideNonPunishment, recordDisclosure, updateCompensation } from './redress.service.js';

/**
 * Demo: the walk-through on the demo case worker's cases (invented people). The first case has a 30-day
 * reflection period five days from its end (warned), a residence permit applied for, a criminal proceeding with two
 * hearings where she is a witness with video testimony granted, a compensation award partly received and a
 * non-punishment request granted; the second case, part of the same proceeding, declines to cooperate.
 */
export async function seedDemoJustice(ctx: AppContext, world: DemoWorld): Promise<string> {
  const workerId = world.users['caseworker@demo.abri'];
  const user = workerId ? await findUserById(ctx.db, workerId) : undefined;
  if (!user) return 'skipped (no demo case worker)';
  const worker = toAuthUser(user, await membershipsOf(ctx.db, user.id));
  let cases = await repo.casesOwnedBy(ctx.db, { officeId: world.destinationOfficeId, ownerId: worker.id, limit: 2 });
  if (cases.length < 2) {
    await openCase(ctx, {
      actor: worker,
      input: {
        officeId: world.destinationOfficeId,
        source: 'self',
        ownerId: worker.id,
        gender: 'Male',
        citizenship: ['GH'],
        identity: { firstName: 'Kwame', lastName: 'Boateng (demo)', estimatedAge: 31, languages: ['en', 'tw'] },
      },
    });
    cases = await repo.casesOwnedBy(ctx.db, { officeId: world.destinationOfficeId, ownerId: worker.id, limit: 2 });
  }
  const [a, b] = cases;
  if (!a || !b) return 'skipped (no demo case)';
  if (await repo.caseHasJustice(ctx.db, a.id)) return 'already there';
  const today = todayIso();
  await addStatus(ctx, {
    actor: worker,
    record: a,
    input: {
      kind: 'reflection_period',
      status: 'granted',
      startOn: addDays(today, -25),
      grantedBy: 'Demo prefecture',
      reference: 'RP-DEMO-0001',
    },
  });
  await addStatus(ctx, {
    actor: worker,
    record: a,
    input: {
      kind: 'residence_victim',
      status: 'applied',
      appliedOn: addDays(today, -3),
      renewal: 'Bring the reflection decision and two photos',
    },
  });
  await saveProfile(ctx, {
    actor: worker,
    record: a,
    input: {
      cooperation: 'cooperating',
      cooperationOn: addDays(today, -10),
      risk: 'removal',
      riskAction: 'Lawyer informed; reflection period protects from removal',
    },
  });
  const { proceedingId, linkId } = await linkProceeding(ctx, {
    actor: worker,
    record: a,
    input: {
      role: 'witness',
      kind: 'criminal',
      jurisdiction: 'TN',
      court: 'Demo criminal court',
      reference: 'PV-DEMO-2026-17',
      stage: 'investigation',
      stageOn: addDays(today, -20),
    },
  });
  await addHearing(ctx, {
    actor: worker,
    record: a,
    linkId,
    input: {
      heldOn: addDays(today, 12),
      place: 'Demo court, room 3',
      mustAttend: '1',
      supportPerson: 'Demo case worker',
      interpreter: 'Twi',
    },
  });
  await addHearing(ctx, {
    actor: worker,
    record: a,
    linkId,
    input: { heldOn: addDays(today, 45), place: 'Demo court, room 1', mustAttend: '0', supportPerson: 'Demo case worker' },
  });
  const video = await addMeasure(ctx, { actor: worker, record: a, linkId, input: { measure: 'video_testimony', requestedOn: addDays(today, -15) } });
  await decideMeasure(ctx, { actor: worker, record: a, measureId: video, input: { status: 'granted', version: 1 } });
  await addMeasure(ctx, { actor: worker, record: a, linkId, input: { measure: 'anonymity', requestedOn: addDays(today, -15) } });
  const claim = await addCompensation(ctx, {
    actor: worker,
    record: a,
    input: { kind: 'civil_claim', currency: 'TND', claimed: '12000', claimedOn: addDays(today, -60), proceedingId },
  });
  await updateCompensation(ctx, {
    actor: worker,
    record: a,
    id: claim,
    input: {
      outcome: 'awarded',
      awarded: '8000',
      awardedOn: addDays(today, -20),
      received: '2500',
      receivedOn: addDays(today, -5),
      version: 1,
    },
  });
  const np = await addNonPunishment(ctx, {
    actor: worker,
    record: a,
    input: {
      offence: 'documents',
      details: 'Forged passport handed over by the recruiter',
      requestKind: 'non_prosecution',
      requestedOn: addDays(today, -40),
    },
  });
  await decideNonPunishment(ctx, { actor: worker, record: a, id: np, input: { outcome: 'granted', decidedOn: addDays(today, -8), version: 1 } });
  await inTransaction(ctx.db, (tx) =>
    recordConsent(tx, {
      actorId: worker.id,
      record: a,
      input: { purpose: 'justice', given: true, language: 'en', explained: ['purpose', 'recipient', 'withdrawal'], origin: 'staff' },
    }),
  );
  await recordDisclosure(ctx, {
    actor: worker,
    record: a,
    input: {
      recipient: 'prosecutor',
      sharedOn: addDays(today, -18),
      what: 'Her written statement, with her agreement',
      proceedingId,
    },
  });
  await saveProfile(ctx, { actor: worker, record: b, input: { cooperation: 'declined', cooperationOn: addDays(today, -2), risk: 'none' } });
  await linkProceeding(ctx, { actor: worker, record: b, input: { role: 'none', proceedingId } });
  const warned = await raiseStatusWarnings(ctx);
  return `legal status, a shared proceeding, compensation and non-punishment on 2 cases (${warned.warned} warning)`;
}
