import { z } from 'zod';

/** RFC 9110 token: what a header name may be. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `whsec_` + base64 (Standard Webhooks secret format). */
const WHSEC = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

/**
 * docs/webhook-widget.md `auth`: `none`, `basic`, `bearer`, `apiKey` (header or query) and `hmac`
 * (Standard Webhooks signature over the body). Unknown keys are refused so a typo
 * (`"toke"`) is reported rather than silently sending no credentials.
 */
export const authSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('basic'), username: z.string(), password: z.string() }),
  z.strictObject({ type: z.literal('bearer'), token: z.string().min(1) }),
  z
    .strictObject({
      type: z.literal('apiKey'),
      in: z.enum(['header', 'query']),
      name: z.string().min(1),
      value: z.string(),
    })
    .refine((auth) => auth.in === 'query' || HEADER_NAME.test(auth.name), {
      error: 'an apiKey header name must be a valid HTTP header name',
      path: ['name'],
    }),
  z
    .strictObject({ type: z.literal('hmac'), secret: z.string().min(1) })
    .refine((auth) => !auth.secret.startsWith('whsec_') || WHSEC.test(auth.secret), {
      error: 'a whsec_ secret must be base64 after the prefix',
      path: ['secret'],
    }),
]);

/** How a request authenticates (docs/webhook-widget.md). */
export type Auth = z.infer<typeof authSchema>;
