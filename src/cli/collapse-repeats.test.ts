import { describe, expect, it } from 'vitest';
import { RepeatCollapser } from './collapse-repeats.js';

/** Feeds steps named by letters through a collapser; returns the lines printed. */
function printed(letters: string): string[] {
  const lines: string[] = [];
  const collapser = new RepeatCollapser((line) => lines.push(line));
  for (const letter of letters) collapser.add({ lines: [letter], key: letter });
  collapser.flush();
  return lines;
}

describe('RepeatCollapser', () => {
  it.each<[string, string[]]>([
    ['abc', ['a', 'b', 'c']],
    ['aaaaa', ['a', 'a', '  … the same step repeated 3 more times']],
    ['ababab', ['a', 'b', 'a', 'b', '  … the same 2 steps repeated once']],
    // A partial repetition is printed after the count, then the step that broke the loop.
    ['abababac', ['a', 'b', 'a', 'b', '  … the same 2 steps repeated once', 'a', 'c']],
    ['xabcabcabcy', ['x', 'a', 'b', 'c', 'a', 'b', 'c', '  … the same 3 steps repeated once', 'y']],
    ['abab' + 'c', ['a', 'b', 'a', 'b', 'c']],
  ])('%s', (letters, expected) => {
    expect(printed(letters)).toEqual(expected);
  });
});
