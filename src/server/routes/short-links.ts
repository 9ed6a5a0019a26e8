import type { ApiApp } from '../context.js';
import { notFound } from '../errors.js';
import { json, route } from '../route.js';
import { pageOf, pageQuerySchema, pageRequest } from '../schemas.js';
import { shortLinkSchema, shortLinkView } from '../views.js';

/** docs/internal-functions.md short links: `/s/<code>` redirects; listed with click counts. */
export function registerShortLinkRoutes(app: ApiApp): void {
  // Public: anyone with the link is redirected (docs/server.md `GET /s/{code}`).
  app.get('/s/:code', async (c) => {
    const { storage } = c.get('deps');
    const link = await storage.shortLinks.findShortLink(c.req.param('code'));
    if (!link) throw notFound('short link');
    await storage.shortLinks.recordClick(link.code);
    return c.redirect(link.longUrl, 302);
  });

  route(
    app,
    {
      method: 'get',
      path: '/v1/short-links',
      tags: ['short-links'],
      summary: 'The account’s short links with their click counts, newest first',
      query: pageQuerySchema,
      responses: { 200: { description: 'a page of links', schema: pageOf(shortLinkSchema) } },
    },
    async (c, { query }) => {
      const { storage, publicUrl } = c.get('deps');
      const page = await storage.shortLinks.listShortLinks(c.get('account').id, pageRequest(query));
      const items = page.items.map((link) => shortLinkView(link, publicUrl()));
      return json(c, { items, nextCursor: page.nextCursor ?? null });
    },
  );
}
