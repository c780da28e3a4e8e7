import type { AuthUser } from '../platform/auth/auth-user.js';
import { toAuthUser } from '../platform/auth/auth-user.js';
import { findUserById, membershipsOf } from '../platform/auth/auth.repository.js';
import type { Role } from '../platform/auth/roles.js';
import { inTransaction } from '../platform/db/database.js';
import { openCase } from '../cases/cases.service.js';
import { recordConsent } from '../cases/consent.js';
import type { CaseRow } from '../cases/cases.table.js';
import { createOffice, createPartner, createUser, sessionFor, type Signed, type TestEnv, type TestUser } from '../../test/helper.js';

/** Test world for plans and referrals: two offices, two partners, one user per role, one case with an identity. */
export interface World {
  officeId: string;
  otherOfficeId: string;
  shelter: string;
  clinic: string;
  users: Record<WorldRole, TestUser>;
  auth: Record<WorldRole, AuthUser>;
  sessions: Record<WorldRole, Signed>;
  caseId: string;
}

export const WORLD_ROLES = [
  'worker',
  'worker2',
  'supervisor',
  'foreignSupervisor',
  'foreignWorker',
  'analyst',
  'triage',
  'admin',
  'editor',
  'partnerA',
  'partnerB',
] as const;
export type WorldRole = (typeof WORLD_ROLES)[number];

export async function authUser(env: TestEnv, id: string): Promise<AuthUser> {
  const user = await findUserById(env.ctx.db, id);
  if (!user) throw new Error('no user');
  return toAuthUser(user, await membershipsOf(env.ctx.db, id));
}

export const PERSON = {
  identity: { firstName: 'Ama', lastName: 'Mensah', birthDate: '1999-05-01', languages: ['fr', 'tw'], documents: [{ type: 'passport', number: 'GH1234567' }] },
  contact: { phones: ['+216 20 123 456'], address: '12 rue Secrète, Tunis', safeContactNotes: 'Call after 18:00 only' },
};

export async function buildWorld(env: TestEnv, code = 'TN'): Promise<World> {
  const ctx = env.ctx;
  const officeId = await createOffice(ctx, code, 'TN');
  const otherOfficeId = await createOffice(ctx, `${code}X`, 'CI');
  const shelter = await createPartner(ctx, `Shelter A ${code}`, officeId);
  const clinic = await createPartner(ctx, `Clinic B ${code}`, officeId);
  const specs: Record<WorldRole, { roles: Role[]; officeId?: string | null; organisationId?: string }> = {
    worker: { roles: ['case_worker'], officeId },
    worker2: { roles: ['case_worker'], officeId },
    supervisor: { roles: ['supervisor'], officeId },
    foreignSupervisor: { roles: ['supervisor'], officeId: otherOfficeId },
    foreignWorker: { roles: ['case_worker'], officeId: otherOfficeId },
    analyst: { roles: ['analyst'], officeId },
    triage: { roles: ['triage_operator'], officeId },
    admin: { roles: ['administrator'], officeId: null },
    editor: { roles: ['editor'], officeId },
    partnerA: { roles: ['partner'], organisationId: shelter },
    partnerB: { roles: ['partner'], organisationId: clinic },
  };
  const users = {} as Record<WorldRole, TestUser>;
  const auth = {} as Record<WorldRole, AuthUser>;
  const sessions = {} as Record<WorldRole, Signed>;
  for (const role of WORLD_ROLES) {
    users[role] = await createUser(ctx, specs[role]);
    auth[role] = await authUser(env, users[role].id);
    sessions[role] = await sessionFor(ctx, users[role].id);
  }
  const c = await openCase(ctx, {
    actor: auth.worker,
    input: { officeId, source: 'self', ownerId: users.worker.id, gender: 'Female', citizenship: ['GH'], ...PERSON },
  });
  return { officeId, otherOfficeId, shelter, clinic, users, auth, sessions, caseId: c.id };
}

export async function caseRow(env: TestEnv, id: string): Promise<CaseRow> {
  return env.ctx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function giveSharingConsent(env: TestEnv, w: World, organisationId: string, caseId = w.caseId): Promise<string> {
  const record = await caseRow(env, caseId);
  return inTransaction(env.ctx.db, (tx) =>
    recordConsent(tx, { actorId: w.users.worker.id, record, input: { purpose: 'sharing', given: true, organisationId, origin: 'staff' } }),
  );
}

export async function openAnotherCase(env: TestEnv, w: World): Promise<string> {
  return (await openCase(env.ctx, { actor: w.auth.worker, input: { officeId: w.officeId, source: 'self', ownerId: w.users.worker.id, ...PERSON } })).id;
}

export const REFERRAL_INPUT = {
  service: 'safe_accommodation' as const,
  reason: 'AdditionalServicesRequired' as const,
  details: 'Driver will bring her at 14:00; secret arrangement 7781',
  fields: ['firstName', 'ageBand', 'languages', 'needsSummary', 'safeContact'] as Array<
    'firstName' | 'ageBand' | 'languages' | 'needsSummary' | 'safeContact' | 'medicalNotes' | 'gender' | 'citizenship'
  >,
  needsSummary: 'Needs a safe bed for two weeks',
  safeContact: 'Use the shelter phone only',
};
