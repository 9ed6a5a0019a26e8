import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from './api.js';
import { Confirm } from './Confirm.js';
import type { SavedWebhook, WebhookCheck, WebhookInput } from './types.js';
import { EMPTY_WEBHOOK, WebhookForm } from './WebhookForm.js';

/** A signing secret, shown once (after create or rotate) with a Copy button. */
function SecretNotice({
  name,
  secret,
  onDone,
}: {
  name: string;
  secret: string;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState('');
  const copy = () => {
    // Only secure contexts (HTTPS, localhost) have a clipboard API.
    const clipboard = (navigator as Partial<Navigator>).clipboard;
    if (!clipboard) {
      setCopied('Copying needs HTTPS: select the secret and copy it.');
      return;
    }
    clipboard.writeText(secret).then(
      () => {
        setCopied('Copied.');
      },
      () => {
        setCopied('Copy failed: select the secret and copy it.');
      },
    );
  };
  return (
    <section className="secret-notice" aria-label="Signing secret">
      <p>
        Signing secret of <strong>{name}</strong>: shown only now, keep it where your receiver
        verifies signatures.
      </p>
      <code data-testid="signing-secret">{secret}</code>{' '}
      <button type="button" onClick={copy}>
        Copy
      </button>{' '}
      <button type="button" onClick={onDone}>
        Done
      </button>
      <span role="status">{copied}</span>
    </section>
  );
}

function checkText(check: WebhookCheck): string {
  const latency = check.latencyMs === null ? '' : ` in ${check.latencyMs} ms`;
  if (check.ok) return `OK: status ${check.status}${latency}`;
  const status = check.status > 0 ? `status ${check.status}${latency}` : 'not reachable';
  return `Failed: ${status}${check.error ? ` (${check.error})` : ''}`;
}

function inputOf(webhook: SavedWebhook): WebhookInput {
  const { name, url, method, auth, headers, bodyType, isDefault } = webhook;
  return { name, url, method, auth, headers: headers ?? [], bodyType, isDefault };
}

type Editing = { mode: 'create' } | { mode: 'edit'; webhook: SavedWebhook } | undefined;

/** The account's saved webhooks: list, create, edit, default, check, rotate, delete. */
export function WebhooksPage() {
  const [webhooks, setWebhooks] = useState<SavedWebhook[] | undefined>();
  const [error, setError] = useState('');
  const [editing, setEditing] = useState<Editing>();
  const [secret, setSecret] = useState<{ name: string; secret: string } | undefined>();
  const [checks, setChecks] = useState<Record<string, string>>({});
  const [deleting, setDeleting] = useState<SavedWebhook | undefined>();

  const fail = useCallback((caught: unknown) => {
    setError(caught instanceof ApiError ? caught.message : String(caught));
  }, []);
  const reload = useCallback(() => {
    api.webhooks().then((page) => {
      setWebhooks(page.items);
    }, fail);
  }, [fail]);
  useEffect(reload, [reload]);

  const save = (input: WebhookInput) => {
    setError('');
    if (editing?.mode === 'edit') {
      api.updateWebhook(editing.webhook.id, input).then(() => {
        setEditing(undefined);
        reload();
      }, fail);
      return;
    }
    api.createWebhook(input).then((created) => {
      setEditing(undefined);
      setSecret({ name: created.name, secret: created.secret });
      reload();
    }, fail);
  };
  const check = (webhook: SavedWebhook) => {
    setChecks((current) => ({ ...current, [webhook.id]: 'Checking…' }));
    api.checkWebhook(webhook.id).then((result) => {
      setChecks((current) => ({ ...current, [webhook.id]: checkText(result) }));
    }, fail);
  };
  const rotate = (webhook: SavedWebhook) => {
    api.rotateWebhookSecret(webhook.id).then((rotated) => {
      setSecret({ name: rotated.name, secret: rotated.secret });
    }, fail);
  };
  const makeDefault = (webhook: SavedWebhook) => {
    api.updateWebhook(webhook.id, { ...inputOf(webhook), isDefault: true }).then(reload, fail);
  };

  const actions = (webhook: SavedWebhook) =>
    [
      [
        'Check',
        () => {
          check(webhook);
        },
      ],
      [
        'Edit',
        () => {
          setEditing({ mode: 'edit', webhook });
        },
      ],
      ...(webhook.isDefault
        ? []
        : [
            [
              'Set default',
              () => {
                makeDefault(webhook);
              },
            ] as const,
          ]),
      [
        'Rotate secret',
        () => {
          rotate(webhook);
        },
      ],
      [
        'Delete',
        () => {
          setDeleting(webhook);
        },
      ],
    ] as const;

  return (
    <main className="home webhooks-page">
      <h1>Saved webhooks</h1>
      <div className="home-actions">
        <button
          type="button"
          className="primary"
          onClick={() => {
            setEditing({ mode: 'create' });
          }}
        >
          New webhook
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {secret && (
        <SecretNotice
          {...secret}
          onDone={() => {
            setSecret(undefined);
          }}
        />
      )}
      {editing && (
        <WebhookForm
          key={editing.mode === 'edit' ? editing.webhook.id : 'new'}
          title={editing.mode === 'edit' ? `Edit “${editing.webhook.name}”` : 'New webhook'}
          initial={editing.mode === 'edit' ? inputOf(editing.webhook) : EMPTY_WEBHOOK}
          onSubmit={save}
          onCancel={() => {
            setEditing(undefined);
          }}
        />
      )}
      {webhooks === undefined ? (
        <p>Loading…</p>
      ) : webhooks.length === 0 ? (
        <p>No saved webhooks yet.</p>
      ) : (
        <table className="flows webhooks">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">URL</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {webhooks.map((webhook) => (
              <tr key={webhook.id}>
                <td>
                  {webhook.name} {webhook.isDefault && <span className="badge start">default</span>}
                </td>
                <td>
                  <code>
                    {webhook.method} {webhook.url}
                  </code>
                </td>
                <td>
                  {webhook.disabled ? (
                    <span className="error" title={webhook.disabledReason ?? ''}>
                      disabled
                    </span>
                  ) : (
                    'enabled'
                  )}
                  {checks[webhook.id] && (
                    <div role="status" data-testid={`check-${webhook.name}`}>
                      {checks[webhook.id]}
                    </div>
                  )}
                </td>
                <td>
                  <div className="row-actions">
                    {actions(webhook).map(([label, onClick]) => (
                      <button
                        key={label}
                        type="button"
                        onClick={onClick}
                        aria-label={`${label} ${webhook.name}`}
                      >
                        {label}
                      </button>
                    ))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <Confirm
          title={`Delete “${deleting.name}”?`}
          message="Flows that name it can no longer call it."
          confirm="Delete"
          onCancel={() => {
            setDeleting(undefined);
          }}
          onConfirm={() => {
            const id = deleting.id;
            setDeleting(undefined);
            api.deleteWebhook(id).then(reload, fail);
          }}
        />
      )}
    </main>
  );
}
