import type { AuthUser } from '../../platform/auth/auth-user.js';
import type { AppContext } from '../../platform/context.js';
import { inTransaction } from '../../platform/db/database.js';
import { ForbiddenError, RuleError } from '../../platform/http/errors.js';
import { newId, nowIso } from '../../platform/ids.js';
import { isClosedStatus, laterStage } from '../case-values.js';
import { touchCase } from '../cases.repository.js';
import { can } from '../cases.policy.js';
import type { CaseRow } from '../cases.table.js';
import { assertConsent, hasConsent } from '../consent.js';
import { contextKeyLabel, screeningNotesKeyLabel, type TraffickingContext } from '../person.js';
import { contextWithScreening, screeningFromContext } from './context-facts.js';
import * as repo from './screening.repository.js';
import { type Reason, type ScreeningInput, screen } from './screening-rules.js';
import { recordCaseEvent } from '../case-events.js';

declare module '../../platform/audit/audit.js' {
  interface AuditEvents {
    'case.screened': { screeningId: string; outcome: string; listId: string; listVersion: string; consentOverridden: boolean; contextFilled?: string[] };
  }
}

/**
 * Records a screening. The server refuses it without the person's consent to screening (or a supervisor's audited
 * override with a reason), whatever the page or API client did.
 */
export async function recordScreening(
  ctx: AppContext,
  {
    actor,
    record,
    input,
  }: { actor: AuthUser; record: CaseRow; input: Omit<ScreeningInput, 'isChild'> & { notes?: string | undefined; overrideReason?: string | undefined } },
): Promise<{ id: string; outcome: string }> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  if (record.cas_status === 'Closed' || record.cas_status === 'ClosedReferred') throw new RuleError('CASE_CLOSED', 'cases.closure.isClosed');
  const result = screen({ ...input, isChild: record.is_child === 1 });
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await assertConsent(tx, {
      actor,
      record,
      purpose: 'screening',
      opts: {
        action: 'screening',
        ...(input.overrideReason ? { override: { reason: input.overrideReason } } : {}),
      },
    });
    await repo.insertScreening(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      list_id: result.listId,
      list_version: result.listVersion,
      is_child: record.is_child,
      elements: JSON.stringify({ acts: input.acts, means: input.means, purposes: input.purposes, exploitation: input.exploitation }),
      indicators: JSON.stringify([...new Set(input.indicators)]),
      outcome: result.outcome,
      reasons: JSON.stringify(result.reasons),
      notes_enc: input.notes ? await ctx.keys.encrypt(record.office_id, input.notes, { aad: screeningNotesKeyLabel(id), db: tx }) : null,
      screened_by: actor.id,
      created_at: nowIso(),
    });
    // The screening's facts fill the case's trafficking context (one set of facts, entered once).
    const before = record.context_enc ? await ctx.keys.decrypt<TraffickingContext>(record.context_enc, contextKeyLabel(record.id)) : {};
    const filled = contextWithScreening(before, { means: input.means, purposes: input.purposes, indicators: input.indicators });
    await touchCase(tx, record.id, {
      stage: laterStage(record.stage, 'screening'),
      ...(filled.fields.length ? { context_enc: await ctx.keys.encrypt(record.office_id, filled.context, { aad: contextKeyLabel(record.id), db: tx }) } : {}),
    });
    await recordCaseEvent(tx, {
      actorId: actor.id,
      record,
      type: 'case.screened',
      data: {
        screeningId: id,
        outcome: result.outcome,
        listId: result.listId,
        listVersion: result.listVersion,
        consentOverridden: !!input.overrideReason,
        contextFilled: filled.fields,
      },
    });
  });
  return { id, outcome: result.outcome };
}

export async function screenings(ctx: AppContext, caseId: string) {
  const rows = await repo.screeningRows(ctx.db, caseId);
  return Promise.all(
    rows.map(async (r) => ({
      ...r,
      reasonList: JSON.parse(r.reasons) as Reason[],
      elementsObj: JSON.parse(r.elements) as { acts: string[]; means: string[]; purposes: string[]; exploitation: string },
      indicatorList: JSON.parse(r.indicators) as string[],
      notes: r.notes_enc ? await ctx.keys.decrypt<string>(r.notes_enc, screeningNotesKeyLabel(r.id)) : '',
    })),
  );
}

/** What the screening page shows this user: the latest screening, whether consent is there, what they may do. */
export async function screeningModel(ctx: AppContext, actor: AuthUser, record: CaseRow) {
  return {
    record,
    consented: await hasConsent(ctx.db, { caseId: record.id, purpose: 'screening' }),
    canOverride: can(actor, 'override-consent', record),
    canDecide: can(actor, 'decide', record),
    latest: (await screenings(ctx, record.id))[0],
    closed: isClosedStatus(record.cas_status),
    // The form starts from the case's trafficking context: the same facts, entered once.
    prefill: record.context_enc ? screeningFromContext(await ctx.keys.decrypt<TraffickingContext>(record.context_enc, contextKeyLabel(record.id))) : undefined,
  };
}
