import { toAuthUser } from '../platform/auth/auth-user.js';
import { findUserById, membershipsOf } from '../platform/auth/auth.repository.js';
import type { AppContext } from '../platform/context.js';
import type { DemoWorld } from '../platform/features/demo-world.js';
import { openCase } from '../cases/cases.service.js';
import { findCase } from '../cases/index.js';
import { chooseSolution } from './decision.service.js';
import { saveRiskAssessment } from './return-risk.service.js';
import { ownerAccess } from './solutions.policy.js';
import { officeHasSolution } from './solutions.repository.js';
import { recordSolutionConsent } from './solutions.service.js';

/**
 * A demo case waiting for the joint risk assessment: in the Tunis office, a woman who wishes to go home to
 * Côte d'Ivoire, with both consents given and the destination's side of the matrix signed (one high risk).
 * The Abidjan office's case worker can add its view; the return is then blocked until a supervisor decides.
 * Every person here is invented.
 */
export async function seedDemoSolutions(ctx: AppContext, world: DemoWorld): Promise<string> {
  const workerId = world.users['caseworker@demo.abri'];
  if (!workerId) return 'no demo case worker';
  if (await officeHasSolution(ctx.db, world.destinationOfficeId)) return 'already there';
  const u = await findUserById(ctx.db, workerId);
  if (!u) return 'no demo case worker';
  const worker = toAuthUser(u, await membershipsOf(ctx.db, workerId));
  const opened = await openCase(ctx, {
    actor: worker,
    input: {
      officeId: world.destinationOfficeId,
      source: 'referral',
      ownerId: workerId,
      identity: { firstName: 'Fatou', lastName: 'Diallo (demo)', birthDate: '1993-09-02', languages: ['fr', 'dyu'] },
      gender: 'Feminine',
      citizenship: ['CI'],
      ageStatus: 'documented',
    },
  });
  const record = await findCase(ctx.db, opened.id);
  if (!record) return 'case not found';
  const access = ownerAccess(worker, record);
  if (!access) return 'no access to the demo case';
  const on = { actor: worker, access, record };
  for (const purpose of ['return', 'transfer'] as const) await recordSolutionConsent(ctx, on, { purpose, given: true, language: 'fr' });
  await chooseSolution(ctx, on, {
    options: ['return', 'local_integration'],
    wishes: 'Je veux rentrer auprès de ma mère à Bouaké et ouvrir un atelier de couture.',
    decision: 'return',
    targetOfficeId: world.originOfficeId,
  });
  await saveRiskAssessment(ctx, on, {
    risks: [
      { factor: 'traffickers_reach', likelihood: 3, impact: 3, mitigation: 'The recruiter lives in the same quarter: consider another town.' },
      { factor: 'debts', likelihood: 2, impact: 1, mitigation: 'Debt counselling with the origin office.' },
    ],
  });
  return `${opened.caseNumber} (voluntary return, waiting for the Abidjan office's risk assessment)`;
}
