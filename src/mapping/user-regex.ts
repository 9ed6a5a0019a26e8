import { RE2JS } from 're2js';

/**
 * Regular expressions written by flow authors (decision `matches`, JSONPath `match()` and
 * `search()`) run on re2js, a linear-time engine with RE2 syntax: no backreferences, no
 * lookaround, so no pattern can backtrack for hours on a hostile value
 * (docs/adr/0005-user-regexes-on-re2js.md, syntax in docs/flows.md).
 */

/** Longest pattern accepted, in characters. */
export const MAX_PATTERN_LENGTH = 1_000;
/** Longest text tested, in characters: a longer text is tested on its first MAX_MATCH_INPUT. */
const MAX_MATCH_INPUT = 1_000_000;

// Compiled patterns (or why one does not compile) by source: the same few patterns run on
// every execution. Cleared when full rather than tracked as an LRU.
const compiled = new Map<string, RE2JS | string>();
const MAX_COMPILED = 1_024;

function compile(pattern: string): RE2JS | string {
  let entry = compiled.get(pattern);
  if (entry !== undefined) return entry;
  entry = compileNew(pattern);
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(pattern, entry);
  return entry;
}

function compileNew(pattern: string): RE2JS | string {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `a pattern is at most ${MAX_PATTERN_LENGTH} characters`;
  }
  try {
    return RE2JS.compile(pattern);
  } catch (caught) {
    // re2js says "error parsing regexp: invalid escape sequence: `\1`".
    const message = caught instanceof Error ? caught.message : 'invalid pattern';
    return `not an RE2 pattern: ${message.replace(/^error parsing regexp: /, '')}`;
  }
}

/** Why `pattern` cannot be used (too long, not RE2 syntax), or null. */
export function regexProblem(pattern: string): string | null {
  const entry = compile(pattern);
  return typeof entry === 'string' ? entry : null;
}

/** True when `pattern` matches somewhere in `text`; a pattern that does not compile never matches. */
export function regexFinds(pattern: string, text: string): boolean {
  const entry = compile(pattern);
  if (typeof entry === 'string') return false;
  return entry.test(text.length > MAX_MATCH_INPUT ? text.slice(0, MAX_MATCH_INPUT) : text);
}
