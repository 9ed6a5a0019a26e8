/**
 * Each auth type's fields (docs/webhook-widget.md "Auth"), for the webhook widget's editor and
 * the saved webhook form; secret ones are password inputs. `apiKey`'s `in` (header or query)
 * is a select of its own in both.
 */
export const AUTH_FIELDS: Record<
  string,
  Array<{ name: string; label: string; secret?: boolean }>
> = {
  none: [],
  basic: [
    { name: 'username', label: 'Username' },
    { name: 'password', label: 'Password', secret: true },
  ],
  bearer: [{ name: 'token', label: 'Token', secret: true }],
  apiKey: [
    { name: 'name', label: 'Key name' },
    { name: 'value', label: 'Key value', secret: true },
  ],
  hmac: [{ name: 'secret', label: 'HMAC secret (whsec_…)', secret: true }],
};
