import type { Executor } from '../platform/db/database.js';
import type { CaseRow } from '../cases/cases.table.js';
import { assertDurableSolutionAllowed } from '../cases/children.js';

/**
 * The child safeguards before a durable solution (DOMAIN.md §5): a guardian, an approved best-interests
 * determination and a family assessment, checked by the case module on the current records (in the caller's
 * transaction).
 */
export async function assertChildGates(db: Executor, record: CaseRow): Promise<void> {
  await assertDurableSolutionAllowed(db, record);
}
