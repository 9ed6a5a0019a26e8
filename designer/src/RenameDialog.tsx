import { useRef, type SyntheticEvent } from 'react';
import { useModal } from './modal.js';

/** Asks for a flow's new name (saved as a new version). */
export function RenameDialog({
  name,
  onRename,
  onCancel,
}: {
  name: string;
  onRename: (name: string) => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useModal(ref);
  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem('name') as HTMLInputElement;
    onRename(input.value.trim());
  };
  return (
    <dialog ref={ref} aria-labelledby="rename-title" onCancel={onCancel} className="confirm">
      <form onSubmit={submit}>
        <h2 id="rename-title">Rename “{name}”</h2>
        <label htmlFor="rename-name">New name</label>{' '}
        <input id="rename-name" name="name" defaultValue={name} required maxLength={200} />
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Rename
          </button>
        </div>
      </form>
    </dialog>
  );
}
