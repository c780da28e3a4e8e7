import type { AppContext } from '../platform/context.js';
import type { CliCommand, Listener } from '../platform/features/feature.js';
import { startSmtpListener } from './smtp-listener.js';

/** With EMAIL_INBOUND_SMTP_PORT set, the server runs the reports mailbox's SMTP listener beside HTTP. */
export const SMTP_LISTENER: Listener = {
  name: 'channels.smtp',
  async start(ctx: AppContext) {
    const config = ctx.config.channels.inboundSmtp;
    if (!config) return undefined;
    const listener = await startSmtpListener(ctx, config);
    return () => listener.close();
  },
};

/** `abri smtp-listen`: the same listener on its own, for a host where the HTTP server runs elsewhere. */
export const SMTP_LISTEN_COMMAND: CliCommand = {
  name: 'smtp-listen',
  usage: 'abri smtp-listen',
  description: 'Runs the reports mailbox SMTP listener (EMAIL_INBOUND_SMTP_PORT, EMAIL_INBOUND_ADDRESSES...) until stopped',
  async run(ctx: AppContext) {
    const config = ctx.config.channels.inboundSmtp;
    if (!config) {
      process.stderr.write('not configured: set EMAIL_INBOUND_SMTP_PORT and EMAIL_INBOUND_ADDRESSES\n');
      return 78; // EX_CONFIG
    }
    const listener = await startSmtpListener(ctx, config);
    process.stdout.write(`reports mailbox listening on port ${listener.port}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await listener.close();
    return 0;
  },
};
