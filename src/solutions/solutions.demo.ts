import { toAuthUser } from '../platform/auth/auth-user.js';
import { findUserById, membershipsOf } from '../platform/auth/auth.repository.js';
import type { AppContext } from '../platform/context.js';
import type { DemoWorld } from '../platform/features/demo-world.js';
import { openCase } from '../cases/cases.service.js';
import { findCase } from '../cases/cases.repository.js';
import { ownerAccess } from './solutions.policy.js';
import { chooseSolution, recordSolutionConsent, saveRiskAssessment } from './solutions.service.js';

/**
 * A demo case waiting for the joint risk assessment: in the Tunis office, a woman who wishes to go home to
 * Côte d'Ivoire, with both consents given and the destination's side of the matrix signed (one high risk).
 * The Abidjan office's case worker can add its view; the return is then blocked until a supervisor decides.
 * Every person here is invented.
 */
export async function seedDemoSolutions(ctx: AppContext, world: DemoWorld): Promise<string> {
  const workerId = world.users['caseworker@demo.abri'];
  if (!workerId) return 'no demo case worker';
  const already = await ctx.db.selectFrom('case_solutions').select('id').where('office_id', '=', world.destinationOfficeId).executeTakeFirst();
  if (already) return 'already there';
  const u = await findUserById(ctx.db, workerId);
  if (!u) return 'no demo case worker';
  const worker = toAuthUser(u, await membershipsOf(ctx.db, workerId));
  const opened = await openCase(ctx, worker, {
    officeId: world.destinationOfficeId,
    source: 'referral',
    ownerId: workerId,
    identity: { firstName: 'Fatou', lastName: 'Diallo (demo)', birthDate: '1993-09-02', languages: ['fr', 'dyu'] },
    gender: 'Feminine',
    citizenship: ['CI'],
    ageStatus: 'documented',
  });
  const record = await findCase(ctx.db, opened.id);
  if (!record) return 'case not found';
  const access = ownerAccess(worker, record);
  await recordSolutionConsent(ctx, worker, access, record, 'return', true, 'fr');
  await recordSolutionConsent(ctx, worker, access, record, 'transfer', true, 'fr');
  await chooseSolution(ctx, worker, access, record, {
    options: ['return', 'local_integration'],
    wishes: 'Je veux rentrer auprès de ma mère à Bouaké et ouvrir un atelier de couture.',
    decision: 'return',
    targetOfficeId: world.originOfficeId,
  });
  await saveRiskAssessment(ctx, worker, access, record, [
    { factor: 'traffickers_reach', likelihood: 3, impact: 3, mitigation: 'The recruiter lives in the same quarter: consider another town.' },
    { factor: 'debts', likelihood: 2, impact: 1, mitigation: 'Debt counselling with the origin office.' },
  ]);
  return `${opened.caseNumber} (voluntary return, waiting for the Abidjan office's risk assessment)`;
}
