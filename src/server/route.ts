import type { RouteConfig } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { formatPath } from '../flow/index.js';
import type { ApiApp, ApiEnv } from './context.js';
import { HooklineError } from './errors.js';
import { parseJsonBody } from './json-body.js';
import { errorEnvelopeSchema } from './schemas.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  /** OpenAPI style: `/v1/flows/{id}`. */
  path: string;
  summary: string;
  tags: string[];
  params?: P;
  query?: Q;
  body?: B;
  /** The body may be left out (no content-type either): it is then `{}`. */
  optionalBody?: boolean;
  /** Documented answers; error statuses get the envelope schema. */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  /** Leave out of the OpenAPI document. */
  hidden?: boolean;
  /** No API key needed (the trigger URL's token is the credential). */
  public?: boolean;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

function parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
    severity: 'error' as const,
  }));
  throw new HooklineError('INVALID_REQUEST', `invalid request ${where}`, details);
}

/** The JSON body; an empty one is `{}` where the body is optional (no content-type needed). */
async function readJson(context: Context, optional: boolean): Promise<unknown> {
  const text = await context.req.text();
  if (optional && text === '') return {};
  const type = context.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new HooklineError('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
  }
  return parseJsonBody(text, 'the body is not valid JSON');
}

function openApiRoute(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>): RouteConfig {
  const responses: RouteConfig['responses'] = {};
  for (const [status, answer] of Object.entries(spec.responses)) {
    const schema = answer.schema ?? (Number(status) >= 400 ? errorEnvelopeSchema : undefined);
    responses[status] = schema
      ? { description: answer.description, content: { 'application/json': { schema } } }
      : { description: answer.description };
  }
  return {
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    tags: spec.tags,
    ...(spec.public ? { security: [] } : {}),
    request: {
      // The registry wants zod objects here; every params/query schema of ours is one.
      ...(spec.params ? { params: spec.params as never } : {}),
      ...(spec.query ? { query: spec.query as never } : {}),
      ...(spec.body
        ? {
            body: {
              content: { 'application/json': { schema: spec.body } },
              required: spec.optionalBody !== true,
            },
          }
        : {}),
    },
    responses,
  };
}

/**
 * Registers a route: its OpenAPI description (from the same zod schemas) and its handler,
 * with params, query and body validated at the edge into the error envelope.
 */
export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  app: ApiApp,
  spec: RouteSpec<P, Q, B>,
  handler: (
    context: Context<ApiEnv>,
    input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>,
  ) => Promise<Response>,
): void {
  if (spec.hidden !== true) app.openAPIRegistry.registerPath(openApiRoute(spec));
  const honoPath = spec.path.replace(/\{(\w+)\}/g, ':$1');
  app.on(spec.method.toUpperCase(), honoPath, async (context) => {
    const params = spec.params ? parse(spec.params, context.req.param(), 'path') : undefined;
    const query = spec.query ? parse(spec.query, context.req.query(), 'query') : undefined;
    const body = spec.body
      ? parse(spec.body, await readJson(context, spec.optionalBody === true), 'body')
      : undefined;
    return handler(context, { params, query, body } as RouteInput<
      z.output<P>,
      z.output<Q>,
      z.output<B>
    >);
  });
}

/** A JSON answer with any serializable body. */
export function json(
  context: Context,
  body: unknown,
  status: ContentfulStatusCode = 200,
): Response {
  return context.json(body as Record<string, never>, status);
}
