import { BlockList, isIP } from 'node:net';

function family(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

/** Whether `entry` is an IP address or a CIDR (`10.0.0.0/8`, `2001:db8::/32`). */
export function isCidr(entry: string): boolean {
  const [address = '', prefix] = entry.split('/');
  if (isIP(address) === 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family(address) === 'ipv6' ? 128 : 32);
}

/** Whether a client address is inside one of the CIDRs (IPv4-mapped IPv6 counts as IPv4). */
export function ipAllowed(address: string, cidrs: readonly string[]): boolean {
  const client =
    address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  if (isIP(client) === 0) return false;
  const list = new BlockList();
  for (const entry of cidrs) {
    if (!isCidr(entry)) continue;
    const [subnet = '', prefix] = entry.split('/');
    if (prefix === undefined) list.addAddress(subnet, family(subnet));
    else list.addSubnet(subnet, Number(prefix), family(subnet));
  }
  return list.check(client, family(client));
}
