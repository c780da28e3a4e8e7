import { type AuditEvents, type AuditEventType, recordEvent } from '../platform/audit/audit.js';
import type { Executor } from '../platform/db/database.js';

/** Writes a case's typed audit event (in the change's transaction): who did it, to which case, in which office. */
export function recordCaseEvent<K extends AuditEventType>(
  db: Executor,
  opts: { actorId: string | null; record: { id: string; office_id: string }; type: K; data: AuditEvents[K] },
): Promise<string> {
  return recordEvent(db, {
    type: opts.type,
    officeId: opts.record.office_id,
    actorId: opts.actorId,
    subjectType: 'case',
    subjectId: opts.record.id,
    data: opts.data,
  });
}
