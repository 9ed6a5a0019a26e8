import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import type { DestinationPolicy } from './destination-policy.js';

/** One DNS answer. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a hostname to every address it has (injectable so tests can fake DNS answers). */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The system resolver (getaddrinfo, /etc/hosts included), every answer. */
export const systemResolver: Resolver = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/** Raised inside the connector when the policy refuses an address; nothing was sent. */
export class BlockedDestinationError extends Error {
  readonly code = 'HOOKLINE_BLOCKED_DESTINATION';
  constructor(message: string) {
    super(message);
    this.name = 'BlockedDestinationError';
  }
}

/** What the connector saw, read back by the sender of one request. */
export interface ConnectionLog {
  /** The policy's message when it refused an address. */
  blockedMessage?: string;
  /** The peer address of the latest connection, by `host:port`. */
  remoteAddresses: Map<string, string>;
}

export interface GuardedConnectorOptions {
  policy: DestinationPolicy;
  resolve: Resolver;
  connectTimeoutMs: number;
  log: ConnectionLog;
}

/**
 * An undici connector that enforces the destination policy at connect time (SPEC §3):
 * IP literal hosts are judged before any socket exists, and a hostname's DNS answers are
 * judged inside `lookup`, so a name pointing at 127.0.0.1 or rebinding there is caught.
 */
export function createGuardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const { policy, log } = options;
  return (target, callback) => {
    const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
    const key = `${target.hostname}:${port}`;
    const refuse = (message: string): void => {
      log.blockedMessage = message;
      callback(new BlockedDestinationError(message), null);
    };
    // Node skips `lookup` for IP literals, so they are judged here, before connecting.
    if (isIP(target.hostname) !== 0) {
      const verdict = policy.checkAddress(target.hostname, port, target.hostname);
      if (!verdict.allowed) {
        refuse(verdict.message);
        return;
      }
    }
    const lookup = guardedLookup({ ...options, port, hostname: target.hostname });
    const connect = buildConnector({ timeout: options.connectTimeoutMs, lookup });
    connect(target, (error, socket) => {
      if (error !== null) {
        callback(error, null);
        return;
      }
      // Belt and braces: judge the peer actually reached before a byte of HTTP is written.
      const remote = socket.remoteAddress ?? '';
      const verdict = policy.checkAddress(remote, port, target.hostname);
      if (!verdict.allowed) {
        socket.destroy();
        refuse(verdict.message);
        return;
      }
      log.remoteAddresses.set(key, remote);
      callback(null, socket);
    });
  };
}

function guardedLookup(
  options: GuardedConnectorOptions & { port: number; hostname: string },
): LookupFunction {
  const { policy, resolve, log, port, hostname } = options;
  return (host, lookupOptions, callback) => {
    const fail = (error: unknown): void => {
      const errno: NodeJS.ErrnoException =
        error instanceof Error ? error : new Error(`${host} could not be resolved`);
      callback(errno, '', 0);
    };
    const deliver = (answers: readonly ResolvedAddress[]): void => {
      // Every answer is judged: one blocked address refuses the name (a rebinding favourite).
      for (const answer of answers) {
        const verdict = policy.checkAddress(answer.address, port, hostname);
        if (!verdict.allowed) {
          log.blockedMessage = verdict.message;
          fail(new BlockedDestinationError(verdict.message));
          return;
        }
      }
      const family = familyOf(lookupOptions.family);
      const wanted = family === 0 ? answers : answers.filter((a) => a.family === family);
      const first = wanted[0];
      if (first === undefined) {
        fail(Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' }));
      } else if (lookupOptions.all === true) {
        callback(
          null,
          wanted.map(({ address, family: f }) => ({ address, family: f })),
        );
      } else {
        callback(null, first.address, first.family);
      }
    };
    resolve(host).then(deliver, fail);
  };
}

function familyOf(family: number | 'IPv4' | 'IPv6' | undefined): 0 | 4 | 6 {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}
