import { clearPageCache } from '../platform/views/page-cache.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import { recordAccess, recordEvent } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { type Executor, inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, RuleError, StaleVersionError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { can } from './comments.policy.js';
import * as repo from './comments.repository.js';
import type { CommentStatus } from './comments.table.js';
import { detectFlags, type FlagReason } from './detection.js';
import type { ApprovedEntry, PublicComment, QueueEntry } from './comments.views.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'comment.received': { status: string; reasons: string[] };
    'comment.moderated': { decision: string };
    'comment.replied': { parentId: string };
    'comment.triaged': Record<string, never>;
  }
}

export interface NewComment {
  itemId: string;
  officeId: string | null;
  locale: string;
  name?: string | undefined;
  email?: string | undefined;
  body: string;
}

/**
 * Stores a visitor's comment, always waiting for moderation. One that holds contact details or reads like a real
 * situation is held instead: never published, shown to triage.
 */
export async function submitComment(ctx: AppContext, input: NewComment): Promise<{ id: string; held: boolean; reasons: FlagReason[] }> {
  const reasons = detectFlags(input.name ?? '', input.body);
  const held = reasons.length > 0;
  const id = newId();
  const now = nowIso();
  const status: CommentStatus = held ? 'held' : 'pending';
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertComment(tx, {
      id, item_id: input.itemId, parent_id: null, office_id: input.officeId, locale: input.locale, status,
      name_enc: input.name ? await ctx.keys.encrypt(input.officeId, input.name, { aad: `comments.name:${id}`, db: tx }) : null,
      email_enc: input.email ? await ctx.keys.encrypt(input.officeId, input.email, { aad: `comments.email:${id}`, db: tx }) : null,
      body_enc: await ctx.keys.encrypt(input.officeId, input.body, { aad: `comments.body:${id}`, db: tx }),
      published_name: null, published_body: null, author_user_id: null,
      flagged: held ? 1 : 0, flag_reasons: JSON.stringify(reasons), triage_status: held ? 'open' : null,
      moderated_by: null, moderated_at: null, created_at: now, updated_at: now,
    });
    await recordEvent(tx, { type: 'comment.received', officeId: input.officeId, subjectType: 'comment', subjectId: id, data: { status, reasons } });
  });
  return { id, held, reasons };
}

async function decrypted(ctx: AppContext, id: string, nameEnc: string | null, bodyEnc: string | null) {
  const name = nameEnc ? await ctx.keys.decrypt<string>(nameEnc, `comments.name:${id}`) : '';
  const body = bodyEnc ? await ctx.keys.decrypt<string>(bodyEnc, `comments.body:${id}`) : '';
  return { name, body };
}

/** Waiting and held comments for moderators; reading held ones is recorded, as they may hold personal data. */
export async function moderationQueue(ctx: AppContext, user: AuthUser): Promise<QueueEntry[]> {
  if (!can(user, 'moderate')) throw new ForbiddenError();
  const rows = await repo.listQueue(ctx.db, ['pending', 'held']);
  const out: QueueEntry[] = [];
  for (const r of rows) {
    const { name, body } = await decrypted(ctx, r.id, r.name_enc, r.body_enc);
    if (r.flagged) await recordAccess(ctx.db, { officeId: null, actorId: user.id, action: 'read', subjectType: 'comment', subjectId: r.id });
    out.push({ id: r.id, itemKey: r.itemKey, locale: r.locale, status: r.status, name, body, flagged: r.flagged === 1, reasons: JSON.parse(r.flag_reasons) as FlagReason[], version: r.version, createdAt: r.created_at });
  }
  return out;
}

export async function moderate(
  ctx: AppContext,
  { user, id, decision, version }: { user: AuthUser; id: string; decision: 'approve' | 'reject' | 'spam'; version: number },
): Promise<void> {
  if (!can(user, 'moderate')) throw new ForbiddenError();
  const c = await repo.findComment(ctx.db, id);
  if (!c) throw new NotFoundError();
  if (c.version !== version) throw new StaleVersionError();
  // A held comment may hold a person's details or a cry for help: it is never published, whoever asks.
  if (decision === 'approve' && c.flagged) throw new RuleError('COMMENT_HELD', 'comments.errors.heldNeverPublished');
  const now = nowIso();
  const plain = decision === 'approve' ? await decrypted(ctx, c.id, c.name_enc, c.body_enc) : undefined;
  const status: CommentStatus = decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'spam';
  await inTransaction(ctx.db, async (tx, onCommit) => {
    const ok = await repo.updateComment(tx, {
      id,
      version,
      changes: {
        status,
        moderated_by: user.id,
        moderated_at: now,
        updated_at: now,
        published_name: plain?.name ?? null,
        published_body: plain?.body ?? null,
        // Spam and rejected comments keep nothing readable of what was typed.
        ...(decision === 'approve' || c.flagged ? {} : { name_enc: null, body_enc: null, email_enc: null }),
      },
    });
    if (!ok) throw new StaleVersionError();
    await recordEvent(tx, { type: 'comment.moderated', officeId: c.office_id, actorId: user.id, subjectType: 'comment', subjectId: id, data: { decision } });
    onCommit(clearPageCache);
  });
}

