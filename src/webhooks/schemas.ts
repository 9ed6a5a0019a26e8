import { z } from 'zod';
import { authSchema, HTTP_METHODS } from '../http-client/index.js';

/** RFC 9110 token. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A saved webhook as the API takes it (docs/server.md). */
export const savedWebhookInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  url: z.url({ protocol: /^https?$/, error: 'url must be an absolute http(s) URL' }),
  method: z
    .string()
    .transform((method) => method.toUpperCase())
    .pipe(z.enum(HTTP_METHODS, { error: `method must be one of ${HTTP_METHODS.join(', ')}` }))
    .default('POST'),
  auth: authSchema.default({ type: 'none' }),
  headers: z
    .array(
      z.object({
        key: z.string().regex(HEADER_NAME, { error: 'not a valid header name' }),
        value: z
          .string()
          .max(8192)
          .refine((value) => !/[\r\n\0]/.test(value), 'header values cannot contain CR, LF or NUL'),
        mandatory: z.boolean().default(false),
      }),
    )
    .max(50)
    .default([]),
  bodyType: z.enum(['none', 'json', 'xml', 'form', 'text']).default('json'),
  isDefault: z.boolean().default(false),
});

export type SavedWebhookInput = z.output<typeof savedWebhookInputSchema>;

/** A secret rotation: how long the previous secret keeps signing alongside the new one. */
export const rotationSchema = z.object({
  overlapSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .default(24 * 3600),
});
