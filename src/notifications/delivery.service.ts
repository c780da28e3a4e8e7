import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { isLocale, type Locale } from '../platform/i18n/i18n.js';
import { newId } from '../platform/ids.js';
import { MailError, type Mailer, type MailMessage, openMailer } from '../platform/mail/mailer.js';
import * as repo from './notifications.repository.js';

/*
 * Sending what the outbox holds, after the changes that wrote it committed: each row is tried, and on failure tried
 * again later (1 minute, doubling up to 1 hour), so a mail-server outage delays mail and loses none. A row is
 * marked sent only after the server accepted it; the job's lease keeps two processes from sending the same row.
 */

export const MAX_ATTEMPTS = 30;
/** A mail the server refused for good (5xx) is tried this many times, then given up. */
export const MAX_PERMANENT_ATTEMPTS = 3;

export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The whole of a notification mail: a fixed sentence and a link to the app, in the person's language. It is built
 * from the recipient's language and a count only, so it cannot carry a name, a narrative, a place or a case number.
 */
export function composeMail(ctx: AppContext, { to, kind, items }: { to: { email: string; locale: string }; kind: string; items: number }): MailMessage {
  const locale: Locale = isLocale(to.locale) ? to.locale : 'en';
  const t = ctx.i18n.translator(locale);
  const link = `${ctx.config.publicUrl}/staff/notifications`;
  const subject = kind === 'digest' ? t('notifications.mail.digestSubject', { count: items }) : t('notifications.mail.subject');
  const lead = kind === 'digest' ? t('notifications.mail.digestLead', { count: items }) : t('notifications.mail.lead');
  const paragraphs = [t('notifications.mail.greeting'), lead, t('notifications.mail.signIn'), t('notifications.mail.why')];
  const text = [paragraphs[0], '', paragraphs[1], `${paragraphs[2]} ${link}`, '', paragraphs[3], ''].join('\n');
  const dir = t.dir;
  const html = `<!doctype html><html lang="${locale}" dir="${dir}"><body><p>${escapeHtml(paragraphs[0] ?? '')}</p><p>${escapeHtml(paragraphs[1] ?? '')}</p><p>${escapeHtml(paragraphs[2] ?? '')} <a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p><p>${escapeHtml(paragraphs[3] ?? '')}</p></body></html>`;
  return { to: to.email, subject, text, html, language: locale };
}

export interface DeliveryResult {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Sends every outbox row due at `now`. Without SMTP_URL (and no mailer given) nothing is sent and nothing changes.
 * Tests pass `now` to step over the backoff.
 */
export async function deliverOutbox(ctx: AppContext, opts: { now?: Date; mailer?: Mailer } = {}): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retried: 0, failed: 0 };
  const mailer = opts.mailer ?? (await openMailer(ctx.config));
  if (!mailer) return result;
  const now = opts.now ?? new Date();
  // Well inside the job's one-minute lease, so that no other process takes it while mail is still going out.
  const stopAt = Date.now() + 40_000;
  try {
    for (;;) {
      if (Date.now() > stopAt) return result;
      const batch = await repo.dueOutbox(ctx.db, now.toISOString(), 50);
      for (const row of batch) {
        if (row.active !== 1) {
          await repo.settleOutbox(ctx.db, { id: row.id, attempts: row.attempts, set: { status: 'cancelled' } });
          continue;
        }
        try {
          await mailer.send(composeMail(ctx, { to: row, kind: row.kind, items: row.items }));
          await repo.settleOutbox(ctx.db, {
            id: row.id,
            attempts: row.attempts,
            set: {
              status: 'sent',
              attempts: row.attempts + 1,
              sent_at: new Date().toISOString(),
              last_error: null,
            },
          });
          result.sent++;
        } catch (err) {
          const e = err instanceof MailError ? err : new MailError('ERROR', false);
          const attempts = row.attempts + 1;
          const giveUp = attempts >= (e.permanent ? MAX_PERMANENT_ATTEMPTS : MAX_ATTEMPTS);
          await repo.settleOutbox(ctx.db, {
            id: row.id,
            attempts: row.attempts,
            set: {
              status: giveUp ? 'failed' : 'pending',
              attempts,
              last_error: e.code,
              next_attempt_at: new Date(now.getTime() + retryDelayMs(attempts)).toISOString(),
            },
          });
          if (giveUp) result.failed++;
          else result.retried++;
          // The code only: never the address, never the server's text.
          ctx.log.warn({ outboxId: row.id, code: e.code, attempts, giveUp }, 'notification mail not sent');
          // The server is unreachable: the rest of the batch would fail the same way; try them at the next run.
          if (!e.permanent) return result;
        }
      }
      if (batch.length < 50) return result;
    }
  } finally {
    if (!opts.mailer) mailer.close();
  }
}

/** The local date and hour at `now` in a time zone (an unknown zone reads as UTC). */
export function localDayHour(now: Date, timeZone: string): { day: string; hour: number } {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).formatToParts(
      now,
    );
  } catch {
    parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'UTC',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(now);
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { day: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
}

/** The digest goes out from this local hour, once a local day. */
export const DIGEST_HOUR = 8;

/**
 * The daily digest: for each person who chose it and has notifications waiting, once a day from 08:00 in their own
 * time zone, one mail saying how many things wait. Written to the outbox (and so retried like any mail).
 */
export async function queueDigests(ctx: AppContext, now = new Date()): Promise<number> {
  if (!ctx.config.smtpUrl) return 0;
  let queued = 0;
  for (const c of await repo.digestCandidates(ctx.db)) {
    const { day, hour } = localDayHour(now, c.time_zone);
    if (hour < DIGEST_HOUR || c.last_digest_on === day) continue;
    await inTransaction(ctx.db, async (tx) => {
      const items = await repo.takeDigest(tx, c.user_id);
      if (items === 0) return;
      const at = now.toISOString();
      await repo.insertOutbox(tx, { id: newId(now.getTime()), user_id: c.user_id, kind: 'digest', items, next_attempt_at: at, created_at: at });
      await repo.setLastDigest(tx, { userId: c.user_id, day, at });
      queued++;
    });
  }
  return queued;
}

/** Sent mails are forgotten after 30 days, read notifications after 90, unread ones after a year. */
export function purgeNotifications(ctx: AppContext, now = new Date()): Promise<number> {
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  return repo.purgeOld(ctx.db, { outboxBefore: ago(30), readBefore: ago(90), unreadBefore: ago(365) });
}
