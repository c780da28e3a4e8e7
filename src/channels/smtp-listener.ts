import { readFileSync } from 'node:fs';
import type { SMTPServer, SMTPServerOptions } from 'smtp-server';
import type { InboundSmtpConfig } from '../config.js';
import type { AppContext } from '../platform/context.js';
import { constantTimeEqual } from '../platform/crypto/keys.js';
import { ValidationError } from '../platform/http/errors.js';
import { ingestEmail } from './email.service.js';

/*
 * The reports mailbox's own SMTP server (nodemailer's smtp-server, loaded only when used): mail for the configured
 * addresses only (any other recipient is refused at RCPT TO, so Abri is never an open relay), capped in size, with
 * STARTTLS when a key and certificate are given (and required if asked), and AUTH when a user is configured. Each
 * message accepted is the work of `abri ingest-email`: a report, or a message joining the sender's open report. A
 * message Abri cannot use is refused with a permanent error (the sending server bounces it); a fault of Abri's own
 * with a temporary one (it tries again). Nothing about a sender or a recipient is logged.
 */

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

type SmtpError = Error & { responseCode: number };

function smtpError(code: number, text: string): SmtpError {
  return Object.assign(new Error(text), { responseCode: code });
}

export async function startSmtpListener(ctx: AppContext, config: InboundSmtpConfig): Promise<SmtpListener> {
  // Loaded here, not at the top: a server without the listener never loads it.
  const { SMTPServer: Server } = await import('smtp-server');
  const tls = config.tlsKeyFile && config.tlsCertFile ? { key: readFileSync(config.tlsKeyFile), cert: readFileSync(config.tlsCertFile) } : undefined;
  const accepted = new Set(config.addresses.map((a) => a.toLowerCase()));
  const disabled: string[] = [];
  if (!tls) disabled.push('STARTTLS');
  if (!config.auth) disabled.push('AUTH');
  const options: SMTPServerOptions = {
    logger: false,
    banner: 'Abri reports mailbox',
    size: config.maxBytes,
    disabledCommands: disabled,
    authOptional: !config.auth,
    authMethods: ['PLAIN', 'LOGIN'],
    // Without TLS, AUTH is allowed in clear (a closed network); with TLS, only once encrypted.
    allowInsecureAuth: !tls,
    ...(tls ? { key: tls.key, cert: tls.cert } : {}),
    onAuth(auth, _session, callback) {
      const expected = config.auth;
      if (
        expected &&
        typeof auth.username === 'string' &&
        typeof auth.password === 'string' &&
        constantTimeEqual(auth.username, expected.user) &&
        constantTimeEqual(auth.password, expected.password)
      )
        return callback(null, { user: 'mta' });
      ctx.log.warn({ channel: 'email' }, 'smtp authentication refused');
      return callback(smtpError(535, '5.7.8 Authentication credentials invalid'));
    },
    onMailFrom(_address, session, callback) {
      if (config.requireTls && !session.secure) return callback(smtpError(530, '5.7.0 Must issue a STARTTLS command first'));
      return callback();
    },
    onRcptTo(address, session, callback) {
      // Several of our mailboxes on one message still make one report (the message is read once).
      if (!accepted.has(address.address.trim().toLowerCase()) || session.envelope.rcptTo.length >= 10)
        return callback(smtpError(550, '5.1.1 Mailbox unavailable'));
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= config.maxBytes) chunks.push(c);
      });
      stream.on('error', () => callback(smtpError(451, '4.3.0 Message not received, try again')));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded || size > config.maxBytes) {
          ctx.log.info({ channel: 'email', outcome: 'too_large' }, 'smtp message refused');
          return callback(smtpError(552, '5.3.4 Message too big'));
        }
        const envelopeTo = session.envelope.rcptTo[0]?.address;
        ingestEmail(ctx, Buffer.concat(chunks), envelopeTo ? { envelopeTo } : {})
          .then((r) => {
            ctx.log.info({ channel: 'email', outcome: r.outcome, reportId: r.reportId || undefined }, 'smtp message accepted');
            callback();
          })
          .catch((e: unknown) => {
            if (e instanceof ValidationError) {
              const key = Object.values(e.fields)[0] ?? 'channels.errors.email';
              ctx.log.info({ channel: 'email', outcome: 'refused' }, 'smtp message refused');
              return callback(smtpError(550, `5.6.0 ${ctx.i18n.message('en', key)}`));
            }
            ctx.log.error({ channel: 'email', error: e instanceof Error ? e.name : 'unknown' }, 'smtp message not handled');
            return callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
          });
      });
    },
  };
  const server: SMTPServer = new Server(options);
  // A client that breaks the protocol is the client's problem: logged as a code, never thrown.
  server.on('error', (err: Error & { code?: string }) => ctx.log.warn({ channel: 'email', code: err.code ?? 'error' }, 'smtp listener error'));
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.server.once('error', onError);
    server.listen(config.port, config.host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  ctx.log.info({ port }, 'reports mailbox SMTP listener started');
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
