import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';

/** Fastify's form of TRUST_PROXY: a hop count or the proxy addresses, never `true` (which trusts every hop). */
export function fastifyTrustProxy(config: Pick<Config, 'trustProxy'>): false | string[] | ((address: string, hop: number) => boolean) {
  const trust = config.trustProxy;
  if (trust === false) return false;
  // Hop 0 is the socket's peer: with n trusted hops, the address used is the one the n-th proxy saw.
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return [...trust];
}

/**
 * Start-up checks of the proxy setting, logged once and without any address: TRUST_PROXY=true is read as one hop,
 * and a trusted proxy that sends no X-Forwarded-For means every client shares the proxy's address (one throttle
 * for everybody) — the proxy is not configured as the README shows.
 */
export function installProxyChecks(app: FastifyInstance, config: Pick<Config, 'trustProxy' | 'trustProxyLegacy'> | undefined): void {
  if (!config || config.trustProxy === false) return;
  if (config.trustProxyLegacy) {
    app.log.warn('TRUST_PROXY=true is read as TRUST_PROXY=1 (one proxy in front). Set the number of hops or the proxy addresses instead.');
  }
  let warned = false;
  app.addHook('onRequest', async (request) => {
    if (warned || request.headers['x-forwarded-for'] !== undefined) return;
    warned = true;
    request.log.warn('TRUST_PROXY is set but a request arrived without X-Forwarded-For: check the proxy sets it (see README, "Behind a reverse proxy")');
  });
}
