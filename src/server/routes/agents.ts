import { z } from 'zod';
import { newId } from '../../accounts/index.js';
import type { AgentRecord } from '../../storage/ports.js';
import type { ApiApp } from '../context.js';
import { notFound } from '../errors.js';
import { json, route } from '../route.js';
import { idParamSchema, pageOf, pageQuerySchema, pageRequest } from '../schemas.js';
import { agentSchema, agentView } from '../views.js';

/** The direct-dial agents resource (their breaks: the directDialPause internal function). */
export function registerAgentRoutes(app: ApiApp): void {
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
