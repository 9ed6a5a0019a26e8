import { z } from 'zod';
import { newId } from '../../accounts/index.js';
import { flowDocumentSchema, validateFlow, type Problem } from '../../flow/index.js';
import type { FlowSecrets, SealedDocument } from '../../storage/ports.js';
import { sealFlowSecrets } from '../../webhooks/flow-secrets.js';
import { widgetCatalogue } from '../../widgets/index.js';
import type { Context } from 'hono';
import type { ApiApp, ApiEnv } from '../context.js';
import { HooklineError, notFound } from '../errors.js';
import { json, route } from '../route.js';
import {
  flowSavedSchema,
  idParamSchema,
  pageOf,
  pageQuerySchema,
  pageRequest,
} from '../schemas.js';
import { flowView } from '../views.js';
import { registerFlowVersionRoutes } from './flow-versions.js';

const flowViewSchema = flowDocumentSchema.extend({
  id: z.string(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const flowSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastExecution: z
    .object({
      id: z.string(),
      status: z.enum(['queued', 'running', 'waiting', 'completed', 'failed']),
      endReason: z.string().nullable(),
      startTime: z.string().nullable(),
    })
    .nullable()
    .meta({ description: "the flow's newest execution (any version); null when none is kept" }),
});
/** Any JSON object: validateFlow reports every problem itself (docs/flows.md). */
const flowBodySchema = z
  .record(z.string(), z.unknown())
  .meta({ description: 'a flow document (docs/flows.md)' });

/** Fields the API adds to a flow (and `baseVersion`): dropped if a client sends back a flow it read. */
const METADATA = new Set(['id', 'version', 'createdAt', 'updatedAt', 'baseVersion']);

/**
 * The version a save is based on: `If-Match: "<version>"` or a `baseVersion` body field
 * (docs/server.md, saving with a base version); undefined saves unconditionally.
 */
function baseVersionOf(
  ifMatch: string | undefined,
  body: Record<string, unknown>,
): number | undefined {
  const fromHeader =
    ifMatch === undefined ? undefined : /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(ifMatch)?.[1];
  if (ifMatch !== undefined && fromHeader === undefined) {
    throw new HooklineError('INVALID_REQUEST', 'If-Match must be a flow version, e.g. "3"');
  }
  const fromBody = body['baseVersion'];
  if (fromBody !== undefined && !(Number.isInteger(fromBody) && (fromBody as number) >= 1)) {
    throw new HooklineError('INVALID_REQUEST', 'baseVersion must be a flow version (1 or more)');
  }
  return fromHeader === undefined ? (fromBody as number | undefined) : Number(fromHeader);
}

/**
 * The valid document with its secrets sealed (docs/server.md "Secrets"): a `"***"` keeps
 * the secret of `previous` (the latest version) at the same place. The flow is checked on
 * its own, then against the account (its saved webhooks).
 */
async function checkedDocument(
  c: Context<ApiEnv>,
  body: Record<string, unknown>,
  previous?: FlowSecrets,
): Promise<SealedDocument & { warnings: Problem[] }> {
  const input = Object.fromEntries(Object.entries(body).filter(([key]) => !METADATA.has(key)));
  const { flow, problems } = validateFlow(input, widgetCatalogue);
  if (!flow) throw new HooklineError('INVALID_REQUEST', 'the flow is not valid', problems);
  const { webhooks, sealer } = c.get('deps');
  const found = [
    ...problems,
    ...(await webhooks.flowEndWebhookProblems(
      c.get('account').id,
      flow.document.settings?.flowEndWebhook,
    )),
  ];
  const sealed = sealFlowSecrets(flow.document, sealer, previous);
  const all = [...found, ...sealed.problems];
  if (all.some((problem) => problem.severity === 'error')) {
    throw new HooklineError('INVALID_REQUEST', 'the flow is not valid', all);
  }
  return { document: sealed.document, secrets: sealed.secrets, warnings: found };
}

const invalid = { description: 'invalid flow: every problem with its JSON path' };
const missing = { description: 'no such flow (or another account’s)' };

/** docs/server.md flows: create, list, read (latest or ?version=N), new version, delete. */
export function registerFlowRoutes(app: ApiApp): void {
  registerFlowVersionRoutes(app);
  route(
    app,
    {
      method: 'post',
      path: '/v1/flows',
      tags: ['flows'],
      summary: 'Validate and save a new flow (version 1)',
      body: flowBodySchema,
      responses: { 201: { description: 'saved', schema: flowSavedSchema }, 400: invalid },
    },
    async (c, { body }) => {
      const { storage, clock } = c.get('deps');
      const { document, secrets, warnings } = await checkedDocument(c, body);
      const id = newId('flow');
      await storage.flows.createFlow({
        id,
        accountId: c.get('account').id,
        version: 1,
        name: document.name,
        document,
        secrets,
        createdAt: clock.now().toISOString(),
      });
      return json(c, { id, version: 1, warnings }, 201);
    },
  );

  route(
    app,
    {
      method: 'get',
      path: '/v1/flows',
      tags: ['flows'],
      summary: 'List flows',
      query: pageQuerySchema,
      responses: { 200: { description: 'a page of flows', schema: pageOf(flowSummarySchema) } },
    },
    async (c, { query }) => {
      const page = await c
        .get('deps')
        .storage.flows.listFlows(c.get('account').id, pageRequest(query));
      return json(c, { items: page.items, nextCursor: page.nextCursor ?? null });
    },
  );

  route(
    app,
    {
      method: 'get',
      path: '/v1/flows/{id}',
      tags: ['flows'],
      summary: 'Read a flow: the latest version, or ?version=N',
      params: idParamSchema,
      query: z.object({ version: z.coerce.number().int().min(1).optional() }),
      responses: {
        200: { description: 'the flow document with its id and version', schema: flowViewSchema },
        404: missing,
      },
    },
    async (c, { params, query }) => {
      const { flows } = c.get('deps').storage;
      const accountId = c.get('account').id;
      const latest = await flows.getFlow(accountId, params.id);
      const flow =
        query.version === undefined
          ? latest
          : await flows.getFlow(accountId, params.id, query.version);
      if (!latest || !flow)
        throw notFound(query.version === undefined ? 'flow' : `flow version ${query.version}`);
      return json(c, flowView(flow, latest.createdAt));
    },
  );

  route(
    app,
    {
      method: 'put',
      path: '/v1/flows/{id}',
      tags: ['flows'],
      summary:
        'Save a new version of a flow; with If-Match: "<version>" or baseVersion, only if that is still the latest',
      params: idParamSchema,
      body: flowBodySchema,
      responses: {
        200: { description: 'saved', schema: flowSavedSchema },
        400: invalid,
        404: missing,
        409: { description: 'the base version is no longer the latest (someone saved since)' },
      },
    },
    async (c, { params, body }) => {
      const baseVersion = baseVersionOf(c.req.header('if-match'), body);
      const { storage, clock } = c.get('deps');
      const accountId = c.get('account').id;
      const latest = await storage.flows.getFlow(accountId, params.id);
      if (!latest) throw notFound('flow');
      const { document, secrets, warnings } = await checkedDocument(c, body, latest.secrets);
      const saved = await storage.flows.addFlowVersion({
        id: params.id,
        accountId,
        document,
        secrets,
        createdAt: clock.now().toISOString(),
        baseVersion,
      });
      if (!saved) throw notFound('flow');
      return json(c, { id: params.id, version: saved.version, warnings });
    },
  );

  route(
    app,
    {
      method: 'delete',
      path: '/v1/flows/{id}',
      tags: ['flows'],
      summary: 'Delete a flow (running executions finish on their version)',
      params: idParamSchema,
      responses: { 204: { description: 'deleted' }, 404: missing },
    },
    async (c, { params }) => {
      const { storage, clock } = c.get('deps');
      const deleted = await storage.flows.deleteFlow(
        c.get('account').id,
        params.id,
        clock.now().toISOString(),
      );
      if (!deleted) throw notFound('flow');
      return c.body(null, 204);
    },
  );
}
