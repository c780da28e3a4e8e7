import type { Executor } from '../platform/db/database.js';
import type { CaseRow } from '../cases/cases.table.js';
import { RuleError } from '../platform/http/errors.js';

/**
 * The child safeguards before a durable solution (DOMAIN.md §5): a guardian, an approved best-interests
 * determination and a family assessment. The records live with the case module; until they exist there, a
 * child's case is refused every durable solution (fail closed).
 */
export async function assertChildGates(_db: Executor, record: Pick<CaseRow, 'id' | 'is_child'>): Promise<void> {
  if (!record.is_child) return;
  throw new RuleError('CHILD_SAFEGUARDS_REQUIRED', 'solutions.errors.childSafeguards');
}
