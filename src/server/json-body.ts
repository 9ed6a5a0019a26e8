import { exceedsJsonDepth } from '../mapping/index.js';
import { HooklineError } from './errors.js';

/**
 * The deepest nesting of arrays/objects a request body may have (the body itself is level 1).
 * Views, storage and JSON.stringify recurse; a deeper body is refused here, at the edge, for
 * every route (docs/server.md "Request bodies").
 */
export const MAX_REQUEST_DEPTH = 32;

/** A request body's JSON: 400 when it is not JSON or nests deeper than MAX_REQUEST_DEPTH. */
export function parseJsonBody(text: string, notJson: string): unknown {
  let parsed: unknown;
  try {
    // JSON.parse itself is not recursive in V8: any depth parses; the walk below is iterative.
    parsed = JSON.parse(text);
  } catch {
    throw new HooklineError('INVALID_REQUEST', notJson);
  }
  if (text.length > 2 * MAX_REQUEST_DEPTH && exceedsJsonDepth(parsed, MAX_REQUEST_DEPTH)) {
    throw new HooklineError(
      'INVALID_REQUEST',
      `the body nests deeper than ${MAX_REQUEST_DEPTH} levels of arrays and objects`,
    );
  }
  return parsed;
}
