import type { AppContext } from './platform/context.js';
import { exportCtdcCommand } from './dashboards/ctdc.js';
import { importCtdcCommand } from './stats/stats.cli.js';
import { anchorAuditCommand } from './platform/audit/anchors.cli.js';

export interface CliCommand {
  name: string;
  usage: string;
  description: string;
  run(ctx: AppContext, args: { values: Record<string, string | boolean | undefined>; positionals: string[] }): Promise<number>;
}

/** Commands that features add (import-ctdc, export-ctdc...); cli.ts lists and runs them. */
export const CLI_COMMANDS: CliCommand[] = [importCtdcCommand, exportCtdcCommand, anchorAuditCommand];
