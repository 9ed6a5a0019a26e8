import { createContext, useContext, useRef, useState, type ReactNode, type RefObject } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import './pages.css';
import { VersionsDialog } from './VersionsDialog.js';
import { VersionView } from './VersionView.js';

/** Opens the versions list, and the button that does (it gets the focus back); absent outside a flow's editor. */
const OpenVersions = createContext<
  { open: () => void; button: RefObject<HTMLButtonElement | null> } | undefined
>(undefined);

/** The toolbar's **Versions** button (docs/designer.md "Versions"). */
export function VersionsButton() {
  const versions = useContext(OpenVersions);
  if (!versions) return null;
  return (
    <button type="button" onClick={versions.open} ref={versions.button}>
      Versions
    </button>
  );
}

/**
 * Around a flow's editor (inside its own React Flow provider): the versions list, an old version shown read-only in the editor's
 * place (the editor stays mounted underneath, its unsaved changes kept), and after a restore
 * the editor loaded again, showing the restored version.
 */
export function FlowVersions({ flowId, children }: { flowId: string; children: ReactNode }) {
  const [shown, setShown] = useState<'list' | number | undefined>();
  const [generation, setGeneration] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setShown(undefined);
    // Once the editor shows again (next frame), the focus goes back where it came from.
    requestAnimationFrame(() => button.current?.focus());
  };
  return (
    <OpenVersions.Provider
      value={{
        open: () => {
          setShown('list');
        },
        button,
      }}
    >
      <div key={generation} className="editor-host" hidden={typeof shown === 'number'}>
        <ReactFlowProvider>{children}</ReactFlowProvider>
      </div>
      {shown === 'list' && <VersionsDialog flowId={flowId} onView={setShown} onClose={close} />}
      {typeof shown === 'number' && (
        <VersionView
          flowId={flowId}
          version={shown}
          onClose={close}
          onRestored={() => {
            setShown(undefined);
            setGeneration((current) => current + 1);
          }}
        />
      )}
    </OpenVersions.Provider>
  );
}
