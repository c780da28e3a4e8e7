import type { Executor } from '../platform/db/database.js';

/**
 * What the dashboards read besides their pre-counted figures (rollup.ts): the offices in scope.
 */

export async function officeList(db: Executor, ids: readonly string[] | 'all'): Promise<Array<{ id: string; code: string; name: string; country: string }>> {
  let q = db.selectFrom('offices').select(['id', 'code', 'name', 'country']).orderBy('code');
  if (ids !== 'all') {
    if (ids.length === 0) return [];
    q = q.where('id', 'in', ids);
  }
  return q.execute();
}
