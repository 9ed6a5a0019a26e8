/** A flow variable's value as a mapping sets it (docs/webhook-widget.md: objects and arrays become JSON text). */
export type MappedValue = string | number | boolean | null;

/** What reading one path from a body gives: a value (possibly `null`) or nothing. */
export type ReadResult = { found: true; value: unknown } | { found: false };

/** The response type a path is read from (docs/webhook-widget.md `response.type`). */
export type ResponseType = 'json' | 'xml';

/** One entry of a webhook's `response.mappings` (docs/webhook-widget.md). */
export interface Mapping {
  /** The variable to set, e.g. `$flow.key.customer_name`; passed through untouched. */
  saveIn: string;
  /** A dotted `data...` path, a `$` JSONPath (json) or an XPath 1.0 expression (xml). */
  path: string;
  /** When true, finding nothing (and having no default) fails with MAPPING_MISSING. */
  mandatory?: boolean | undefined;
  /** Used when the path finds nothing; a found `null` stays `null`. */
  default?: string | undefined;
}

/** The value shared by every "found nothing" read. */
export const NOT_FOUND: ReadResult = { found: false };
