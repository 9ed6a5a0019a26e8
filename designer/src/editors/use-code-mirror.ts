import type { Extension } from '@codemirror/state';
import { EditorView } from 'codemirror';
import { useEffect, useRef } from 'react';

/**
 * A CodeMirror view in `host` showing `value`: typing calls `onChange` with the text; a new
 * `value` from outside (undo, a mapping picked in the test panel) replaces the text while
 * the editor does not have the focus. `extensions` are read once, when the view opens.
 */
export function useCodeMirror(
  value: string,
  onChange: (text: string) => void,
  extensions: () => Extension[],
) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | undefined>(undefined);
  const latest = useRef(onChange);
  latest.current = onChange;

  useEffect(() => {
    if (!host.current) return undefined;
    const opened = new EditorView({
      doc: value,
      parent: host.current,
      extensions: [
        ...extensions(),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !update.transactions.some((t) => t.isUserEvent('external')))
            latest.current(update.state.doc.toString());
        }),
      ],
    });
    view.current = opened;
    return () => {
      opened.destroy();
      view.current = undefined;
    };
    // The view opens once; `value` changes are applied below.
  }, []);

  useEffect(() => {
    const current = view.current;
    // While the user types, the text is the newest value: a render still carrying the value
    // of a keystroke ago must not overwrite it (undo and picked mappings come from outside).
    if (!current || current.hasFocus || current.state.doc.toString() === value) return;
    current.dispatch({
      changes: { from: 0, to: current.state.doc.length, insert: value },
      userEvent: 'external',
    });
  }, [value]);

  return host;
}
