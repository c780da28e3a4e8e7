import type { Executor } from '../platform/db/database.js';
import { RuleError } from '../platform/http/errors.js';
import { assertDurableSolutionAllowed } from '../cases/index.js';
import { assertConsent } from '../cases/index.js';
import { hasPendingHandover } from './handover.repository.js';
import type { OnCase } from './solutions.service.js';

/**
 * The gates every change of a durable solution passes, checked in the service that writes it (in its
 * transaction), so that no route, HTML or API, can skip one:
 * - `child`: a child's case needs a guardian in office, an approved best-interests determination and a family
 *   assessment (DOMAIN.md §5), read from the current records; adults pass;
 * - `consent`: the person's own 'return' or 'transfer' consent, where the step needs it;
 * - `notPending`: while a hand-over waits for the receiving office's answer, the solution it was sent with stays
 *   as it is (the receiving office decides on what it was shown).
 */
export interface Gates {
  child?: boolean;
  consent?: { purpose: 'return' | 'transfer'; action: string } | undefined;
  notPending?: boolean;
}

export async function assertGates(tx: Executor, on: Pick<OnCase, 'actor' | 'record'>, gates: Gates): Promise<void> {
  if (gates.child) await assertDurableSolutionAllowed(tx, on.record);
  if (gates.consent) await assertConsent(tx, { actor: on.actor, record: on.record, purpose: gates.consent.purpose, opts: { action: gates.consent.action } });
  if (gates.notPending && (await hasPendingHandover(tx, on.record.id))) throw new RuleError('HANDOVER_PENDING', 'solutions.errors.handoverWaiting');
}

/** The gates of every change after the decision: the child safeguards and no hand-over waiting. */
export const SOLUTION_GATES: Gates = { child: true, notPending: true };
