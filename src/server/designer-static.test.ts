import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import type { ApiEnv } from './context.js';
import { registerDesigner } from './designer-static.js';

function appServing(directory: string): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>();
  app.get('/v1/flows', (context) => context.json({ items: [] }));
  registerDesigner(app, directory);
  return app;
}

describe('designer at /', () => {
  it('says how to build it when the build is missing', async () => {
    const response = await appServing('/nonexistent-hookline-designer/').request('/');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build:designer');
  });

  it('serves the build, index.html for app paths, and leaves /v1 to the API', async () => {
    const directory = `${mkdtempSync(join(tmpdir(), 'hookline-designer-'))}/`;
    mkdirSync(join(directory, 'assets'));
    writeFileSync(join(directory, 'index.html'), '<h1>designer</h1>');
    writeFileSync(join(directory, 'assets', 'app.js'), 'console.log(1)');
    const app = appServing(directory);
    const index = await app.request('/flows/flow_1', { headers: { accept: 'text/html' } });
    expect(await index.text()).toBe('<h1>designer</h1>');
    expect(index.headers.get('x-frame-options')).toBe('DENY');
    const asset = await app.request('/assets/app.js');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(await (await app.request('/v1/flows')).json()).toEqual({ items: [] });
    const html = { headers: { accept: 'text/html' } };
    for (const path of ['/v1/nothing', '/t/token', '/s/code', '/flows/x.json']) {
      const init = path.endsWith('.json') ? {} : html;
      expect((await app.request(path, init)).status, path).toBe(404);
    }
  });
});
