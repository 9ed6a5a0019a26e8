/**
 * IP literal parsing for the destination policy (docs/webhook-widget.md). Deliberately lenient: every
 * spelling a resolver or URL parser might turn into an address (`127.1`, `0x7f000001`,
 * `0177.0.0.1`, `[::ffff:7f00:1]`, zone ids, a trailing dot) must be recognised as the
 * address it is, so that nothing reaches a blocked range dressed as a hostname.
 */

/** An IPv4 or IPv6 address as an unsigned integer (32 or 128 bits). */
export interface IpAddress {
  version: 4 | 6;
  value: bigint;
}

/** Parses an IPv4 address in any inet_aton / WHATWG spelling (1–4 parts, hex, octal). */
function parseIPv4(text: string): bigint | undefined {
  let parts = text.split('.');
  // WHATWG and resolvers both ignore one trailing dot (`127.0.0.1.`).
  if (parts.length > 1 && parts[parts.length - 1] === '') parts = parts.slice(0, -1);
  if (parts.length === 0 || parts.length > 4) return undefined;
  const numbers: bigint[] = [];
  for (const part of parts) {
    const value = parseIPv4Part(part);
    if (value === undefined) return undefined;
    numbers.push(value);
  }
  const last = numbers.pop();
  if (last === undefined) return undefined;
  // The last part fills every byte the earlier parts did not (`127.1` = 127.0.0.1).
  if (last >= 256n ** BigInt(5 - parts.length)) return undefined;
  let value = last;
  for (const [index, byte] of numbers.entries()) {
    if (byte > 255n) return undefined;
    value += byte << BigInt(8 * (3 - index));
  }
  return value;
}

function parseIPv4Part(part: string): bigint | undefined {
  if (/^0x[0-9a-f]*$/i.test(part)) return part.length === 2 ? 0n : BigInt(part);
  if (/^0[0-7]*$/.test(part)) return BigInt(`0o${part.slice(1) || '0'}`);
  if (/^[1-9][0-9]*$/.test(part)) return BigInt(part);
  return undefined;
}

/** Parses an IPv6 address, with or without brackets or a zone id, embedded IPv4 included. */
function parseIPv6(text: string): bigint | undefined {
  let body = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = body.indexOf('%');
  if (zone !== -1) body = body.slice(0, zone);
  if (!body.includes(':')) return undefined;
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] ?? '', halves.length === 1);
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '', true) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<bigint>(halves.length === 1 ? 0 : missing).fill(0n), ...tail];
  return groups.reduce((value, group) => (value << 16n) | group, 0n);
}

/** Hex groups of one side of `::`; the last group of the address may be dotted IPv4. */
function parseGroups(text: string, mayEndInIPv4: boolean): bigint[] | undefined {
  if (text === '') return [];
  const pieces = text.split(':');
  const groups: bigint[] = [];
  for (const [index, piece] of pieces.entries()) {
    if (mayEndInIPv4 && index === pieces.length - 1 && piece.includes('.')) {
      const v4 = parseDottedQuad(piece);
      if (v4 === undefined) return undefined;
      groups.push(v4 >> 16n, v4 & 0xffffn);
    } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
      groups.push(BigInt(`0x${piece}`));
    } else {
      return undefined;
    }
  }
  return groups;
}

function parseDottedQuad(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^[0-9]{1,3}$/.test(part))) return undefined;
  const bytes = parts.map(Number);
  if (bytes.some((byte) => byte > 255)) return undefined;
  return bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

/** Any IP literal (IPv4 in any spelling, IPv6 bracketed or not), or undefined for a name. */
export function parseIpLiteral(text: string): IpAddress | undefined {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseIPv6(text);
  if (v6 !== undefined) return { version: 6, value: v6 };
  return undefined;
}

/** Dotted-decimal form of a 32-bit value. */
export function formatIPv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}
