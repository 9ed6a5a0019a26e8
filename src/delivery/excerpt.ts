/** docs/server.md: each attempt keeps a response excerpt of up to 64 KB. */
export const MAX_EXCERPT_BYTES = 64 * 1024;

/**
 * The first MAX_EXCERPT_BYTES of `text` in UTF-8, cut at a character boundary so the
 * excerpt never ends in half a character.
 */
export function excerptOf(text: string, maxBytes: number = MAX_EXCERPT_BYTES): string {
  // Fast path: even at 3 bytes per UTF-16 unit it fits.
  if (text.length * 3 <= maxBytes) return text;
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the cut character.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}
