/**
 * Lint for webhook bodies that are templates (docs/flows.md "Templates"): a `json` or `xml`
 * body is checked the way the server checks it (docs/webhook-widget.md "Request"), after
 * every token is replaced by a stand-in of the same length, so positions stay where the
 * user typed them and a valid template is never flagged. Pure: no browser code.
 */

/** `$flow.key.a.b`, `${user.syskey.x}`: the scanner's token shapes (src/templating/tokens.ts). */
const TOKEN =
  /\$\{(?:flow|user)\.(?:key|syskey)\.[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\}|\$(?:flow|user)\.(?:key|syskey)\.[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/y;

export interface BodyProblem {
  from: number;
  to: number;
  message: string;
}

/**
 * The body with every token replaced by text of its length: inside a JSON string by `x`s
 * (a value renders as escaped string content), elsewhere in JSON by `null` and spaces (the
 * server renders a missing value as `null`, and any value is valid where `null` is); in XML
 * by `x`s (values are escaped text). `$$` (a literal `$`) is kept as it is.
 */
export function substituteTokens(body: string, kind: 'json' | 'xml'): string {
  let out = '';
  let inString = false;
  let escaping = false;
  let at = 0;
  while (at < body.length) {
    const char = body[at] ?? '';
    if (char === '$' && body[at + 1] === '$') {
      out += '$$';
      at += 2;
      continue;
    }
    if (char === '$') {
      TOKEN.lastIndex = at;
      const token = TOKEN.exec(body);
      if (token !== null) {
        const length = token[0].length;
        out += kind === 'json' && !inString ? 'null'.padEnd(length, ' ') : 'x'.repeat(length);
        escaping = false;
        at += length;
        continue;
      }
    }
    if (kind === 'json') {
      if (escaping) escaping = false;
      else if (inString && char === '\\') escaping = true;
      else if (char === '"') inString = !inString;
    }
    out += char;
    at += 1;
  }
  return out;
}

/** Line and column (1-based) → offset in `text`. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current += 1) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

/** Where a JSON.parse message points (V8: "at position N", "(line L column C)"). */
function jsonErrorOffset(message: string, text: string): number {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return offsetOf(text, Number(lineColumn[1]), Number(lineColumn[2]));
  const position = /at position (\d+)/.exec(message);
  return position ? Math.min(text.length, Number(position[1])) : text.length;
}

function span(text: string, from: number, message: string): BodyProblem {
  const start = Math.min(from, Math.max(0, text.length - 1));
  return { from: start, to: Math.min(text.length, start + 1), message };
}

/** The JSON body template's problem, or undefined when it can be well formed. */
export function jsonBodyProblem(body: string): BodyProblem | undefined {
  if (body.trim() === '') return undefined;
  const text = substituteTokens(body, 'json');
  try {
    JSON.parse(text);
    return undefined;
  } catch (caught) {
    const message = caught instanceof Error ? caught.message : String(caught);
    return span(body, jsonErrorOffset(message, text), `Invalid JSON: ${message}`);
  }
}

/**
 * What an XML parser said: its message and, when it tells, the line and column. The
 * browser's DOMParser gives "error on line L at column C: ..." (see `domXmlParse`).
 */
export type XmlParse = (
  text: string,
) => { message: string; line?: number; column?: number } | undefined;

/** The XML body template's problem, or undefined when it is well formed. */
export function xmlBodyProblem(body: string, parse: XmlParse): BodyProblem | undefined {
  if (body.trim() === '') return undefined;
  const found = parse(substituteTokens(body, 'xml'));
  if (found === undefined) return undefined;
  const from = found.line === undefined ? 0 : offsetOf(body, found.line, found.column ?? 1);
  return span(body, from, `Invalid XML: ${found.message}`);
}

/** Reads Chromium's and Firefox's parsererror text into line, column and message. */
export function readParserError(text: string): { message: string; line?: number; column?: number } {
  const chromium = /error on line (\d+) at column (\d+): ([^\n]*)/.exec(text);
  if (chromium) {
    return {
      line: Number(chromium[1]),
      column: Number(chromium[2]),
      message: (chromium[3] ?? '').trim(),
    };
  }
  const firefox = /Line Number (\d+), Column (\d+)/.exec(text);
  const message = text.split('\n')[0]?.trim() || 'not well formed';
  return firefox ? { line: Number(firefox[1]), column: Number(firefox[2]), message } : { message };
}
