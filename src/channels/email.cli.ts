import type { AppContext } from '../platform/context.js';
import type { CliCommand } from '../platform/features/feature.js';
import { ValidationError } from '../platform/http/errors.js';
import { ingestEmail, MAX_EMAIL_BYTES } from './email.service.js';

/** sysexits.h: the MTA bounces on EX_DATAERR and retries later on EX_TEMPFAIL. */
const EX_DATAERR = 65;
const EX_TEMPFAIL = 75;

async function readStdin(limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** `abri ingest-email < message.eml`: for a mail server's pipe (Postfix `pipe`, Exim `pipe` transport, procmail). */
export const INGEST_EMAIL_COMMAND: CliCommand = {
  name: 'ingest-email',
  usage: 'abri ingest-email < message.eml',
  description: 'Reads one e-mail on standard input and makes it a report (channel email), or adds it to the sender’s open report',
  async run(ctx: AppContext) {
    const raw = await readStdin(MAX_EMAIL_BYTES);
    if (!raw) {
      process.stderr.write('refused: the message is larger than the limit\n');
      return EX_DATAERR;
    }
    try {
      const r = await ingestEmail(ctx, raw);
      process.stdout.write(`accepted: ${r.outcome} (report ${r.reportId}, ${r.files} files kept, ${r.filesRefused} left out)\n`);
      return 0;
    } catch (e) {
      if (e instanceof ValidationError) {
        const key = Object.values(e.fields)[0] ?? 'channels.errors.email';
        process.stderr.write(`refused: ${ctx.i18n.message('en', key)}\n`);
        return EX_DATAERR;
      }
      process.stderr.write(`failed, try again later: ${e instanceof Error ? e.message : 'unknown error'}\n`);
      return EX_TEMPFAIL;
    }
  },
};
