import { z } from 'zod';
import type { ApiApp } from '../context.js';
import { notFound } from '../errors.js';
import { json, route } from '../route.js';
import { idParamSchema, pageOf, pageQuerySchema, pageRequest } from '../schemas.js';

const flowVersionSummarySchema = z.object({
  version: z.number(),
  name: z.string().meta({ description: 'the flow name saved in this version' }),
  createdAt: z.string().meta({ description: 'when this version was saved' }),
});

/** docs/server.md flows: a flow's saved versions, newest first (read one with ?version=N). */
export function registerFlowVersionRoutes(app: ApiApp): void {
  route(
    app,
    {
      method: 'get',
      path: '/v1/flows/{id}/versions',
      tags: ['flows'],
      summary: "List a flow's versions, newest first",
      params: idParamSchema,
      query: pageQuerySchema,
      responses: {
        200: { description: 'a page of versions', schema: pageOf(flowVersionSummarySchema) },
        404: { description: 'no such flow (or another account’s)' },
      },
    },
    async (c, { params, query }) => {
      const page = await c
        .get('deps')
        .storage.flows.listFlowVersions(c.get('account').id, params.id, pageRequest(query));
      if (!page) throw notFound('flow');
      return json(c, { items: page.items, nextCursor: page.nextCursor ?? null });
    },
  );
}
