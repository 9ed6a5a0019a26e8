import { useCallback, useEffect, useState, type ChangeEvent, type SyntheticEvent } from 'react';
import { api, ApiError, documentOf } from './api.js';
import { Confirm } from './Confirm.js';
import { LastExecution } from './LastExecution.js';
import './pages.css';
import { RenameDialog } from './RenameDialog.js';
import type { FlowDocument, FlowSummary } from './types.js';

/** A new flow: one end widget to start from. */
function newFlow(name: string): FlowDocument {
  return {
    name,
    start: 'end_1',
    widgets: { end_1: { type: 'end' } },
    layout: { end_1: { x: 0, y: 0 } },
  };
}

function download(name: string, document: FlowDocument): void {
  const blob = new Blob([`${JSON.stringify(document, null, 2)}\n`], { type: 'application/json' });
  const link = window.document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `${name.replace(/[^\w.-]+/g, '-')}.json`;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** The flows list: create, open, import, export, delete. */
export function Home({ open }: { open: (id: string) => void }) {
  const [flows, setFlows] = useState<FlowSummary[] | undefined>();
  const [error, setError] = useState('');
  const [deleting, setDeleting] = useState<FlowSummary | undefined>();
  const [renaming, setRenaming] = useState<FlowSummary | undefined>();

  const reload = useCallback(() => {
    api.flows().then(
      (page) => {
        setFlows(page.items);
      },
      (caught: unknown) => {
        setError(caught instanceof ApiError ? caught.message : String(caught));
      },
    );
  }, []);
  useEffect(reload, [reload]);

  const fail = (caught: unknown) => {
    setError(caught instanceof ApiError ? caught.message : String(caught));
  };

  const create = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem('name') as HTMLInputElement;
    api.createFlow(newFlow(input.value.trim())).then((created) => {
      open(created.id);
    }, fail);
  };

  const importFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    void file.text().then((text) => {
      let document: FlowDocument;
      try {
        document = JSON.parse(text) as FlowDocument;
      } catch {
        setError(`${file.name} is not JSON`);
        return;
      }
      api.createFlow(document).then(reload, fail);
    });
    event.target.value = '';
  };

  const duplicate = (id: string) => {
    api
      .flow(id)
      .then((flow) => api.createFlow({ ...documentOf(flow), name: `${flow.name} (copy)` }))
      .then(reload, fail);
  };

  const rename = (id: string, name: string) => {
    api
      .flow(id)
      .then((flow) => api.saveFlow(id, { ...documentOf(flow), name }, flow.version))
      .then(reload, fail);
  };

  const exportFlow = (id: string) => {
    api.flow(id).then((flow) => {
      download(flow.name, documentOf(flow));
    }, fail);
  };

  return (
    <main className="home">
      <h1>Flows</h1>
      <div className="home-actions">
        <form onSubmit={create} className="inline-form">
          <label htmlFor="new-flow-name">New flow name</label>
          <input id="new-flow-name" name="name" required maxLength={200} />
          <button type="submit">Create flow</button>
        </form>
        <label className="button">
          Import JSON
          <input
            type="file"
            accept="application/json,.json"
            onChange={importFile}
            className="visually-hidden"
          />
        </label>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {flows === undefined ? (
        <p>Loading…</p>
      ) : flows.length === 0 ? (
        <p>No flows yet: create one or import a JSON file.</p>
      ) : (
        <table className="flows">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Version</th>
              <th scope="col">Last change</th>
              <th scope="col">Last execution</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {flows.map((flow) => (
              <tr key={flow.id}>
                <td>
                  <a
                    href={`/flows/${encodeURIComponent(flow.id)}`}
                    onClick={(event) => {
                      event.preventDefault();
                      open(flow.id);
                    }}
                  >
                    {flow.name}
                  </a>
                </td>
                <td>{flow.version}</td>
                <td>
                  <time dateTime={flow.updatedAt}>{new Date(flow.updatedAt).toLocaleString()}</time>
                </td>
                <td>
                  <LastExecution last={flow.lastExecution} />
                </td>
                <td>
                  <div className="row-actions">
                    <button
                      type="button"
                      onClick={() => {
                        setRenaming(flow);
                      }}
                      aria-label={`Rename ${flow.name}`}
                    >
                      Rename
                    </button>
                    <button
                      type="button"
                      onClick={() => {
                        duplicate(flow.id);
                      }}
                      aria-label={`Duplicate ${flow.name}`}
                    >
                      Duplicate
                    </button>
                    <button
                      type="button"
                      onClick={() => {
                        exportFlow(flow.id);
                      }}
                      aria-label={`Export ${flow.name}`}
                    >
                      Export
                    </button>
                    <button
                      type="button"
                      onClick={() => {
                        setDeleting(flow);
                      }}
                      aria-label={`Delete ${flow.name}`}
                    >
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {renaming && (
        <RenameDialog
          name={renaming.name}
          onCancel={() => {
            setRenaming(undefined);
          }}
          onRename={(name) => {
            const id = renaming.id;
            setRenaming(undefined);
            rename(id, name);
          }}
        />
      )}
      {deleting && (
        <Confirm
          title={`Delete “${deleting.name}”?`}
          message="Running executions finish on their version; the flow is gone from the list."
          confirm="Delete"
          onCancel={() => {
            setDeleting(undefined);
          }}
          onConfirm={() => {
            const id = deleting.id;
            setDeleting(undefined);
            api.deleteFlow(id).then(reload, fail);
          }}
        />
      )}
    </main>
  );
}
