import { z } from 'zod';
import { authSchema, HTTP_METHODS, RETRY_ON, ERROR_REASONS } from '../../http-client/values.js';
import { templateString } from '../../templating/index.js';
import { writableVariableSchema } from '../variable-name.js';

/** RFC 9110 token: what a header name may be. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const parameterSchema = z.object({
  key: z.string().min(1),
  value: templateString,
  mandatory: z.boolean().default(false),
});

const headerSchema = parameterSchema.extend({
  key: z.string().regex(HEADER_NAME, { error: 'not a valid header name' }),
});

export const BODY_TYPES = ['none', 'json', 'xml', 'form', 'text'] as const;

const methodSchema = z
  .string()
  .transform((method) => method.toUpperCase())
  .pipe(z.enum(HTTP_METHODS, { error: `bad method: expected one of ${HTTP_METHODS.join(', ')}` }));

const requestSchema = z.object({
  method: methodSchema.default('GET'),
  url: templateString.refine((url) => url.trim() !== '', { error: 'a request needs a url' }),
  auth: authSchema.default({ type: 'none' }),
  headers: z.array(headerSchema).default([]),
  query: z.array(parameterSchema).default([]),
  bodyType: z.enum(BODY_TYPES).default('none'),
  body: templateString.default(''),
});

/**
 * A `saved` widget's own request: no defaults, so a field left out is the saved webhook's
 * (docs/webhook-widget.md "Saved mode"). `url` is read only to warn that it is ignored.
 */
const savedRequestSchema = z.object({
  method: methodSchema.optional(),
  url: z.string().optional(),
  auth: authSchema.optional(),
  headers: z.array(headerSchema).optional(),
  query: z.array(parameterSchema).optional(),
  bodyType: z.enum(BODY_TYPES).optional(),
  body: templateString.optional(),
});

const mappingSchema = z.object({
  saveIn: writableVariableSchema,
  path: z.string().min(1, { error: 'a mapping needs a path' }),
  mandatory: z.boolean().default(false),
  default: z.string().optional(),
});

const responseSchema = z.object({
  type: z.enum(['json', 'xml']).default('json'),
  mappings: z.array(mappingSchema).default([]),
});

/** `statusLines` keys: an exact code (`404`), a class (`4xx`), `timeout`, `connection`, or an error_reason. */
const STATUS_LINE_KEY = new RegExp(
  `^(?:[1-5][0-9][0-9]|[1-5]xx|timeout|connection|${ERROR_REASONS.join('|')})$`,
);

const statusLinesSchema = z.record(
  z.string().regex(STATUS_LINE_KEY, {
    error:
      'expected a status code ("404"), a class ("4xx"), "timeout", "connection" or an error_reason',
  }),
  z
    .number()
    .int()
    .min(2, { error: 'lines 0 and 1 are success and failure: use 2 or more' })
    .max(63),
);

const timeoutSchema = z
  .number()
  .int()
  .min(1, { error: 'timeoutSeconds must be 1-60' })
  .max(60, { error: 'timeoutSeconds must be 1-60' })
  .default(10);

const common = {
  response: responseSchema.default({ type: 'json', mappings: [] }),
  waitForResponse: z.boolean().default(true),
  timeoutSeconds: timeoutSchema,
  holdMusic: z
    .object({ enabled: z.boolean().default(false), audio: z.string().optional() })
    .default({ enabled: false }),
  persistResponse: z.boolean().default(false),
  retry: z
    .object({ attempts: z.number().int().min(0).max(5), on: z.array(z.enum(RETRY_ON)).default([]) })
    .optional(),
  statusLines: statusLinesSchema.default({}),
};

const customSchema = z.object({ mode: z.literal('custom'), request: requestSchema, ...common });
const savedSchema = z.object({
  mode: z.literal('saved'),
  webhook: z.string().min(1, { error: 'name the saved webhook' }),
  request: savedRequestSchema.default({}),
  ...common,
});
const internalSchema = z.object({
  mode: z.literal('internal'),
  function: z.string().min(1, { error: 'name the internal function' }),
  inputs: z.record(z.string(), templateString).default({}),
  ...common,
});

/** docs/webhook-widget.md webhook widget config; `mode` defaults to `custom`. */
export const webhookConfigSchema = z.preprocess(
  (raw) =>
    typeof raw === 'object' && raw !== null && !('mode' in raw) ? { ...raw, mode: 'custom' } : raw,
  z.discriminatedUnion('mode', [customSchema, savedSchema, internalSchema], {
    error: 'mode must be "custom", "saved" or "internal"',
  }),
);

export type WebhookConfig = z.output<typeof webhookConfigSchema>;
export type CustomWebhookConfig = z.output<typeof customSchema>;
export type WebhookRequestConfig = z.output<typeof requestSchema>;
export type SavedWebhookConfig = z.output<typeof savedSchema>;
export type SavedRequestConfig = z.output<typeof savedRequestSchema>;
