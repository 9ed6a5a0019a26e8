/**
 * Thrown when a mapping path cannot be read at all: bad dotted syntax, an invalid
 * RFC 9535 JSONPath, or an XPath expression that fails to compile or evaluate.
 * Flow validation (`findPathProblem`) reports the same problems up front.
 */
export class MappingPathError extends Error {
  override readonly name = 'MappingPathError';
}
