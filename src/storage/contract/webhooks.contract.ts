import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';
import { ACCOUNT_A, ACCOUNT_B, at, collectPages, delivery, webhook } from './fixtures.js';

export function describeWebhookContract(context: ContractContext): void {
  describe('saved webhooks', () => {
    it('saves and reads by id, name and (for the dispatcher) id alone', async () => {
      const { webhooks } = context.storage();
      await webhooks.saveWebhook(webhook('wh_1', ACCOUNT_A));
      expect(await webhooks.getWebhook(ACCOUNT_A, 'wh_1')).toEqual(webhook('wh_1', ACCOUNT_A));
      expect(await webhooks.getWebhookByName(ACCOUNT_A, 'hook-wh_1')).toEqual(
        webhook('wh_1', ACCOUNT_A),
      );
      expect(await webhooks.getWebhookById('wh_1')).toEqual(webhook('wh_1', ACCOUNT_A));
      expect(await webhooks.getWebhook(ACCOUNT_A, 'wh_missing')).toBeUndefined();
      expect(await webhooks.getWebhookByName(ACCOUNT_A, 'nope')).toBeUndefined();
      expect(await webhooks.getWebhookById('wh_missing')).toBeUndefined();
    });

    it('saving again replaces the webhook', async () => {
      const { webhooks } = context.storage();
      await webhooks.saveWebhook(webhook('wh_1', ACCOUNT_A));
      const changed = webhook('wh_1', ACCOUNT_A, {
        name: 'renamed',
        url: 'https://example.com/v2',
        signingSecrets: [
          { sealed: 'new', createdAt: at(40) },
          { sealed: 'old', createdAt: at(0), expiresAt: at(99) },
        ],
        updatedAt: at(40),
      });
      await webhooks.saveWebhook(changed);
      expect(await webhooks.getWebhook(ACCOUNT_A, 'wh_1')).toEqual(changed);
      expect(await webhooks.getWebhookByName(ACCOUNT_A, 'hook-wh_1')).toBeUndefined();
    });

    it("keeps accounts apart: another account's webhook is not found, listed or deleted", async () => {
      const { webhooks } = context.storage();
      await webhooks.saveWebhook(webhook('wh_1', ACCOUNT_A, { isDefault: true }));
      expect(await webhooks.getWebhook(ACCOUNT_B, 'wh_1')).toBeUndefined();
      expect(await webhooks.getWebhookByName(ACCOUNT_B, 'hook-wh_1')).toBeUndefined();
      expect(await webhooks.getDefaultWebhook(ACCOUNT_B)).toBeUndefined();
      expect(await webhooks.listWebhooks(ACCOUNT_B, { limit: 10 })).toEqual({ items: [] });
      expect(await webhooks.deleteWebhook(ACCOUNT_B, 'wh_1')).toBe(false);
      expect(await webhooks.getWebhook(ACCOUNT_A, 'wh_1')).toBeDefined();
    });

    it("refuses to save over another account's webhook id", async () => {
      const { webhooks } = context.storage();
      await webhooks.saveWebhook(webhook('wh_1', ACCOUNT_A));
      await expect(
        webhooks.saveWebhook(webhook('wh_1', ACCOUNT_B, { url: 'https://evil.example' })),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await webhooks.getWebhook(ACCOUNT_A, 'wh_1')).toEqual(webhook('wh_1', ACCOUNT_A));
      expect(await webhooks.getWebhook(ACCOUNT_B, 'wh_1')).toBeUndefined();
    });

    it('keeps names unique within an account only', async () => {
      const { webhooks } = context.storage();
      await webhooks.saveWebhook(webhook('wh_1', ACCOUNT_A, { name: 'crm' }));
      await expect(
        webhooks.saveWebhook(webhook('wh_2', ACCOUNT_A, { name: 'crm' })),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      await webhooks.saveWebhook(webhook('wh_3', ACCOUNT_B, { name: 'crm' }));
      expect((await webhooks.getWebhookByName(ACCOUNT_B, 'crm'))?.id).toBe('wh_3');
      expect((await webhooks.getWebhookByName(ACCOUNT_A, 'crm'))?.id).toBe('wh_1');
    });

    it('has at most one default per account: saving a default clears the others there', async () => {
      const { webhooks } = context.storage();
      await webhooks.saveWebhook(webhook('wh_1', ACCOUNT_A, { isDefault: true }));
      await webhooks.saveWebhook(webhook('wh_b', ACCOUNT_B, { isDefault: true }));
      await webhooks.saveWebhook(webhook('wh_2', ACCOUNT_A));
      expect((await webhooks.getDefaultWebhook(ACCOUNT_A))?.id).toBe('wh_1');
      await webhooks.saveWebhook(webhook('wh_3', ACCOUNT_A, { isDefault: true }));
      expect((await webhooks.getDefaultWebhook(ACCOUNT_A))?.id).toBe('wh_3');
      expect((await webhooks.getWebhook(ACCOUNT_A, 'wh_1'))?.isDefault).toBe(false);
      expect((await webhooks.getDefaultWebhook(ACCOUNT_B))?.id).toBe('wh_b');
      // Re-saving the default keeps it the default.
      await webhooks.saveWebhook(webhook('wh_3', ACCOUNT_A, { isDefault: true, url: 'https://x' }));
      expect((await webhooks.getDefaultWebhook(ACCOUNT_A))?.url).toBe('https://x');
      await webhooks.saveWebhook(webhook('wh_3', ACCOUNT_A, { isDefault: false }));
      expect(await webhooks.getDefaultWebhook(ACCOUNT_A)).toBeUndefined();
    });

    it('pages by creation time then id', async () => {
      const { webhooks } = context.storage();
      const created: Array<[string, number]> = [
        ['wh_c', 2],
        ['wh_a', 1],
        ['wh_e', 3],
        ['wh_b', 2],
        ['wh_d', 3],
      ];
      for (const [id, second] of created) {
        await webhooks.saveWebhook(webhook(id, ACCOUNT_A, { createdAt: at(second) }));
      }
      const all = await collectPages((cursor) =>
        webhooks.listWebhooks(
          ACCOUNT_A,
          cursor === undefined ? { limit: 2 } : { limit: 2, cursor },
        ),
      );
      expect(all.pages).toBe(3);
      expect(all.items.map((w) => w.id)).toEqual(['wh_a', 'wh_b', 'wh_c', 'wh_d', 'wh_e']);
    });

    it('deletes a webhook; its deliveries stay readable', async () => {
      const { webhooks, deliveries } = context.storage();
      await webhooks.saveWebhook(webhook('wh_1', ACCOUNT_A, { isDefault: true }));
      await deliveries.enqueueDeliveries([delivery('dl_1', ACCOUNT_A, { webhookId: 'wh_1' })]);
      expect(await webhooks.deleteWebhook(ACCOUNT_A, 'wh_1')).toBe(true);
      expect(await webhooks.deleteWebhook(ACCOUNT_A, 'wh_1')).toBe(false);
      expect(await webhooks.getWebhook(ACCOUNT_A, 'wh_1')).toBeUndefined();
      expect(await webhooks.getWebhookById('wh_1')).toBeUndefined();
      expect(await webhooks.getDefaultWebhook(ACCOUNT_A)).toBeUndefined();
      expect((await deliveries.getDelivery(ACCOUNT_A, 'dl_1'))?.webhookId).toBe('wh_1');
      // The name is free again.
      await webhooks.saveWebhook(webhook('wh_2', ACCOUNT_A, { name: 'hook-wh_1' }));
    });

    it('disables an endpoint once, keeping the first reason', async () => {
      const { webhooks } = context.storage();
      await webhooks.saveWebhook(webhook('wh_1', ACCOUNT_A));
      await webhooks.disableWebhook('wh_1', 'GONE', at(100));
      await webhooks.disableWebhook('wh_1', 'FAILING', at(200));
      expect(await webhooks.getWebhook(ACCOUNT_A, 'wh_1')).toMatchObject({
        disabledAt: at(100),
        disabledReason: 'GONE',
      });
      await expect(webhooks.disableWebhook('wh_missing', 'GONE', at(1))).resolves.toBeUndefined();
    });

    it('hands out copies (or frozen rows)', async () => {
      const { webhooks } = context.storage();
      const input = webhook('wh_1', ACCOUNT_A);
      await webhooks.saveWebhook(input);
      input.headers.push({ key: 'X-Evil', value: '1' });
      const read = await webhooks.getWebhookById('wh_1');
      // A cache's shared rows are frozen (src/storage/cache/): changing one throws.
      const secrets = read?.signingSecrets;
      if (secrets && !Object.isFrozen(secrets)) secrets.pop();
      expect(await webhooks.getWebhookById('wh_1')).toEqual(webhook('wh_1', ACCOUNT_A));
    });
  });
}
