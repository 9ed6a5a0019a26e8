import { formatIPv4, parseIpLiteral, type IpAddress } from './ip-literal.js';

/** A network: an address with a prefix length. */
export interface Cidr {
  version: 4 | 6;
  network: bigint;
  prefix: number;
}

/** Parses `a.b.c.d/n` or `v6/n` (host bits are masked off, like most tools do). */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const address = parseIpLiteral(slash === -1 ? text : text.slice(0, slash));
  if (address === undefined) return undefined;
  const bits = address.version === 4 ? 32 : 128;
  const prefixText = slash === -1 ? String(bits) : text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > bits) return undefined;
  const shift = BigInt(bits - prefix);
  return { version: address.version, network: (address.value >> shift) << shift, prefix };
}

/** Whether `address` lies inside `cidr` (never across IP versions). */
export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  if (cidr.version !== address.version) return false;
  const shift = BigInt((cidr.version === 4 ? 32 : 128) - cidr.prefix);
  return address.value >> shift === cidr.network >> shift;
}

function table(rows: ReadonlyArray<readonly [string, string]>): Array<[Cidr, string]> {
  return rows.map(([text, label]) => {
    const cidr = parseCidr(text);
    if (cidr === undefined) throw new Error(`bad built-in range ${text}`);
    return [cidr, label];
  });
}

// docs/webhook-widget.md: loopback, private, link-local, multicast and cloud-metadata are refused by default;
// the other special-use ranges below are never a legitimate webhook target either. The first
// match names the range, so the more specific rows come first.
const BLOCKED_V4 = table([
  ['169.254.169.254/32', 'cloud metadata'],
  ['100.100.100.200/32', 'cloud metadata'],
  ['0.0.0.0/8', 'unspecified ("this network")'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignment'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
]);

const BLOCKED_V6 = table([
  ['fd00:ec2::254/128', 'cloud metadata'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local'],
  ['fc00::/7', 'unique local'],
  ['ff00::/8', 'multicast'],
]);

const LOW_32 = (value: bigint): bigint => value & 0xffffffffn;

// IPv6 forms that carry an IPv4 address the packets end up at: each is judged by that address.
const EMBEDDING: ReadonlyArray<[Cidr, string, (value: bigint) => bigint[]]> = table([
  ['::ffff:0:0/96', 'IPv4-mapped'],
  ['::ffff:0:0:0/96', 'IPv4-translated'],
  ['::/96', 'IPv4-compatible'],
  ['64:ff9b::/96', 'NAT64'],
  ['64:ff9b:1::/48', 'local-use NAT64'],
  ['2002::/16', '6to4'],
  ['2001::/32', 'Teredo'],
]).map(([cidr, form]): [Cidr, string, (value: bigint) => bigint[]] => {
  if (form === '6to4') return [cidr, form, (value) => [LOW_32(value >> 80n)]];
  // Teredo: the client address is stored inverted in the low bits; the server sits at 32..63.
  if (form === 'Teredo') return [cidr, form, (value) => [LOW_32(~value), LOW_32(value >> 64n)]];
  return [cidr, form, (value) => [LOW_32(value)]];
});

/** Why an address is refused by default. */
export interface BlockedRange {
  /** The kind of range, e.g. `loopback`, `private`, `cloud metadata`. */
  label: string;
  /** Set when an IPv6 address is refused for the IPv4 address it embeds. */
  embedded?: { form: string; ipv4: string };
}

/** The blocked range `address` falls in, or undefined for a public address. */
export function classifyAddress(address: IpAddress): BlockedRange | undefined {
  const direct = address.version === 4 ? BLOCKED_V4 : BLOCKED_V6;
  for (const [cidr, label] of direct) if (cidrContains(cidr, address)) return { label };
  if (address.version === 4) return undefined;
  for (const [cidr, form, extract] of EMBEDDING) {
    if (!cidrContains(cidr, address)) continue;
    for (const v4 of extract(address.value)) {
      const inner = classifyAddress({ version: 4, value: v4 });
      if (inner !== undefined)
        return { label: inner.label, embedded: { form, ipv4: formatIPv4(v4) } };
    }
    // RFC 8215: the local-use NAT64 prefix only ever leads into a private network.
    if (form === 'local-use NAT64') return { label: 'local-use NAT64' };
  }
  return undefined;
}

/** `::ffff:a.b.c.d` as the IPv4 address it is (for allow-list matching), else unchanged. */
export function unwrapMapped(address: IpAddress): IpAddress {
  const mapped = EMBEDDING[0];
  if (mapped !== undefined && cidrContains(mapped[0], address)) {
    return { version: 4, value: LOW_32(address.value) };
  }
  return address;
}

/** A CIDR inside `::ffff:0:0/96` as the IPv4 range it denotes, so either spelling matches. */
export function unwrapMappedCidr(cidr: Cidr): Cidr {
  if (cidr.version !== 6 || cidr.prefix < 96) return cidr;
  const inner = unwrapMapped({ version: 6, value: cidr.network });
  return inner.version === 4
    ? { version: 4, network: inner.value, prefix: cidr.prefix - 96 }
    : cidr;
}
