/**
 * The template scanner (docs/flows.md). Tokens are `$flow.key.NAME`, `$flow.syskey.NAME`,
 * `$user.key.NAME`, `$user.syskey.NAME` (longest dotted NAME) or the braced form
 * `${flow.key.NAME}`; `$$` is a literal `$`; any other `$` is literal text.
 */

/** What the scanner saw. Malformed tokens keep their text so rendering can emit it verbatim. */
export type ScannedToken =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; name: string }
  | { kind: 'malformed'; text: string; index: number; reason: string };

type Found = { token: ScannedToken; end: number };

// docs/flows.md: NAME is segments [A-Za-z_][A-Za-z0-9_]* joined by dots. The greedy `(?:\.seg)*`
// takes the longest dotted name and leaves a dot that no segment follows as literal text.
const BARE_TOKEN = /\$(?:flow|user)\.(?:key|syskey)\.[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/y;
/** A `$flow.` / `$user.` prefix promises a token: what follows must make one. */
const BARE_PREFIX = /\$(flow|user)\.(\w*)(\.?)([\w.]*)/y;
const NAMESPACE = /^(?:flow|user)\.(?:key|syskey)$/;
const NAME = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;

/** Splits a template into text, variables and malformed tokens; never throws. */
export function scanTemplate(template: string): ScannedToken[] {
  const tokens: ScannedToken[] = [];
  let text = '';
  let at = 0;
  while (at < template.length) {
    const dollar = template.indexOf('$', at);
    if (dollar === -1) {
      text += template.slice(at);
      break;
    }
    text += template.slice(at, dollar);
    const next = template[dollar + 1];
    if (next === '$') {
      text += '$';
      at = dollar + 2;
      continue;
    }
    const found = next === '{' ? scanBraced(template, dollar) : scanBare(template, dollar);
    if (found === undefined) {
      // `$5.00`, `US$`, `$flowers`: a lone `$` is literal text.
      text += '$';
      at = dollar + 1;
      continue;
    }
    if (text !== '') tokens.push({ kind: 'text', text });
    text = '';
    tokens.push(found.token);
    at = found.end;
  }
  if (text !== '') tokens.push({ kind: 'text', text });
  return tokens;
}

function scanBare(template: string, index: number): Found | undefined {
  BARE_TOKEN.lastIndex = index;
  const token = BARE_TOKEN.exec(template);
  if (token !== null) {
    return { token: { kind: 'variable', name: token[0] }, end: index + token[0].length };
  }
  BARE_PREFIX.lastIndex = index;
  const prefix = BARE_PREFIX.exec(template);
  if (prefix === null) return undefined;
  const [text, root = '', scope = '', dot = '', name = ''] = prefix;
  // `$flow.key` with no dot has an empty name, like `$flow.key.`.
  const reason =
    scope === 'key' || scope === 'syskey'
      ? nameReason(dot === '.' ? name : '')
      : `"$${root}." must be followed by "key." or "syskey." and a name`;
  return { token: { kind: 'malformed', text, index, reason }, end: index + text.length };
}

function scanBraced(template: string, index: number): Found {
  const close = template.indexOf('}', index + 2);
  const nextDollar = template.indexOf('$', index + 1);
  if (close === -1 || (nextDollar !== -1 && nextDollar < close)) {
    // Unclosed: stop at the next `$` so the tokens after it still count.
    const end = nextDollar === -1 ? template.length : nextDollar;
    const text = template.slice(index, end);
    return { token: { kind: 'malformed', text, index, reason: 'no closing "}"' }, end };
  }
  const text = template.slice(index, close + 1);
  const inner = text.slice(2, -1);
  // The second dot ends the namespace (`flow.key`); the NAME follows it.
  const namespaceEnd = inner.indexOf('.', inner.indexOf('.') + 1);
  const namespace = namespaceEnd === -1 ? inner : inner.slice(0, namespaceEnd);
  const name = namespaceEnd === -1 ? '' : inner.slice(namespaceEnd + 1);
  let reason: string | undefined;
  if (!NAMESPACE.test(namespace)) {
    reason =
      'expected ${flow.key.NAME}, ${flow.syskey.NAME}, ${user.key.NAME} or ${user.syskey.NAME}';
  } else if (!NAME.test(name)) {
    reason = nameReason(name);
  }
  const token: ScannedToken =
    reason === undefined
      ? { kind: 'variable', name: `$${inner}` }
      : { kind: 'malformed', text, index, reason };
  return { token, end: close + 1 };
}

function nameReason(name: string): string {
  if (name === '') return 'the variable name is missing';
  return `"${name}" is not a variable name (segments of [A-Za-z_][A-Za-z0-9_]* joined by dots)`;
}
