import { buildApp } from './app.js';
import { followPrimary, isClusterPrimary, isClusterWorker, runPrimary } from './cluster.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { countUsers } from './platform/auth/auth.repository.js';
import { issueLink } from './platform/auth/auth.service.js';
import { startContext } from './platform/bootstrap.js';
import { FEATURES } from './features.js';
import { featureJobs, featureListeners } from './platform/features/feature.js';
import { startScheduler } from './platform/jobs/scheduler.js';
import { createLogger } from './platform/logger.js';
import type { AppContext } from './platform/context.js';

/** Prints the one-time setup link while no user exists (printed, not logged: it is a secret for whoever installs Abri). */
async function offerSetupLink(ctx: AppContext): Promise<void> {
  if ((await countUsers(ctx.db)) > 0) return;
  const link = await issueLink(ctx, { purpose: 'setup', userId: null, createdBy: null });
  process.stdout.write(`\nAbri is running. Create the first administrator within 24 hours with this one-time link:\n\n  ${link}\n\n`);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  if (isClusterPrimary(config)) {
    // WORKERS=N: this process migrates, makes the first keys and the setup link, then only forks and watches.
    const log = createLogger(config.logLevel);
    return runPrimary(config, log, async () => {
      const { ctx, createdKey, migrations } = await startContext(config, { log });
      if (createdKey) ctx.log.info('created the master key file in the data directory (mode 0600): back it up separately from the database');
      if (migrations.length > 0) ctx.log.info({ migrations: migrations.length }, 'database migrated');
      await offerSetupLink(ctx);
      await ctx.database.close();
    });
  }
  const { ctx, createdKey, migrations } = await startContext(config);
  if (createdKey) ctx.log.info('created the master key file in the data directory (mode 0600): back it up separately from the database');
  if (migrations.length > 0) ctx.log.info({ migrations: migrations.length }, 'database migrated');

  const app = await buildApp({ ctx });
  const stopJobs = config.jobs ? startScheduler(ctx, featureJobs(FEATURES)) : () => undefined;

  // Other listeners of the features (the reports mailbox's SMTP server), each only when configured.
  const stopListeners: Array<() => Promise<void>> = [];
  for (const listener of featureListeners(FEATURES)) {
    const stop = await listener.start(ctx);
    if (stop) stopListeners.push(stop);
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    ctx.log.info({ signal }, 'shutting down');
    stopJobs();
    for (const stop of stopListeners) await stop().catch(() => undefined);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    await ctx.database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  followPrimary((signal) => void shutdown(signal));

  // The log line names the port only: log lines carry no address of any kind.
  await app.listen({ port: config.port, host: config.host, listenTextResolver: () => `Abri listening on port ${config.port}` });

  // Under WORKERS=N the primary offered the link before forking.
  if (!isClusterWorker()) await offerSetupLink(ctx);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
