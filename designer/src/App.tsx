import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api, whenSignedOut } from './api.js';
import { DeliveriesPage } from './DeliveriesPage.js';
import { Home } from './Home.js';
import { SignIn } from './SignIn.js';
import { WebhooksPage } from './WebhooksPage.js';

const FlowEditor = lazy(() => import('./FlowEditor.js'));

type Screen =
  | { name: 'loading' }
  | { name: 'sign-in' }
  | { name: 'home' }
  | { name: 'webhooks' }
  | { name: 'deliveries' }
  | { name: 'flow'; id: string };

function screenOfPath(): Screen {
  if (window.location.pathname === '/webhooks') return { name: 'webhooks' };
  if (window.location.pathname === '/deliveries') return { name: 'deliveries' };
  const match = /^\/flows\/([^/]+)$/.exec(window.location.pathname);
  return match?.[1] ? { name: 'flow', id: decodeURIComponent(match[1]) } : { name: 'home' };
}

/** The designer: sign-in, the flows list, a flow's canvas (docs/designer.md). */
export function App() {
  const [screen, setScreen] = useState<Screen>({ name: 'loading' });
  const [account, setAccount] = useState('');

  useEffect(() => {
    whenSignedOut(() => {
      setScreen({ name: 'sign-in' });
    });
    api.session().then(
      (session) => {
        setAccount(session.accountName ?? '');
        setScreen(session.signedIn ? screenOfPath() : { name: 'sign-in' });
      },
      () => {
        setScreen({ name: 'sign-in' });
      },
    );
    const onPop = () => {
      setScreen(screenOfPath());
    };
    window.addEventListener('popstate', onPop);
    return () => {
      window.removeEventListener('popstate', onPop);
    };
  }, []);

  const go = useCallback((path: string) => {
    window.history.pushState(null, '', path);
    setScreen(screenOfPath());
  }, []);

  const signOut = () => {
    void api.signOut().finally(() => {
      setScreen({ name: 'sign-in' });
    });
  };

  if (screen.name === 'loading') return <p className="loading">Loading…</p>;
  if (screen.name === 'sign-in') {
    return (
      <SignIn
        onSignedIn={(name) => {
          setAccount(name ?? '');
          setScreen(screenOfPath());
        }}
      />
    );
  }
  return (
    <div className="app">
      <header className="topbar">
        <a
          href="/"
          className="brand"
          onClick={(event) => {
            event.preventDefault();
            go('/');
          }}
        >
          Hookline
        </a>
        <nav aria-label="Pages" className="nav">
          {(
            [
              ['/', 'Flows', 'home'],
              ['/webhooks', 'Saved webhooks', 'webhooks'],
              ['/deliveries', 'Deliveries', 'deliveries'],
            ] as const
          ).map(([path, label, name]) => (
            <a
              key={path}
              href={path}
              aria-current={screen.name === name ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                go(path);
              }}
            >
              {label}
            </a>
          ))}
        </nav>
        <span className="account">{account}</span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      {screen.name === 'webhooks' ? (
        <WebhooksPage />
      ) : screen.name === 'deliveries' ? (
        <DeliveriesPage />
      ) : screen.name === 'home' ? (
        <Home
          open={(id) => {
            go(`/flows/${encodeURIComponent(id)}`);
          }}
        />
      ) : (
        <Suspense fallback={<p className="loading">Loading the canvas…</p>}>
          <FlowEditor
            key={screen.id}
            flowId={screen.id}
            open={(id) => {
              go(`/flows/${encodeURIComponent(id)}`);
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
