/**
 * Preloaded into the server by bench/intake.ts (`node --import tsx --import ./bench/intake-probe.ts src/server.ts`):
 * the event-loop delay histogram, the event-loop utilisation and the process's CPU time, read over the IPC channel
 * so the bench can bracket exactly its intake window. Nothing of it runs in production.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 5 });
histogram.enable();
let elu = performance.eventLoopUtilization();
let cpu = process.cpuUsage();

let session: Session | undefined;

process.on('message', (message: unknown) => {
  // A CPU profile of exactly the window the bench measures (not the start-up), written where the bench says.
  if (typeof message === 'object' && message && 'profileTo' in message) {
    const to = (message as { profileTo: string | null }).profileTo;
    if (to === null) {
      session = new Session();
      session.connect();
      session.post('Profiler.enable', () =>
        session?.post('Profiler.setSamplingInterval', { interval: 200 }, () => session?.post('Profiler.start', () => process.send?.({ kind: 'profiling' }))),
      );
    } else {
      session?.post('Profiler.stop', (err, res) => {
        if (!err) writeFileSync(to, JSON.stringify(res.profile));
        session?.disconnect();
        process.send?.({ kind: 'profiled' });
      });
    }
  }
  if (message === 'reset') {
    histogram.reset();
    elu = performance.eventLoopUtilization();
    cpu = process.cpuUsage();
    process.send?.({ kind: 'reset' });
  }
  if (message === 'read') {
    const e = performance.eventLoopUtilization(elu);
    const c = process.cpuUsage(cpu);
    process.send?.({
      kind: 'probe',
      delayP50Ms: histogram.percentile(50) / 1e6,
      delayP99Ms: histogram.percentile(99) / 1e6,
      delayMaxMs: histogram.max / 1e6,
      loopActiveMs: e.active,
      loopUtilisation: e.utilization,
      cpuMs: (c.user + c.system) / 1000,
    });
  }
});
// The IPC channel must not keep a server that is shutting down alive.
process.channel?.unref();
