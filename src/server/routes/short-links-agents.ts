import { z } from 'zod';
import { newId } from '../../accounts/index.js';
import type { AgentRecord } from '../../storage/ports.js';
import type { ApiApp } from '../context.js';
import { notFound } from '../errors.js';
import { json, route } from '../route.js';
import { idParamSchema, pageOf, pageQuerySchema, pageRequest } from '../schemas.js';

const shortLinkSchema = z.object({
  code: z.string(),
  shortUrl: z.string(),
  longUrl: z.string(),
  clicks: z.number(),
  createdAt: z.string(),
});
const agentSchema = z.object({
  id: z.string(),
  name: z.string(),
  extension: z.string().nullable(),
  onBreak: z.boolean(),
  breakChangedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

function agentView({ accountId: _account, ...agent }: AgentRecord) {
  return agent;
}

/** SPEC §5 short links (`/s/<code>`, listed with click counts) and the direct-dial agents resource. */
export function registerShortLinkAndAgentRoutes(app: ApiApp): void {
  // Public: anyone with the link is redirected (SPEC §6 `GET /s/{code}`).
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
      const items = page.items.map((link) => ({
        code: link.code,
        shortUrl: `${publicUrl()}/s/${link.code}`,
        longUrl: link.longUrl,
        clicks: link.clicks,
        createdAt: link.createdAt,
      }));
      return json(c, { items, nextCursor: page.nextCursor ?? null });
    },
  );

  route(
    app,
    {
      method: 'post',
      path: '/v1/agents',
      tags: ['agents'],
      summary: 'Create a direct-dial agent',
      body: z.object({
        name: z.string().trim().min(1).max(200),
        extension: z.string().max(32).optional(),
      }),
      responses: {
        201: { description: 'created', schema: agentSchema },
        400: { description: 'invalid agent' },
      },
    },
    async (c, { body }) => {
      const { storage, clock } = c.get('deps');
      const now = clock.now().toISOString();
      const agent: AgentRecord = {
        id: newId('agent'),
        accountId: c.get('account').id,
        name: body.name,
        extension: body.extension ?? null,
        onBreak: false,
        breakChangedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      await storage.agents.createAgent(agent);
      return json(c, agentView(agent), 201);
    },
  );

  route(
    app,
    {
      method: 'get',
      path: '/v1/agents',
      tags: ['agents'],
      summary: 'List agents',
      query: pageQuerySchema,
      responses: { 200: { description: 'a page of agents', schema: pageOf(agentSchema) } },
    },
    async (c, { query }) => {
      const page = await c
        .get('deps')
        .storage.agents.listAgents(c.get('account').id, pageRequest(query));
      return json(c, { items: page.items.map(agentView), nextCursor: page.nextCursor ?? null });
    },
  );

  route(
    app,
    {
      method: 'get',
      path: '/v1/agents/{id}',
      tags: ['agents'],
      summary: 'Read an agent',
      params: idParamSchema,
      responses: {
        200: { description: 'the agent', schema: agentSchema },
        404: { description: 'no such agent' },
      },
    },
    async (c, { params }) => {
      const agent = await c.get('deps').storage.agents.getAgent(c.get('account').id, params.id);
      if (!agent) throw notFound('agent');
      return json(c, agentView(agent));
    },
  );
}
