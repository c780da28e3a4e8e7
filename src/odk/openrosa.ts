import type { FastifyReply } from 'fastify';
import type { RenderedForm } from './xform.js';
import { escapeXml } from './xml.js';

/** OpenRosa 1.0 (https://docs.getodk.org/openrosa/): every response says its version and is XML. */
export function openRosa(reply: FastifyReply, status: number, xml: string): FastifyReply {
  return reply
    .code(status)
    .header('X-OpenRosa-Version', '1.0')
    .header('Cache-Control', 'no-store')
    .type('text/xml; charset=utf-8')
    .send(`<?xml version="1.0" encoding="UTF-8"?>${xml}`);
}

/** An OpenRosaResponse envelope with one message (submit_success, or error). */
export function responseXml(message: string, nature: 'submit_success' | 'error'): string {
  return `<OpenRosaResponse xmlns="http://openrosa.org/http/response"><message nature="${nature}">${escapeXml(message)}</message></OpenRosaResponse>`;
}

/** The form list (OpenRosa Form List API), with absolute download and manifest URLs under the device's key. */
export function formListXml(forms: RenderedForm[], base: string): string {
  const items = forms
    .map(
      (f) =>
        `<xform><formID>${escapeXml(f.id)}</formID><name>${escapeXml(f.title)}</name><version>${f.version}</version><hash>md5:${f.md5}</hash><downloadUrl>${escapeXml(`${base}/forms/${f.id}/form.xml`)}</downloadUrl><manifestUrl>${escapeXml(`${base}/forms/${f.id}/manifest`)}</manifestUrl></xform>`,
    )
    .join('');
  return `<xforms xmlns="http://openrosa.org/xforms/xformsList">${items}</xforms>`;
}

/** Abri's forms use no media files: the manifest is empty, but present, as Collect asks for it. */
export function manifestXml(): string {
  return '<manifest xmlns="http://openrosa.org/xforms/xformsManifest"></manifest>';
}
