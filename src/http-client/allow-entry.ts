import { domainToASCII } from 'node:url';
import { parseIpLiteral } from './ip-literal.js';
import { parseCidr, unwrapMappedCidr, type Cidr } from './ip-ranges.js';

/** An operator allow-list entry (docs/server.md `HOOKLINE_ALLOW_DESTINATIONS`, `--allow`). */
export type AllowEntry =
  | { kind: 'host'; host: string; wildcard: boolean; port?: number }
  | { kind: 'ip'; cidr: Cidr; port?: number };

/** Thrown by `createDestinationPolicy` for an entry it cannot read (an operator mistake). */
export class InvalidAllowEntryError extends Error {
  constructor(
    readonly entry: string,
    reason: string,
  ) {
    super(
      `invalid allow entry ${JSON.stringify(entry)}: ${reason}; expected a hostname, host:port, ` +
        'IP address, ip:port or CIDR (e.g. api.internal, localhost:8080, [::1]:8080, 10.0.0.0/8)',
    );
    this.name = 'InvalidAllowEntryError';
  }
}

/** Lower-case ASCII form of a hostname without brackets or a trailing dot (`LOCALHOST.` = `localhost`). */
export function normalizeHost(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const lower = bare.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Parses one entry; throws InvalidAllowEntryError with the reason. */
export function parseAllowEntry(raw: string): AllowEntry {
  const text = raw.trim();
  const fail = (reason: string): never => {
    throw new InvalidAllowEntryError(raw, reason);
  };
  if (text.includes('://')) fail('give only the host, not a URL');
  if (text.includes('/')) {
    const cidr = parseCidr(text);
    return cidr === undefined
      ? fail('not a valid CIDR range')
      : { kind: 'ip', cidr: unwrapMappedCidr(cidr) };
  }
  const { host, port } = splitPort(text, fail);
  const ip = parseIpLiteral(host);
  if (ip !== undefined) {
    const cidr = parseCidr(`${host}/${ip.version === 4 ? 32 : 128}`);
    if (cidr === undefined) return fail('not a valid IP address');
    const entry: AllowEntry = { kind: 'ip', cidr: unwrapMappedCidr(cidr) };
    return port === undefined ? entry : { ...entry, port };
  }
  if (host.startsWith('[')) return fail('not a valid IPv6 address');
  const wildcard = host.startsWith('*.');
  const name = hostnameOf(wildcard ? host.slice(2) : host);
  if (name === undefined) return fail('not a valid hostname');
  const entry: AllowEntry = { kind: 'host', host: name, wildcard };
  return port === undefined ? entry : { ...entry, port };
}

function splitPort(text: string, fail: (reason: string) => never): { host: string; port?: number } {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close === -1) return fail('missing "]"');
    const rest = text.slice(close + 1);
    if (rest === '') return { host: text };
    if (!rest.startsWith(':')) return fail('expected ":port" after "]"');
    return { host: text.slice(0, close + 1), port: parsePort(rest.slice(1), fail) };
  }
  const colons = text.split(':').length - 1;
  // Two or more colons: a bare IPv6 address, which cannot carry a port without brackets.
  if (colons !== 1) return { host: text };
  const at = text.indexOf(':');
  return { host: text.slice(0, at), port: parsePort(text.slice(at + 1), fail) };
}

function parsePort(text: string, fail: (reason: string) => never): number {
  const port = /^[0-9]{1,5}$/.test(text) ? Number(text) : 0;
  return port >= 1 && port <= 65535 ? port : fail(`port ${JSON.stringify(text)} is not 1-65535`);
}

function hostnameOf(text: string): string | undefined {
  if (text === '' || /[\s@?#\\]/.test(text)) return undefined;
  const ascii = normalizeHost(domainToASCII(text));
  if (ascii === '' || ascii.length > 253) return undefined;
  const labels = ascii.split('.');
  const valid = labels.every((label) => /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/.test(label));
  return valid ? ascii : undefined;
}
