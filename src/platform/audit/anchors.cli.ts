import type { CliCommand } from '../features/feature.js';
import { anchorPath, writeAnchor } from './anchors.js';

/** `abri anchor-audit`: appends an anchor now (the scheduler does it every 10 minutes), e.g. before a backup. */
export const anchorAuditCommand: CliCommand = {
  name: 'anchor-audit',
  usage: 'anchor-audit',
  description: 'append the audit chains\' heads to the anchor file now',
  run: async (ctx) => {
    const a = await writeAnchor(ctx);
    console.log(`anchored ${Object.keys(a.chains).length} chains, ${a.rows} rows, to ${anchorPath(ctx)}`);
    return 0;
  },
};
