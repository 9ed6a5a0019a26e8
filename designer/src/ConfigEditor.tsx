import { json, jsonParseLinter } from '@codemirror/lang-json';
import { linter, lintGutter } from '@codemirror/lint';
import { EditorView, basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

/** A JSON editor (CodeMirror 6) flagging invalid JSON; calls `onValid` with each parseable value. */
export default function ConfigEditor({
  value,
  onValid,
}: {
  value: unknown;
  onValid: (value: unknown) => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const latest = useRef(onValid);
  latest.current = onValid;

  useEffect(() => {
    if (!host.current) return undefined;
    const view = new EditorView({
      doc: JSON.stringify(value ?? {}, null, 2),
      parent: host.current,
      extensions: [
        basicSetup,
        json(),
        linter(jsonParseLinter(), { delay: 200 }),
        lintGutter(),
        EditorView.contentAttributes.of({ 'aria-label': 'Config (JSON)' }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          try {
            latest.current(JSON.parse(update.state.doc.toString()));
          } catch {
            // The linter shows where; nothing is applied until it parses.
          }
        }),
      ],
    });
    return () => {
      view.destroy();
    };
    // The editor owns the text once open; the panel remounts it for another widget.
  }, []);

  return <div ref={host} className="config-editor" />;
}
