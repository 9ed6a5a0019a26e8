import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { ApiApp } from './context.js';

/** The package root: the nearest folder above this module with a package.json (source or built). */
function packageRoot(): string {
  let folder = new URL('./', import.meta.url);
  while (!existsSync(fileURLToPath(new URL('package.json', folder)))) {
    const parent = new URL('../', folder);
    if (parent.href === folder.href) return fileURLToPath(new URL('../../', import.meta.url));
    folder = parent;
  }
  return fileURLToPath(folder);
}

/** Where `npm run build:designer` writes the designer (docs/designer.md). */
export const DESIGNER_DIR = `${packageRoot()}dist/designer/`;

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Hookline</title>
<h1>The Hookline designer is not built</h1>
<p>Build it with <code>npm run build:designer</code> (a fresh <code>npm ci</code> does it), then reload.
The API is at <a href="/v1/openapi.json">/v1/openapi.json</a>.</p>`;

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

/** Paths that belong to the server (API, trigger URLs, short links), never to the app. */
const SERVER_PATHS = /^\/(?:v1|t|s)(?:\/|$)/;

/**
 * Serves the designer at `/`: its built files, and `index.html` for a page the app routes in
 * the browser (`/`, or a GET asking for HTML outside the server's own paths). Registered
 * last: API routes win, and anything else stays a 404 envelope.
 */
export function registerDesigner(app: ApiApp, directory: string = DESIGNER_DIR): void {
  app.use('*', async (context, next) => {
    await next();
    if (!SERVER_PATHS.test(context.req.path)) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) context.header(name, value);
    }
  });
  app.get('/assets/*', serveStatic({ root: directory }));
  app.get('*', async (context, next) => {
    const path = context.req.path;
    const page = path === '/' || (context.req.header('accept') ?? '').includes('text/html');
    if (!page || SERVER_PATHS.test(path)) return next();
    if (!existsSync(`${directory}index.html`)) return context.html(NOT_BUILT, 503);
    const file = serveStatic({ root: directory, rewriteRequestPath: () => '/index.html' });
    context.header('cache-control', 'no-cache');
    return file(context, next);
  });
}
