/*
 * Requests as a browser sends them: form bodies, multipart uploads, and what comes back (session cookie, CSRF token).
 */

export function cookieFrom(res: { headers: Record<string, unknown> }): string | undefined {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
  const c = list.find((x: string) => x.startsWith('abri_session='));
  return c?.split(';')[0];
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no CSRF token on the page');
  return m[1];
}

export function form(data: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(data)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export interface UploadFile {
  name: string;
  filename: string;
  type: string;
  data: Buffer;
}

/** A multipart/form-data body (fields, then files) and its content-type header, for app.inject. */
export function multipart(fields: Record<string, string | string[]>, files: UploadFile[] = [], boundary = `----abri${Math.random().toString(16).slice(2)}`) {
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    for (const x of Array.isArray(v) ? v : [v]) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${x}\r\n`));
  }
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`));
    chunks.push(f.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** An ISO date `n` days from today (negative: in the past). */
export function daysFromToday(n: number): string {
  return new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
}
