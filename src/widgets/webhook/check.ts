import { error, warning, type Problem } from '../../flow/index.js';
import { findPathProblem } from '../../mapping/index.js';
import { parseTemplate } from '../../templating/index.js';
import { renderBody } from './build-request.js';
import type { WebhookConfig } from './config.js';
import { internalFunctions } from './internal-functions/index.js';

const nothing = (): undefined => undefined;

/** `scheme:` at the start of a URL (RFC 3986 §3.1). */
const LEADING_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

function schemeProblem(protocol: string): Problem[] {
  if (protocol === 'http:' || protocol === 'https:') return [];
  return [error('request.url', `unsupported URL scheme "${protocol}" (http or https only)`)];
}

/** A literal URL must parse; a templated one whose scheme is written out must be http(s). */
function checkUrl(url: string): Problem[] {
  const parts = parseTemplate(url);
  const first = parts[0];
  if (parts.length > 1 || first?.kind !== 'text') {
    const scheme = first?.kind === 'text' ? LEADING_SCHEME.exec(first.text) : null;
    return scheme ? schemeProblem(`${(scheme[1] ?? '').toLowerCase()}:`) : [];
  }
  try {
    return schemeProblem(new URL(url).protocol);
  } catch {
    return [error('request.url', 'not a valid absolute URL')];
  }
}

/** A saved widget's own request: its URL is the saved webhook's; a body it types must be well formed. */
function checkSaved(config: Extract<WebhookConfig, { mode: 'saved' }>): Problem[] {
  const { request } = config;
  const problems: Problem[] = [];
  if (request.url !== undefined) {
    problems.push(warning('request.url', "ignored in saved mode: the saved webhook's URL is used"));
  }
  if (request.bodyType !== undefined) {
    const body = renderBody({ bodyType: request.bodyType, body: request.body ?? '' }, nothing);
    if (!body.ok) problems.push(error('request.body', body.message));
  }
  return problems;
}

/** docs/internal-functions.md: a known function, and inputs it takes. */
function checkInternal(config: Extract<WebhookConfig, { mode: 'internal' }>): Problem[] {
  const definition = internalFunctions.get(config.function);
  if (!definition) {
    const known = [...internalFunctions.keys()].join(', ');
    return [error('function', `unknown internal function "${config.function}" (known: ${known})`)];
  }
  const accepted = new Set(definition.inputs.map((input) => input.name));
  return Object.keys(config.inputs)
    .filter((name) => !accepted.has(name))
    .map((name) =>
      warning(
        `inputs.${name}`,
        `${config.function} takes no input "${name}" (it takes: ${[...accepted].join(', ') || 'none'})`,
      ),
    );
}

/** Validation beyond the schema: URL, body well-formedness, mapping paths, odd combinations. */
export function checkWebhookConfig(config: WebhookConfig): Problem[] {
  const problems: Problem[] = [];
  if (config.mode === 'custom') {
    const { request } = config;
    problems.push(...checkUrl(request.url));
    // Rendering with every variable empty finds a body that can never be well formed.
    const body = renderBody(request, nothing);
    if (!body.ok) problems.push(error('request.body', body.message));
    if ((request.method === 'GET' || request.method === 'HEAD') && request.bodyType !== 'none') {
      problems.push(warning('request.bodyType', `a ${request.method} request usually has no body`));
    }
  }
  if (config.mode === 'saved') problems.push(...checkSaved(config));
  if (config.mode === 'internal') problems.push(...checkInternal(config));
  config.response.mappings.forEach((mapping, index) => {
    const problem = findPathProblem(mapping.path, config.response.type);
    if (problem) problems.push(error(`response.mappings[${index}].path`, problem));
  });
  if (config.holdMusic.enabled && !config.waitForResponse) {
    problems.push(
      warning('holdMusic', 'hold music only plays while the flow waits for the response'),
    );
  }
  if (config.retry && config.retry.attempts > 0 && config.retry.on.length === 0) {
    problems.push(warning('retry.on', 'retry attempts are set but no failure kind is retried'));
  }
  return problems;
}
