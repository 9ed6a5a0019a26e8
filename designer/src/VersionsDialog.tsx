import { useEffect, useRef, useState } from 'react';
import { ApiError } from './api.js';
import { pagesApi, type FlowVersionSummary } from './pages-api.js';
import { useModal } from './modal.js';

/**
 * A flow's saved versions, newest first (a modal: focus stays inside, Escape closes). Each
 * has its number, name and time; **View** opens it read-only.
 */
export function VersionsDialog({
  flowId,
  onView,
  onClose,
}: {
  flowId: string;
  onView: (version: number) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [versions, setVersions] = useState<FlowVersionSummary[] | undefined>();
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState('');
  const latest = versions?.[0]?.version;

  const more = (cursor?: string) => {
    pagesApi.versions(flowId, cursor).then(
      (page) => {
        setVersions((current) => [...(cursor ? (current ?? []) : []), ...page.items]);
        setNext(page.nextCursor);
      },
      (caught: unknown) => {
        setError(caught instanceof ApiError ? caught.message : String(caught));
      },
    );
  };
  useModal(ref);
  useEffect(() => {
    more();
  }, []);

  return (
    <dialog
      ref={ref}
      aria-labelledby="versions-title"
      onCancel={onClose}
      className="confirm versions"
    >
      <h2 id="versions-title">Versions</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {versions === undefined ? (
        <p>Loading…</p>
      ) : (
        <table className="flows">
          <caption className="visually-hidden">Saved versions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Name</th>
              <th scope="col">Saved</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr key={version.version}>
                <td>
                  {version.version}{' '}
                  {version.version === latest && <span className="badge start">latest</span>}
                </td>
                <td>{version.name}</td>
                <td>
                  <time dateTime={version.createdAt}>
                    {new Date(version.createdAt).toLocaleString()}
                  </time>
                </td>
                <td>
                  {version.version !== latest && (
                    <button
                      type="button"
                      aria-label={`View version ${version.version}`}
                      onClick={() => {
                        onView(version.version);
                      }}
                    >
                      View
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="dialog-actions">
        {next && (
          <button
            type="button"
            onClick={() => {
              more(next);
            }}
          >
            More versions
          </button>
        )}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
