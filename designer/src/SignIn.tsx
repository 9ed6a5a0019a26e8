import { useState, type SyntheticEvent } from 'react';
import { api, ApiError } from './api.js';

/** Exchanges an API key for a session cookie; the key is never kept in the page. */
export function SignIn({ onSignedIn }: { onSignedIn: (accountName: string | undefined) => void }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const input = form.elements.namedItem('apiKey') as HTMLInputElement;
    setBusy(true);
    api.signIn(input.value.trim()).then(
      (session) => {
        input.value = '';
        onSignedIn(session.accountName);
      },
      (caught: unknown) => {
        setBusy(false);
        setError(caught instanceof ApiError ? caught.message : 'cannot reach the server');
      },
    );
  };

  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Hookline</h1>
        <label htmlFor="api-key">API key</label>
        <input id="api-key" name="apiKey" type="password" autoComplete="off" required autoFocus />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
        <p className="hint">
          Create a key with <code>hookline accounts create &lt;name&gt;</code>.
        </p>
      </form>
    </main>
  );
}
