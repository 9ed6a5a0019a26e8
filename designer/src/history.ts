import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Undo and redo over whole canvas states (docs/designer.md). `checkpoint` is called before a
 * change; a `key` merges a run of changes of one kind (typing in one widget's config) into one
 * step. One state is recorded once, however many checkpoints a single event makes.
 */
export function useHistory<S extends object>(current: S, restore: (state: S) => void) {
  const latest = useRef(current);
  latest.current = current;
  const past = useRef<S[]>([]);
  const future = useRef<S[]>([]);
  const lastKey = useRef<string | undefined>(undefined);
  const [, setSteps] = useState(0);

  const checkpoint = useCallback((key?: string) => {
    if (key !== undefined && key === lastKey.current) return;
    lastKey.current = key;
    if (past.current.at(-1) === latest.current) return;
    past.current.push(latest.current);
    if (past.current.length > 100) past.current.shift();
    future.current = [];
    setSteps((steps) => steps + 1);
  }, []);

  const move = useCallback(
    (from: React.RefObject<S[]>, to: React.RefObject<S[]>) => {
      const state = from.current.pop();
      if (state === undefined) return;
      to.current.push(latest.current);
      lastKey.current = undefined;
      restore(state);
      setSteps((steps) => steps + 1);
    },
    [restore],
  );
  const undo = useCallback(() => {
    move(past, future);
  }, [move]);
  const redo = useCallback(() => {
    move(future, past);
  }, [move]);

  // Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z or Ctrl+Y redoes (text fields keep their own undo).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (
        !(event.ctrlKey || event.metaKey) ||
        target?.closest('input, textarea, [contenteditable]')
      )
        return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) undo();
      else if (key === 'y' || (key === 'z' && event.shiftKey)) redo();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [undo, redo]);

  return {
    checkpoint,
    undo,
    redo,
    canUndo: past.current.length > 0,
    canRedo: future.current.length > 0,
  };
}
