import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeProblem, validateFlow, type Problem } from '../../src/flow/index.js';
import { widgetCatalogue } from '../../src/widgets/index.js';

/**
 * Every JSON example in README.md, docs/ and examples/ is checked: a flow document must
 * validate without a warning, a widget (`{"type": ...}`) or a webhook config (`{"mode": ...}`) must fit its
 * widget's schema and checks. A ```json block that is not valid JSON fails too.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function markdownFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

interface Example {
  where: string;
  text: string;
}

const JSON_BLOCK = /^```json\n([\s\S]*?)^```$/gm;

function examples(): Example[] {
  const found: Example[] = [];
  for (const file of ['README.md', ...markdownFiles('docs')]) {
    const source = readFileSync(join(ROOT, file), 'utf8');
    for (const match of source.matchAll(JSON_BLOCK)) {
      const line = source.slice(0, match.index).split('\n').length;
      found.push({ where: `${file}:${line}`, text: match[1] ?? '' });
    }
  }
  for (const file of readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.json'))) {
    const path = join('examples', file);
    found.push({ where: path, text: readFileSync(join(ROOT, path), 'utf8') });
  }
  return found;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The errors of one widget config checked on its own (its lines lead outside the fragment). */
function widgetErrors(type: string, config: unknown, lineCount?: number): string[] {
  const widget = widgetCatalogue.get(type);
  if (widget === undefined) return [`unknown widget type "${type}"`];
  const parsed = widget.config.safeParse(config ?? {});
  if (!parsed.success) return parsed.error.issues.map((issue) => issue.message);
  const problems: Problem[] = widget.check?.(parsed.data) ?? [];
  const errors = problems.filter((p) => p.severity === 'error').map(describeProblem);
  const { min, max } = widget.lines(parsed.data);
  if (lineCount !== undefined && (lineCount < min || lineCount > max)) {
    errors.push(`${lineCount} lines; ${type} takes ${min} to ${max}`);
  }
  return errors;
}

type Kind = 'flow' | 'widget' | 'webhook config' | 'other';

function kindOf(value: unknown): Kind {
  if (!isObject(value)) return 'other';
  if ('widgets' in value && 'start' in value) return 'flow';
  if (typeof value['type'] === 'string' && widgetCatalogue.has(value['type'])) return 'widget';
  if ('mode' in value || 'request' in value) return 'webhook config';
  return 'other';
}

function errorsOf(value: unknown, kind: Kind): string[] {
  if (!isObject(value)) return [];
  switch (kind) {
    case 'flow':
      // Warnings too: an example shows a flow as it should be.
      return validateFlow(value, widgetCatalogue).problems.map(describeProblem);
    case 'widget':
      return widgetErrors(
        value['type'] as string,
        value['config'],
        Array.isArray(value['lines']) ? value['lines'].length : undefined,
      );
    case 'webhook config':
      return widgetErrors('webhook', value);
    case 'other':
      return [];
  }
}

const all = examples().map((example) => {
  let value: unknown;
  let parseError: string | undefined;
  try {
    value = JSON.parse(example.text);
  } catch (caught) {
    parseError = caught instanceof Error ? caught.message : String(caught);
  }
  return { ...example, value, parseError, kind: kindOf(value) };
});

describe('JSON examples in README.md, docs/ and examples/', () => {
  it('finds flows, widgets and webhook configs to check', () => {
    const kinds = new Set(all.map((example) => example.kind));
    expect([...kinds]).toEqual(expect.arrayContaining(['flow', 'widget', 'webhook config']));
    expect(all.filter((example) => example.where.startsWith('examples')).length).toBeGreaterThan(0);
  });

  it.each(all)('$where ($kind) is valid', (example) => {
    expect(example.parseError).toBeUndefined();
    expect(errorsOf(example.value, example.kind)).toEqual([]);
  });
});
