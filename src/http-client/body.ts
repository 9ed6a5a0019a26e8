/** docs/webhook-widget.md `bodyType`. */
export const BODY_TYPES = ['none', 'json', 'xml', 'form', 'text'] as const;
export type BodyType = (typeof BODY_TYPES)[number];

/**
 * The Content-Type a body type implies (docs/webhook-widget.md), or undefined for `none`. The caller sets it
 * only when no header already sets Content-Type: the flow author's header wins.
 */
export function contentTypeFor(bodyType: BodyType): string | undefined {
  switch (bodyType) {
    case 'none':
      return undefined;
    case 'json':
      return 'application/json';
    case 'xml':
      return 'application/xml';
    case 'form':
      return 'application/x-www-form-urlencoded';
    case 'text':
      return 'text/plain; charset=utf-8';
  }
}
