import type { AppContext } from '../platform/context.js';
import { isLocale, type Locale } from '../platform/i18n/i18n.js';
import type { MailMessage } from '../platform/mail/mailer.js';
import type { ReplyTo } from '../reports/reply.service.js';

/*
 * Mail to a reporter who wrote to the reports mailbox. Someone else may read that mailbox: the subject is neutral
 * (no "trafficking", no report, no reference), and the mail carries no case detail — the receipt code and a link
 * to the follow-up page, or the staff member's own words and the same link. An answer goes back to the mailbox
 * the reporter wrote to, where it joins their report.
 */

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function compose(ctx: AppContext, locale: Locale, subject: string, paragraphs: string[], replyTo: ReplyTo): MailMessage {
  const t = ctx.i18n.translator(locale);
  const html = `<!doctype html><html lang="${locale}" dir="${t.dir}"><body>${paragraphs.map((p) => `<p dir="auto">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('')}</body></html>`;
  return {
    to: replyTo.address,
    subject,
    text: `${paragraphs.join('\n\n')}\n`,
    html,
    language: locale,
    ...(replyTo.via ? { replyTo: replyTo.via } : {}),
  };
}

const localeOf = (raw: string): Locale => (isLocale(raw) ? raw : 'en');
const followUp = (ctx: AppContext, locale: Locale) => `${ctx.config.publicUrl}/${locale}/report/follow-up`;

/** The receipt code of an e-mailed report, in the reporter's language. */
export function receiptMail(ctx: AppContext, { rawLocale, code, replyTo }: { rawLocale: string; code: string; replyTo: ReplyTo }): MailMessage {
  const locale = localeOf(rawLocale);
  const t = ctx.i18n.translator(locale);
  const grouped = code.replace(/(\d{4})(?=\d)/g, '$1 ');
  return compose(
    ctx,
    locale,
    t('channels.mail.receiptSubject'),
    [
      t('channels.mail.receiptLead'),
      t('channels.mail.receiptCode', { code: grouped }),
      t('channels.mail.followUp', { link: followUp(ctx, locale) }),
      t('channels.mail.stop'),
    ],
    replyTo,
  );
}

/** A staff message on an e-mailed report: their words, then how to follow up and how to stop. */
export function replyMail(ctx: AppContext, { rawLocale, text, replyTo }: { rawLocale: string; text: string; replyTo: ReplyTo }): MailMessage {
  const locale = localeOf(rawLocale);
  const t = ctx.i18n.translator(locale);
  return compose(
    ctx,
    locale,
    t('channels.mail.replySubject'),
    [text, t('channels.mail.followUp', { link: followUp(ctx, locale) }), t('channels.mail.stop')],
    replyTo,
  );
}
