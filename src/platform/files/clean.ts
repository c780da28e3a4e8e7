import { cleanPdfIsolated } from './pdf-isolated.js';
import { MetadataError, stripMp3Tags, stripWav } from './strip-metadata.js';

export { MetadataError };

/** Kinds whose hidden data Abri removes, by detected type. Anything else is refused by the callers. */
export const CLEANED_IMAGES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);
export const CLEANED_AUDIO = new Set(['audio/mpeg', 'audio/aac', 'audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave', 'audio/amr']);

export function isCleanable(mime: string): boolean {
  return CLEANED_IMAGES.has(mime) || CLEANED_AUDIO.has(mime) || mime === 'application/pdf';
}

/**
 * The file without what it says about who made it, where and with what: images re-encoded (EXIF, GPS, XMP, ICC
 * comments are not copied), PDFs rebuilt from their pages, MP3/AAC without ID3/APE tags, WAV without any chunk
 * but format and sound. AMR has no place for metadata. Throws MetadataError when the file cannot be read.
 */
export async function cleanFile(mime: string, bytes: Buffer): Promise<Buffer> {
  if (CLEANED_IMAGES.has(mime)) {
    // Loaded on first use: the image library weighs about 30 MB in memory, and many processes never clean a photo.
    const { default: sharp } = await import('sharp');
    try {
      // rotate() applies the EXIF orientation to the pixels, so the picture stays upright once EXIF is gone.
      const image = sharp(bytes, { failOn: 'error', limitInputPixels: 50_000_000 }).rotate();
      if (mime === 'image/png') return await image.png().toBuffer();
      if (mime === 'image/webp') return await image.webp({ quality: 85 }).toBuffer();
      if (mime === 'image/gif') return await image.gif().toBuffer();
      return await image.jpeg({ quality: 85 }).toBuffer();
    } catch {
      throw new MetadataError('image-unreadable');
    }
  }
  if (mime === 'application/pdf') return cleanPdfIsolated(bytes);
  if (!CLEANED_AUDIO.has(mime)) throw new MetadataError('unsupported');
  try {
    if (mime === 'audio/mpeg' || mime === 'audio/aac') return stripMp3Tags(bytes);
    if (mime === 'audio/amr') return bytes;
    return stripWav(bytes);
  } catch {
    // A truncated chunk or tag (reading past the end) is a recording that cannot be read.
    throw new MetadataError('audio-unreadable');
  }
}

/** The message key for a file that could not be cleaned. */
export function cleaningErrorKey(e: MetadataError): string {
  switch (e.reason) {
    case 'pdf-encrypted':
      return 'attachments.errors.pdfEncrypted';
    case 'pdf-unreadable':
      return 'attachments.errors.pdfBroken';
    case 'audio-unreadable':
      return 'attachments.errors.audioBroken';
    case 'image-unreadable':
      return 'reports.errors.fileBroken';
    default:
      return 'attachments.errors.type';
  }
}
