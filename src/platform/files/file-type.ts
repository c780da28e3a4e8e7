/**
 * A file's real type from its first bytes (never its name or the browser's word), with the detection library
 * loaded on the first upload rather than at start (about 12 MB of memory).
 */
export async function detectFileType(bytes: Uint8Array): Promise<{ ext: string; mime: string } | undefined> {
  const { fileTypeFromBuffer } = await import('file-type');
  return fileTypeFromBuffer(bytes);
}