/** A staff reply to an approved visitor comment: published at once under the organisation's name, one level deep. */
export async function reply(
  ctx: AppContext,
  { user, parentId, body, staffName }: { user: AuthUser; parentId: string; body: string; staffName: string },
): Promise<void> {
  if (!can(user, 'reply')) throw new ForbiddenError();
  const parent = await repo.findComment(ctx.db, parentId);
  if (!parent) throw new NotFoundError();
  if (parent.parent_id || parent.status !== 'approved') throw new RuleError('COMMENT_REPLY', 'comments.errors.replyOnlyApproved');
  const id = newId();
  const now = nowIso();
  await inTransaction(ctx.db, async (tx, onCommit) => {
    await repo.insertComment(tx, {
      id, item_id: parent.item_id, parent_id: parent.id, office_id: parent.office_id, locale: parent.locale, status: 'approved',
      name_enc: null, email_enc: null, body_enc: null, published_name: staffName, published_body: body, author_user_id: user.id,
      flag_reasons: '[]', triage_status: null, moderated_by: user.id, moderated_at: now, created_at: now, updated_at: now,
    });
    await recordEvent(tx, { type: 'comment.replied', officeId: parent.office_id, actorId: user.id, subjectType: 'comment', subjectId: id, data: { parentId: parent.id } });
    onCommit(clearPageCache);
  });
}

/** An article's published thread in one language: visitor comments oldest first, each with its staff replies. */
export async function publicThread(db: Executor, itemId: string, locale: string): Promise<PublicComment[]> {
  const rows = await repo.listApprovedThread(db, itemId, locale);
  const top: PublicComment[] = [];
  const byId = new Map<string, PublicComment>();
  for (const r of rows) {
    const c: PublicComment = { id: r.id, name: r.published_name ?? '', body: r.published_body ?? '', createdAt: r.created_at, staff: r.author_user_id !== null, replies: [] };
    if (r.parent_id) byId.get(r.parent_id)?.replies.push(c);
    else {
      top.push(c);
      byId.set(r.id, c);
    }
  }
  return top;
}

/** Approved visitor comments a moderator may answer (their published copies only). */
export async function approvedComments(ctx: AppContext, user: AuthUser): Promise<ApprovedEntry[]> {
  if (!can(user, 'moderate')) throw new ForbiddenError();
  const rows = await repo.listApproved(ctx.db);
  return rows.map((r) => ({ id: r.id, name: r.published_name ?? '', body: r.published_body ?? '', itemKey: r.key, createdAt: r.created_at }));
}

/** A comment's current version, for a change that must name it (the demo's moderation). */
export async function commentVersion(db: Executor, id: string): Promise<number | undefined> {
  return (await repo.findComment(db, id))?.version;
}

/** A visitor's email address, for a moderator who replies to them privately; every reading is recorded. */
export async function revealEmail(ctx: AppContext, user: AuthUser, id: string): Promise<string> {
  if (!can(user, 'reply')) throw new ForbiddenError();
  const c = await repo.findComment(ctx.db, id);
  if (!c?.email_enc) throw new NotFoundError();
  await recordAccess(ctx.db, { officeId: c.office_id, actorId: user.id, action: 'read_email', subjectType: 'comment', subjectId: id });
  return ctx.keys.decrypt<string>(c.email_enc, `comments.email:${id}`);
}

/**
 * Held comments that read like a report or hold personal data, for the triage queue. Ids, reasons and dates only;
 * `readFlaggedComment` decrypts one for a person entitled to see it.
 */
export async function listFlaggedComments(db: Executor, officeId?: string) {
  const rows = await repo.listFlagged(db, officeId);
  return rows.map((r) => ({ id: r.id, itemId: r.item_id, officeId: r.office_id, locale: r.locale, reasons: JSON.parse(r.flag_reasons) as FlagReason[], triageStatus: r.triage_status, createdAt: r.created_at, version: r.version }));
}

export async function readFlaggedComment(ctx: AppContext, user: AuthUser, id: string): Promise<{ name: string; email: string; body: string }> {
  if (!can(user, 'triage')) throw new ForbiddenError();
  const c = await repo.findComment(ctx.db, id);
  if (!c?.flagged) throw new NotFoundError();
  await recordAccess(ctx.db, { officeId: c.office_id, actorId: user.id, action: 'read', subjectType: 'comment', subjectId: id });
  const { name, body } = await decrypted(ctx, c.id, c.name_enc, c.body_enc);
  const email = c.email_enc ? await ctx.keys.decrypt<string>(c.email_enc, `comments.email:${id}`) : '';
  return { name, email, body };
}

/** Triage marks a held comment as dealt with (for example, once it has become a report). */
export async function markFlaggedHandled(ctx: AppContext, { user, id, version }: { user: AuthUser; id: string; version: number }): Promise<void> {
  if (!can(user, 'triage')) throw new ForbiddenError();
  const c = await repo.findComment(ctx.db, id);
  if (!c?.flagged) throw new NotFoundError();
  await inTransaction(ctx.db, async (tx) => {
    const ok = await repo.updateComment(tx, { id, version, changes: { triage_status: 'handled', updated_at: nowIso() } });
    if (!ok) throw new StaleVersionError();
    await recordEvent(tx, { type: 'comment.triaged', officeId: c.office_id, actorId: user.id, subjectType: 'comment', subjectId: id, data: {} });
  });
}
