import { buildApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { countUsers } from './platform/auth/auth.repository.js';
import { issueLink } from './platform/auth/auth.service.js';
import { startContext } from './platform/bootstrap.js';
import { FEATURES } from './features.js';
import { featureJobs, featureListeners } from './platform/features/feature.js';
import { startScheduler } from './platform/jobs/scheduler.js';

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

  // The log line names the port only: log lines carry no address of any kind.
  await app.listen({ port: config.port, host: config.host, listenTextResolver: () => `Abri listening on port ${config.port}` });

  if ((await countUsers(ctx.db)) === 0) {
    const link = await issueLink(ctx, 'setup', null, null);
    // Printed, not logged: the link is a secret for whoever installs Abri, and log lines never carry secrets.
    process.stdout.write(`\nAbri is running. Create the first administrator within 24 hours with this one-time link:\n\n  ${link}\n\n`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
