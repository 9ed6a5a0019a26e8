import { useRef, type ReactNode } from 'react';
import { useModal } from './modal.js';

export interface ConfirmProps {
  title: string;
  message: ReactNode;
  confirm: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** A second action (e.g. "Save as a copy"). */
  other?: { label: string; onClick: () => void };
}

/** A modal dialog (native <dialog>: focus trapped, Escape cancels). */
export function Confirm({ title, message, confirm, onConfirm, onCancel, other }: ConfirmProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useModal(ref);
  return (
    <dialog ref={ref} aria-labelledby="confirm-title" onCancel={onCancel} className="confirm">
      <h2 id="confirm-title">{title}</h2>
      <p>{message}</p>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {other && (
          <button type="button" onClick={other.onClick}>
            {other.label}
          </button>
        )}
        <button type="button" className="primary" onClick={onConfirm}>
          {confirm}
        </button>
      </div>
    </dialog>
  );
}
