
import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from './config.js';
import { insertUser, replaceMemberships, findUserByEmail } from './platform/auth/auth.repository.js';
import { issueLink } from './platform/auth/auth.service.js';
import { recordEvent } from './platform/audit/audit.js';
import { describeVerify, verifyAuditWithAnchors } from './platform/audit/anchors.js';
import { OPS_HELP, runOpsCommand } from './platform/backup.cli.js';
import { startContext } from './platform/bootstrap.js';
import { runJobOnce } from './platform/jobs/scheduler.js';
import { jobsCommand } from './platform/jobs/jobs.cli.js';
import { newId } from './platform/ids.js';
import { FEATURES } from './features.js';
import { type CliCommand, featureCommands, featureJobs } from './platform/features/feature.js';

const CLI_COMMANDS = featureCommands(FEATURES);

const HELP = `Usage: npm run abri -- <command> [options]

Commands:
  migrate                 apply database migrations
  create-admin --email E --name N
                          create a global administrator and print a one-time set-password link
  seed-demo               load demonstration offices, partners and one user per role (needs ABRI_DEMO=true)
  verify-audit            check the audit hash chains and the anchor file; exit 1 naming each tampering
  rotate-keys             new master key, data keys re-wrapped (no downtime); new data keys for new writes
${OPS_HELP}  purge                   run every job now (retention purges, reminders, counts) and print what each did
  jobs                    list every job: schedule, last run, result, next run
  jobs run NAME           run one job now and print what it did
${CLI_COMMANDS.map((c) => `  ${c.usage.padEnd(24)}${c.description}`).join('\n')}
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(HELP);
    return command ? 0 : 1;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      out: { type: 'string' },
      in: { type: 'string' },
      force: { type: 'boolean' },
      office: { type: 'string' },
      format: { type: 'string' },
      k: { type: 'string' },
    },
    allowPositionals: true,
    strict: false,
  });
  const positionals = rest.filter((a) => !a.startsWith('--'));

  const ops = await runOpsCommand(command, rest, config);
  if (ops !== undefined) return ops;

  const { ctx, migrations } = await startContext(config, { log: (await import('./platform/logger.js')).createLogger('warn') });
  try {
    switch (command) {
      case 'migrate':
        console.log(migrations.length ? `applied ${migrations.length} migrations:\n  ${migrations.join('\n  ')}` : 'database is up to date');
        return 0;
      case 'create-admin': {
        const email = typeof values.email === 'string' ? values.email.trim().toLowerCase() : '';
        const name = typeof values.name === 'string' ? values.name.trim() : '';
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || !name) {
          console.error('create-admin needs --email and --name');
          return 1;
        }
        if (await findUserByEmail(ctx.db, email)) {
          console.error('a user with this email already exists');
          return 1;
        }
        const id = newId();
        await ctx.db.transaction().execute(async (tx) => {
          await insertUser(tx, { id, email, display_name: name, password_hash: null, totp_secret_enc: null, totp_enabled_at: null, totp_last_step: null, locale: 'en', time_zone: 'UTC', organisation_id: null, locked_until: null, password_changed_at: null, last_sign_in_at: null });
          await replaceMemberships(tx, id, [{ role: 'administrator', officeId: null, organisationId: null }]);
          await recordEvent(tx, { type: 'user.created', subjectType: 'user', subjectId: id, data: { roles: ['administrator'] } });
        });
        console.log(`administrator created. One-time link to set the password (expires in 3 days):\n  ${await issueLink(ctx, { purpose: 'set-password', userId: id, createdBy: null })}`);
        return 0;
      }
      case 'verify-audit': {
        const r = await verifyAuditWithAnchors(ctx);
        for (const line of describeVerify(r)) console.log(line);
        return r.ok ? 0 : 1;
      }
      case 'rotate-keys': {
        const r = await ctx.keys.rotate();
        await recordEvent(ctx.db, { type: 'keys.rotated', data: { master: r.master, rewrapped: r.rewrapped } });
        console.log(`new master key ${r.master}; ${r.rewrapped} data keys re-wrapped; ${r.newDataKeys} new office data keys`);
        console.log(`the retired master key ${r.retiredMaster} was moved to ${r.archive}: keep it with backups made before today, or destroy it`);
        return 0;
      }
      case 'jobs':
        return await jobsCommand(ctx, featureJobs(FEATURES), positionals);
      case 'purge': {
        for (const job of featureJobs(FEATURES)) console.log(`${job.name}: ${(await runJobOnce(ctx, job)) ?? 'skipped (another process holds the lease)'}`);
        return 0;
      }
      case 'seed-demo': {
        if (!config.demo) {
          console.error('seed-demo writes invented people into the database: it runs only with ABRI_DEMO=true');
          return 1;
        }
        const { seedDemo } = await import('./demo/seed-demo.js');
        const r = await seedDemo(ctx);
        console.log(r);
        return 0;
      }
      default: {
        const extra: CliCommand | undefined = CLI_COMMANDS.find((c) => c.name === command);
        if (extra) return await extra.run(ctx, { values, positionals });
        console.error(`unknown command: ${command}\n`);
        process.stdout.write(HELP);
        return 1;
      }
    }
  } finally {
    await ctx.database.close();
  }
}


main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
