import type { Config } from '../../config.js';

/** One mail to one person. Notification mails are content-free; this module does not know what they say. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Content-Language of the body. */
  language: string;
  /** Where an answer should go, when not to the From (a reporter answering into the reports mailbox). */
  replyTo?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * A failed send, reduced to what may be stored and logged: a code (ECONNREFUSED, ETIMEDOUT, 450, 550...), never the
 * server's text, which may quote the address. `permanent` when the server refused for good (a 5xx reply).
 */
export class MailError extends Error {
  constructor(
    readonly code: string,
    readonly permanent: boolean,
  ) {
    super(`mail not sent: ${code}`);
  }
}

/**
 * The mail transport of SMTP_URL (nodemailer, loaded only when mail is configured), or undefined when SMTP_URL is
 * unset: then no mail is sent and notifications stay in the app.
 */
export async function openMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Promise<Mailer | undefined> {
  if (!config.smtpUrl) return undefined;
  const nodemailer = (await import('nodemailer')).default;
  // A server that hangs must not hold the delivery job past its lease (one minute): short timeouts, then a retry.
  // Options given in the URL's query string win over these.
  const transport = nodemailer.createTransport(
    { url: config.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 },
    { from: config.mailFrom },
  );
  return {
    async send(message) {
      try {
        await transport.sendMail({
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          ...(message.replyTo ? { replyTo: message.replyTo } : {}),
          headers: { 'Content-Language': message.language, 'Auto-Submitted': 'auto-generated' },
        });
      } catch (err) {
        throw toMailError(err);
      }
    },
    close: () => transport.close(),
  };
}

function toMailError(err: unknown): MailError {
  const e = err as { code?: unknown; responseCode?: unknown };
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  if (responseCode !== undefined) return new MailError(String(responseCode), responseCode >= 500 && responseCode < 600);
  const code = typeof e.code === 'string' && /^[A-Z_]{2,40}$/.test(e.code) ? e.code : 'ERROR';
  return new MailError(code, false);
}
