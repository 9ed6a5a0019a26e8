/**
 * The variable names a template field offers to complete (docs/designer.md "Widget editors"):
 * the `$flow.key.*` and `$user.key.*` names the flow uses or sets, the webhook response
 * variables, and the system keys (docs/flows.md "Variables"). Pure: no browser code.
 */
import type { WidgetDocument } from '../types.js';

export const SYSTEM_KEYS = [
  '$flow.syskey.executionId',
  '$flow.syskey.flowId',
  '$flow.syskey.flowVersion',
  '$flow.syskey.accountId',
  '$flow.syskey.from',
  '$flow.syskey.to',
  '$flow.syskey.direction',
  '$flow.syskey.startTime',
  '$user.syskey.contactNumber',
  '$user.syskey.accountID',
];

/** Set by every webhook widget, unprefixed and as `<widgetId>.<name>` (docs/webhook-widget.md). */
const RESPONSE_VARIABLES = [
  'response_status',
  'response_status_code',
  'response_status_type',
  'response_duration',
  'response_raw',
  'response_error',
  'error_reason',
];

const TOKEN = /\$\{?((?:flow|user)\.key\.[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)/g;
const NAME = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;

function strings(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, into);
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) strings(item, into);
}

/** What a widget writes: store keys, input `saveIn`, webhook mappings and response variables. */
function written(id: string, widget: WidgetDocument, names: Set<string>): void {
  const config = (widget.config ?? {}) as Record<string, unknown>;
  if (widget.type === 'store' && Array.isArray(config.variables)) {
    const prefix = config.scope === 'user' ? '$user.key.' : '$flow.key.';
    for (const variable of config.variables as Array<{ key?: unknown }>) {
      const key = typeof variable.key === 'string' ? variable.key : '';
      if (key.startsWith('$')) names.add(key);
      else if (NAME.test(key)) names.add(prefix + key);
    }
  }
  if (widget.type === 'webhook') {
    for (const name of RESPONSE_VARIABLES) {
      names.add(`$flow.key.${name}`);
      if (NAME.test(id)) names.add(`$flow.key.${id}.${name}`);
    }
  }
  if (widget.type === 'decision' && Array.isArray(config.conditions)) {
    for (const condition of config.conditions as Array<{ variable?: unknown }>) {
      if (typeof condition.variable === 'string' && NAME.test(condition.variable))
        names.add(`$flow.key.${condition.variable}`);
    }
  }
}

/**
 * Every `$flow.key.*` / `$user.key.*` name the widgets read or write, sorted; then the bare
 * `$flow.key.` and `$user.key.` (to type a new name) and the system keys.
 */
export function flowVariables(widgets: Record<string, WidgetDocument>): string[] {
  const names = new Set<string>();
  for (const [id, widget] of Object.entries(widgets)) {
    const texts: string[] = [];
    strings(widget.config, texts);
    for (const text of texts) {
      for (const match of text.matchAll(TOKEN)) names.add(`$${match[1] ?? ''}`);
    }
    written(id, widget, names);
  }
  return [...[...names].sort(), '$flow.key.', '$user.key.', ...SYSTEM_KEYS];
}

/**
 * The completions for the text before the cursor: where the token being typed starts and
 * the names it may become, or undefined when the cursor is not in a token. A braced token
 * (`${fl`) completes to `${flow.key.name}`.
 */
export function completionsAt(
  before: string,
  names: readonly string[],
): { from: number; options: string[] } | undefined {
  const typed = /\$\{?[\w.]*$/.exec(before);
  if (typed === null) return undefined;
  const braced = typed[0].startsWith('${');
  const prefix = typed[0].slice(braced ? 2 : 1);
  const options = names
    // The token being typed is in the document too: offering it back is no completion.
    .filter((name) => name.slice(1).startsWith(prefix) && name.slice(1) !== prefix)
    .map((name) => (braced ? `\${${name.slice(1)}}` : name));
  return { from: typed.index, options };
}
