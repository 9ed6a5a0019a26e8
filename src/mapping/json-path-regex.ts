import { FunctionExpressionType, type JSONPathEnvironment } from 'json-p3';
import { regexFinds } from './user-regex.js';

/**
 * RFC 9535 `match()` and `search()` on re2js instead of json-p3's own, which hands the
 * pattern to a backtracking RegExp (see user-regex.ts). The pattern is an I-Regexp
 * (RFC 9485), mapped to RE2 as its §5.4 says: `.` outside a class is `[^\n\r]`; `match`
 * must cover the whole value. A pattern that does not compile matches nothing.
 */
function toRe2(pattern: string): string {
  let out = '';
  let escaped = false;
  let inClass = false;
  for (const char of pattern) {
    if (escaped) escaped = false;
    else if (char === '\\') escaped = true;
    else if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    else if (char === '.' && !inClass) {
      out += '[^\\n\\r]';
      continue;
    }
    out += char;
  }
  return out;
}

class RegexFunction {
  readonly argTypes = [FunctionExpressionType.ValueType, FunctionExpressionType.ValueType];
  readonly returnType = FunctionExpressionType.LogicalType;
  readonly #whole: boolean;

  constructor(whole: boolean) {
    this.#whole = whole;
  }

  call(value: unknown, pattern: unknown): boolean {
    if (typeof value !== 'string' || typeof pattern !== 'string') return false;
    const re2 = toRe2(pattern);
    return regexFinds(this.#whole ? `^(?:${re2})$` : re2, value);
  }
}

/** Replaces the environment's `match` and `search` with the linear-time ones. */
export function useLinearRegexFunctions(environment: JSONPathEnvironment): void {
  environment.functionRegister.set('match', new RegexFunction(true));
  environment.functionRegister.set('search', new RegexFunction(false));
}
