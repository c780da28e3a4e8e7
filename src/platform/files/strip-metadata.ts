/**
 * Removes what a file says about its maker beyond its content, for the kinds Abri accepts from reporters and
 * staff. Images are re-encoded elsewhere (sharp); this module does PDFs and audio.
 */
export class MetadataError extends Error {
  constructor(readonly reason: 'pdf-unreadable' | 'pdf-encrypted' | 'audio-unreadable' | 'image-unreadable' | 'unsupported') {
    super(reason);
  }
}

function syncsafe(b: Buffer, at: number): number {
  return ((b[at] ?? 0) << 21) | ((b[at + 1] ?? 0) << 14) | ((b[at + 2] ?? 0) << 7) | (b[at + 3] ?? 0);
}

/**
 * MP3 (and ADTS AAC) without tags: every ID3v2 block at the start (there may be several), the ID3v1 block
 * ("TAG", 128 bytes) and its extended form ("TAG+", 227 bytes), and an APEv2 tag ("APETAGEX") at the end. What
 * remains is the audio frames, which play as before.
 */
export function stripMp3Tags(bytes: Buffer): Buffer {
  let start = 0;
  while (bytes.length >= start + 10 && bytes.toString('latin1', start, start + 3) === 'ID3') {
    const flags = bytes[start + 5] ?? 0;
    const size = syncsafe(bytes, start + 6) + 10 + (flags & 0x10 ? 10 : 0);
    start += size;
  }
  let end = bytes.length;
  for (;;) {
    if (end - start >= 128 && bytes.toString('latin1', end - 128, end - 125) === 'TAG') {
      end -= 128;
      if (end - start >= 227 && bytes.toString('latin1', end - 227, end - 223) === 'TAG+') end -= 227;
      continue;
    }
    if (end - start >= 32 && bytes.toString('latin1', end - 32, end - 24) === 'APETAGEX') {
      const tagSize = bytes.readUInt32LE(end - 20);
      const hasHeader = ((bytes.readUInt32LE(end - 12) >>> 31) & 1) === 1;
      end -= tagSize + (hasHeader ? 32 : 0);
      continue;
    }
    break;
  }
  if (end <= start) throw new MetadataError('audio-unreadable');
  return bytes.subarray(start, end);
}

/** WAV with only its format and sound: every other RIFF chunk (LIST/INFO, bext, iXML, id3, cue...) is left out. */
export function stripWav(bytes: Buffer): Buffer {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WAVE') throw new MetadataError('audio-unreadable');
  const kept: Buffer[] = [];
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = bytes.toString('latin1', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    const next = at + 8 + size + (size % 2);
    if (id === 'fmt ' || id === 'data') kept.push(bytes.subarray(at, Math.min(next, bytes.length)));
    at = next;
  }
  if (kept.length < 2) throw new MetadataError('audio-unreadable');
  const body = Buffer.concat(kept);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length + 4, 4);
  header.write('WAVE', 8, 'latin1');
  return Buffer.concat([header, body]);
}
