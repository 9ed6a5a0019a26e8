/**
 * Response readers (docs/webhook-widget.md "response"): dotted `data...` paths, RFC 9535
 * JSONPath, XPath 1.0 and dotted XML, and the mapping of a response body into
 * flow variables. Pure: depends on nothing internal.
 */
export { applyMappings, type MappedVariable, type MappingOutcome } from './apply-mappings.js';
export { queryJsonPath } from './json-path.js';
export { parseJson, readJson } from './json-reader.js';
export { toMappedValue } from './mapped-value.js';
export { MappingPathError } from './mapping-path-error.js';
export { exceedsJsonDepth, MAX_NESTING_DEPTH } from './nesting-depth.js';
export { findPathProblem } from './path-problem.js';
export { regexFinds, regexProblem } from './user-regex.js';
export type { XmlObjectForm } from './xml-object-form.js';
export { parseXml, type XmlBody } from './xml-parse.js';
export { readXml } from './xml-reader.js';
export type { MappedValue, Mapping, ReadResult, ResponseType } from './types.js';
