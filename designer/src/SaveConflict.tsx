import { useCallback, useState } from 'react';
import { api, ApiError } from './api.js';
import { Confirm } from './Confirm.js';
import type { FlowDocument } from './types.js';
import type { FlowState } from './use-flow-state.js';

/**
 * Save and its conflict (docs/designer.md "Saving and conflicts"): a new version on the one
 * opened (`If-Match`); a 409 opens the conflict dialog. `save(true)` saves a copy instead.
 */
export function useSave({
  flowId,
  document,
  state,
  open,
}: {
  flowId: string;
  document: FlowDocument | undefined;
  state: Pick<FlowState, 'loaded' | 'setLoaded' | 'setStatus'>;
  open: (id: string) => void;
}) {
  const [conflict, setConflict] = useState(false);
  const { loaded, setLoaded, setStatus } = state;
  const save = useCallback(
    (asCopy = false) => {
      if (!document || !loaded) return;
      setConflict(false);
      if (asCopy) {
        api.createFlow({ ...document, name: `${document.name} (copy)` }).then(
          (created) => {
            open(created.id);
          },
          (caught: unknown) => {
            setStatus(String(caught));
          },
        );
        return;
      }
      setStatus('saving…');
      api.saveFlow(flowId, document, loaded.version).then(
        (saved) => {
          setLoaded({ ...loaded, version: saved.version });
          setStatus(`saved: version ${saved.version}`);
        },
        (caught: unknown) => {
          if (caught instanceof ApiError && caught.status === 409) setConflict(true);
          setStatus(caught instanceof ApiError ? caught.message : String(caught));
        },
      );
    },
    [document, loaded, flowId, open, setLoaded, setStatus],
  );
  return { save, conflict, setConflict };
}

/** The stale save's dialog: reload the latest version or save these changes as a copy. */
export function ConflictDialog({
  onReload,
  onCopy,
  onCancel,
}: {
  onReload: () => void;
  onCopy: () => void;
  onCancel: () => void;
}) {
  return (
    <Confirm
      title="This flow changed since you opened it"
      message="Someone saved a newer version. Reload it (your changes are lost) or save yours as a copy."
      confirm="Reload"
      onConfirm={onReload}
      onCancel={onCancel}
      other={{ label: 'Save as a copy', onClick: onCopy }}
    />
  );
}
