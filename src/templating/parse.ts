import { scanTemplate } from './tokens.js';
import type { TemplatePart } from './types.js';

/** An unclosed `${` can run to the end of a long body; messages show only its start. */
const MAX_SHOWN = 40;

/** Parsed templates by text: a flow renders the same templates on every execution. */
const cache = new Map<string, readonly TemplatePart[]>();
const MAX_CACHED = 4096;

/**
 * Parses a template into literal text and variable references. Never throws: a malformed
 * token becomes literal text (report it with {@link findTemplateProblems}), `$$` becomes
 * `$`, and adjacent text is merged so text and variables alternate. Results are cached
 * and frozen.
 */
export function parseTemplate(template: string): readonly TemplatePart[] {
  const cached = cache.get(template);
  if (cached) return cached;
  const parts = scanParts(template);
  // A bounded cache: cleared whole when full, which is rare and cheap to refill.
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(template, parts);
  return parts;
}

function scanParts(template: string): readonly TemplatePart[] {
  const parts: TemplatePart[] = [];
  for (const token of scanTemplate(template)) {
    if (token.kind === 'variable') {
      parts.push({ kind: 'variable', name: token.name });
      continue;
    }
    const last = parts.at(-1);
    if (last?.kind === 'text') last.text += token.text;
    else parts.push({ kind: 'text', text: token.text });
  }
  return Object.freeze(parts.map((part) => Object.freeze(part)));
}

/**
 * One readable message per malformed token, naming its text and 0-based position, e.g.
 * `bad template token "${flow.key.a-b}" at 4: ...`. Empty when the template is well formed.
 */
export function findTemplateProblems(template: string): string[] {
  const problems: string[] = [];
  for (const token of scanTemplate(template)) {
    if (token.kind !== 'malformed') continue;
    const shown = token.text.length > MAX_SHOWN ? `${token.text.slice(0, MAX_SHOWN)}…` : token.text;
    problems.push(
      `bad template token "${shown}" at ${token.index}: ${token.reason} (write $$ for a literal $)`,
    );
  }
  return problems;
}

/** Full names of the variables a template references (`$flow.key.x`), unique, in order. */
export function templateVariables(template: string): string[] {
  const names = new Set<string>();
  for (const token of scanTemplate(template)) {
    if (token.kind === 'variable') names.add(token.name);
  }
  return [...names];
}
