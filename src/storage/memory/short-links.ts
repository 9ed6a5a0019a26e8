import { settle } from '../common/settle.js';
import type { ShortLinkRecord, ShortLinkStore } from '../ports.js';
import { paginateBy } from './paginate.js';
import { conflict, copy, type MemoryState } from './state.js';

/** A short link's place in its listing: it is keyed by (createdAt, code). */
const positionOf = (link: ShortLinkRecord) => ({ createdAt: link.createdAt, id: link.code });

/** Short links (docs/internal-functions.md `shortURL`), in memory. */
export function createMemoryShortLinks(state: MemoryState): ShortLinkStore {
  return {
    createShortLink: (link) =>
      settle(() => {
        // The code is the whole public URL: unique across accounts.
        if (state.shortLinks.has(link.code)) throw conflict(`short link ${link.code}`);
        state.shortLinks.set(link.code, copy(link));
      }),

    findShortLink: (code) => settle(() => copy(state.shortLinks.get(code))),

    recordClick: (code) =>
      settle(() => {
        // Synchronous read-and-add: no other call runs in between, so no click is lost.
        const link = state.shortLinks.get(code);
        if (link) link.clicks += 1;
      }),

    listShortLinks: (accountId, page) =>
      settle(() => {
        const owned = [...state.shortLinks.values()].filter((l) => l.accountId === accountId);
        return copy(paginateBy(owned, page, 'desc', positionOf));
      }),
  };
}
