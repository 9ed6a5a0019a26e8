import type { TemplateValue, VariableLookup } from './types.js';

/**
 * Hostile variable values shared by the context tests (not a test file itself): every
 * character that has a meaning in some context, plus unicode and JSON text.
 */
export const HOSTILE = {
  doubleQuote: 'say "hi"',
  singleQuote: "it's",
  backslash: 'C:\\dir\\',
  newline: 'a\nb',
  crlf: 'a\r\nb',
  tab: 'a\tb',
  closingTag: '</x><y a="1">',
  cdataEnd: 'a]]>b',
  ampersand: 'fish & chips',
  equals: 'a=b',
  question: 'what?',
  hash: '#1',
  slash: 'a/b',
  percent: '100%',
  percentEncoded: '%2F',
  spaces: ' two  spaces ',
  plus: '1+1',
  accented: 'café',
  cjk: '日本',
  emoji: '👍🏽',
  lineSeparator: 'a\u2028b',
  controlChar: 'bell\u0007',
  loneSurrogate: '\uD800x',
  jsonObject: '{"a":[1,"x"]}',
  jsonString: '"quoted"',
  queryLike: 'a=1&b=2',
  urlLike: 'https://evil.example/?x=1#y',
  empty: '',
} as const;

/** The name of one hostile value. */
export type Hostile = keyof typeof HOSTILE;

/** The hostile values as [name, value] rows for `it.each`. */
export const HOSTILE_ROWS = Object.entries(HOSTILE) as Array<[Hostile, string]>;

/** A lookup over a fixed set of variables. */
export function lookupFrom(variables: Record<string, TemplateValue>): VariableLookup {
  return (name) => variables[name];
}

/** A lookup holding only `$flow.key.v` (or nothing, for `undefined`). */
export function lookupV(value: TemplateValue | undefined): VariableLookup {
  return (name) => (name === '$flow.key.v' ? value : undefined);
}
