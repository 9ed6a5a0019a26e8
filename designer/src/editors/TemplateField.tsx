import { autocompletion, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { EditorState } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { EditorView } from 'codemirror';
import { useRef } from 'react';
import { variableCompletions } from './completion.js';
import { useCodeMirror } from './use-code-mirror.js';

/**
 * A one-line template field (a URL, say) completing variable names as you type `$`
 * (docs/designer.md "Widget editors"). Tab leaves it; Enter or Tab accepts a completion
 * while the list is open.
 */
export function TemplateField({
  label,
  value,
  onChange,
  variables,
}: {
  label: string;
  value: string;
  onChange: (text: string) => void;
  variables: readonly string[];
}) {
  const names = useRef(variables);
  names.current = variables;
  const host = useCodeMirror(value, onChange, () => [
    history(),
    autocompletion({
      override: [variableCompletions(() => names.current)],
      activateOnTyping: true,
    }),
    keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap]),
    // One line: Enter (and a pasted newline) inserts nothing.
    EditorState.transactionFilter.of((transaction) =>
      transaction.docChanged && transaction.newDoc.lines > 1 ? [] : transaction,
    ),
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({
      'aria-label': label,
      'aria-multiline': 'false',
    }),
  ]);
  return <div ref={host} className="template-field" />;
}
