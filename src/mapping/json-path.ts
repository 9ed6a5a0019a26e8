import { JSONPathEnvironment, JSONPathError, type JSONValue } from 'json-p3';
import { useLinearRegexFunctions } from './json-path-regex.js';
import { MappingPathError } from './mapping-path-error.js';
import { MAX_NESTING_DEPTH } from './nesting-depth.js';

// Strict RFC 9535, no json-p3 extensions. json-p3's default `..` limit (50
// levels) is lower than the bodies we accept, so raise it past MAX_NESTING_DEPTH.
const environment = new JSONPathEnvironment({
  strict: true,
  maxRecursionDepth: MAX_NESTING_DEPTH + 2,
});
useLinearRegexFunctions(environment);

/**
 * The JSONPath primitive: the values of every node `path` selects in
 * `document` (RFC 9535), in order. Throws MappingPathError on an invalid
 * selector.
 */
export function queryJsonPath(document: unknown, path: string): unknown[] {
  try {
    // The document comes from JSON.parse, so it is a JSONValue.
    return environment
      .compile(path)
      .query(document as JSONValue)
      .values();
  } catch (error) {
    if (!(error instanceof JSONPathError)) throw error;
    throw new MappingPathError(`invalid JSONPath "${path}": ${error.message}`, { cause: error });
  }
}

/** Why `path` is not a valid RFC 9535 JSONPath, or null when it is. */
export function findJsonPathProblem(path: string): string | null {
  try {
    environment.compile(path);
    return null;
  } catch (error) {
    if (!(error instanceof JSONPathError)) throw error;
    return `invalid JSONPath: ${error.message}`;
  }
}
