import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';
import { ACCOUNT_A, ACCOUNT_B, at, collectPages } from './fixtures.js';
import { shortLink } from './function-fixtures.js';

export function describeShortLinkContract(context: ContractContext): void {
  describe('short links (docs/internal-functions.md shortURL)', () => {
    it('creates a link and finds it by code alone (the public redirect)', async () => {
      const { shortLinks } = context.storage();
      await shortLinks.createShortLink(shortLink('Ab3xYz9', ACCOUNT_A));
      expect(await shortLinks.findShortLink('Ab3xYz9')).toEqual(shortLink('Ab3xYz9', ACCOUNT_A));
      expect(await shortLinks.findShortLink('missing')).toBeUndefined();
      // Codes are compared exactly: a case variant is another code.
      expect(await shortLinks.findShortLink('ab3xyz9')).toBeUndefined();
    });

    it('refuses a code already taken, by any account, and keeps the first link', async () => {
      const { shortLinks } = context.storage();
      await shortLinks.createShortLink(shortLink('code1', ACCOUNT_A));
      await expect(
        shortLinks.createShortLink(shortLink('code1', ACCOUNT_A, { longUrl: 'https://x.test' })),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(
        shortLinks.createShortLink(shortLink('code1', ACCOUNT_B, { longUrl: 'https://evil.test' })),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await shortLinks.findShortLink('code1')).toEqual(shortLink('code1', ACCOUNT_A));
      expect(await shortLinks.listShortLinks(ACCOUNT_B, { limit: 10 })).toEqual({ items: [] });
    });

    it('counts clicks, concurrent ones included; an unknown code changes nothing', async () => {
      const { shortLinks } = context.storage();
      await shortLinks.createShortLink(shortLink('code1', ACCOUNT_A));
      await shortLinks.createShortLink(shortLink('code2', ACCOUNT_A, { createdAt: at(41) }));
      await shortLinks.recordClick('code1');
      await Promise.all(Array.from({ length: 25 }, () => shortLinks.recordClick('code1')));
      await expect(shortLinks.recordClick('missing')).resolves.toBeUndefined();
      expect((await shortLinks.findShortLink('code1'))?.clicks).toBe(26);
      expect((await shortLinks.findShortLink('code2'))?.clicks).toBe(0);
      const listed = await shortLinks.listShortLinks(ACCOUNT_A, { limit: 10 });
      expect(listed.items.map((l) => [l.code, l.clicks])).toEqual([
        ['code2', 0],
        ['code1', 26],
      ]);
    });

    it("lists only the account's links, newest first, ties by code, across pages", async () => {
      const { shortLinks } = context.storage();
      const created: Array<[string, number]> = [
        ['code_c', 3],
        ['code_a', 1],
        ['code_e', 5],
        ['code_b', 3],
        ['code_d', 3],
      ];
      for (const [code, second] of created) {
        await shortLinks.createShortLink(shortLink(code, ACCOUNT_A, { createdAt: at(second) }));
      }
      await shortLinks.createShortLink(shortLink('code_other', ACCOUNT_B, { createdAt: at(4) }));
      const all = await collectPages((cursor) =>
        shortLinks.listShortLinks(
          ACCOUNT_A,
          cursor === undefined ? { limit: 2 } : { limit: 2, cursor },
        ),
      );
      expect(all.pages).toBe(3);
      expect(all.items.map((l) => l.code)).toEqual([
        'code_e',
        'code_d',
        'code_c',
        'code_b',
        'code_a',
      ]);
      const other = await shortLinks.listShortLinks(ACCOUNT_B, { limit: 10 });
      expect(other.items.map((l) => l.code)).toEqual(['code_other']);
      expect(await shortLinks.listShortLinks('acct_missing', { limit: 10 })).toEqual({ items: [] });
    });

    it('keeps its place when newer links arrive between pages', async () => {
      const { shortLinks } = context.storage();
      for (const second of [1, 2, 3, 4]) {
        await shortLinks.createShortLink(
          shortLink(`code_${second}`, ACCOUNT_A, { createdAt: at(second) }),
        );
      }
      const first = await shortLinks.listShortLinks(ACCOUNT_A, { limit: 2 });
      expect(first.items.map((l) => l.code)).toEqual(['code_4', 'code_3']);
      await shortLinks.createShortLink(shortLink('code_new', ACCOUNT_A, { createdAt: at(9) }));
      const cursor = first.nextCursor ?? '';
      const second = await shortLinks.listShortLinks(ACCOUNT_A, { limit: 2, cursor });
      expect(second.items.map((l) => l.code)).toEqual(['code_2', 'code_1']);
      expect(second.nextCursor).toBeUndefined();
    });

    it('refuses a cursor it did not issue', async () => {
      const { shortLinks } = context.storage();
      await expect(
        shortLinks.listShortLinks(ACCOUNT_A, { limit: 2, cursor: 'not a cursor' }),
      ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    });

    it('hands out copies', async () => {
      const { shortLinks } = context.storage();
      const input = shortLink('code1', ACCOUNT_A);
      await shortLinks.createShortLink(input);
      input.longUrl = 'https://changed.test';
      const read = await shortLinks.findShortLink('code1');
      if (read) read.clicks = 99;
      expect(await shortLinks.findShortLink('code1')).toEqual(shortLink('code1', ACCOUNT_A));
    });

    it('keeps links and their clicks across a restart', async ({ skip }) => {
      const reopen = context.reopen();
      if (!reopen) {
        skip('this adapter keeps nothing after close');
        return;
      }
      const storage = context.storage();
      await storage.shortLinks.createShortLink(shortLink('code1', ACCOUNT_A));
      await storage.shortLinks.recordClick('code1');
      await storage.close();
      const again = await reopen();
      expect(await again.shortLinks.findShortLink('code1')).toEqual(
        shortLink('code1', ACCOUNT_A, { clicks: 1 }),
      );
    });
  });
}
