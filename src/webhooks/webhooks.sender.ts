import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { checkWebhookUrl, guardedLookup, isPrivateAddress } from './address-guard.js';

export interface SendResult {
  ok: boolean;
  status: number | null;
  /** A code, never the receiver's answer: timeout, network, blocked_address, redirect, invalid_url, http_<status>. */
  error: string | null;
}

const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs one signed event. Redirects are not followed (a 3xx is a failure: the next hop could be anywhere); the
 * host is checked after resolution by the socket's own lookup; the answer is read up to 64 KiB and dropped.
 */
export function sendWebhook({
  rawUrl,
  body,
  headers,
  opts,
}: {
  rawUrl: string;
  body: string;
  headers: Record<string, string>;
  opts: { allowPrivate: boolean; timeoutMs: number };
}): Promise<SendResult> {
  const url = checkWebhookUrl(rawUrl, opts.allowPrivate);
  if (url === 'invalid') return Promise.resolve({ ok: false, status: null, error: 'invalid_url' });
  if (url === 'blocked') return Promise.resolve({ ok: false, status: null, error: 'blocked_address' });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !opts.allowPrivate && isPrivateAddress(host)) return Promise.resolve({ ok: false, status: null, error: 'blocked_address' });
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: SendResult) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Abri-Webhooks/1' },
        lookup: guardedLookup(opts.allowPrivate) as unknown as typeof import('node:dns').lookup,
        timeout: opts.timeoutMs,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) res.destroy();
        });
        res.on('end', () => done(answer(status)));
        res.on('close', () => done(answer(status)));
        res.on('error', () => done(answer(status)));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      done({ ok: false, status: null, error: 'timeout' });
    });
    req.on('error', (err: NodeJS.ErrnoException) =>
      done({ ok: false, status: null, error: err.message === 'blocked_address' || err.code === 'blocked_address' ? 'blocked_address' : 'network' }),
    );
    req.end(body);
  });
}

function answer(status: number): SendResult {
  if (status >= 200 && status < 300) return { ok: true, status, error: null };
  if (status >= 300 && status < 400) return { ok: false, status, error: 'redirect' };
  return { ok: false, status, error: `http_${status}` };
}
