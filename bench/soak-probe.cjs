// Preload for the soak's server (bench/soak.ts passes it through SOAK_NODE_OPTIONS="--require ./bench/soak-probe.cjs"):
// every 10 s, one JSON line of the process's own memory to SOAK_PROBE_FILE. Memory figures only, nothing of requests.
const { appendFileSync } = require('node:fs');
const file = process.env.SOAK_PROBE_FILE;
if (file) {
  const mb = (n) => Math.round(n / 104857.6) / 10;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    appendFileSync(
      file,
      `${JSON.stringify({ t: new Date().toISOString(), rss: mb(m.rss), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers) })}\n`,
    );
  }, 10_000);
  timer.unref();
}
