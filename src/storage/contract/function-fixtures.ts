/** Builders for the docs/internal-functions.md internal-function records (short links, agents). */
import type { AgentRecord, ShortLinkRecord } from '../ports.js';
import { at } from './fixtures.js';

export function shortLink(
  code: string,
  accountId: string,
  overrides: Partial<ShortLinkRecord> = {},
): ShortLinkRecord {
  return {
    code,
    accountId,
    longUrl: `https://example.com/long/${code}?utm=flow`,
    createdAt: at(40),
    clicks: 0,
    ...overrides,
  };
}

export function agent(
  id: string,
  accountId: string,
  overrides: Partial<AgentRecord> = {},
): AgentRecord {
  return {
    id,
    accountId,
    name: `Agent ${id}`,
    extension: '1001',
    onBreak: false,
    breakChangedAt: null,
    createdAt: at(60),
    updatedAt: at(60),
    ...overrides,
  };
}
