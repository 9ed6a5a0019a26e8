import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requireAccount, requireMetricsToken } from './auth.js';
import { bodyTooLarge, MAX_BODY_BYTES } from './body-limit.js';
import type { ApiApp, ApiDependencies, ApiEnv } from './context.js';
import { answerError, errorResponse, HooklineError, type ErrorHooks } from './errors.js';
import { registerDeliveryRoutes } from './routes/deliveries.js';
import { registerExecutionRoutes } from './routes/executions.js';
import { registerAccountRoutes } from './routes/account.js';
import { registerAgentRoutes } from './routes/agents.js';
import { registerContactRoutes } from './routes/contacts.js';
import { registerWidgetTestRoutes } from './routes/widget-tests.js';
import { registerFlowRoutes } from './routes/flows.js';
import { registerDesignerRoutes } from './routes/designer.js';
import { registerSignInRoutes } from './routes/session.js';
import { registerDesigner } from './designer-static.js';
import { registerInternalFunctionRoutes } from './routes/internal-functions.js';
import { registerShortLinkRoutes } from './routes/short-links.js';
import { registerTriggerRoutes } from './routes/triggers.js';
import { registerVoiceRoutes } from './routes/voice.js';
import { registerWebhookRoutes } from './routes/webhooks.js';

export interface ApiOptions extends ErrorHooks {
  /** The built designer served at `/` (default dist/designer). */
  designerDir?: string;
  /** When set, `GET /metrics` needs `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string | undefined;
}

/** The HTTP API of docs/server.md on hono, testable in-process with `app.request()`. */
export function createApi(deps: ApiDependencies, options: ApiOptions = {}): ApiApp {
  const app = new OpenAPIHono<ApiEnv>();
  app.use('*', async (context, next) => {
    context.set('deps', deps);
    await next();
  });
  const limitBodies = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (context) => errorResponse(context, bodyTooLarge()),
  });
  app.use('/v1/*', limitBodies);
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'an API key from `hookline accounts create`',
  });

  app.get('/healthz', async (context) => {
    const health = await deps.health?.();
    if (health === undefined) return context.json({ status: 'ok' });
    return context.json(health.body, health.ok ? 200 : 503);
  });
  app.get('/metrics', requireMetricsToken(options.metricsToken), async (context) =>
    context.text(await deps.renderMetrics(), 200, { 'content-type': 'text/plain; version=0.0.4' }),
  );
  app.get('/v1/openapi.json', (context) =>
    context.json(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'Hookline API',
          version: '1',
          description: 'The Hookline HTTP API (docs/server.md)',
        },
        security: [{ apiKey: [] }],
      }),
    ),
  );

  registerSignInRoutes(app);
  app.use('/v1/*', requireAccount);
  registerDesignerRoutes(app);
  registerFlowRoutes(app);
  registerExecutionRoutes(app);
  registerWebhookRoutes(app);
  registerDeliveryRoutes(app);
  registerContactRoutes(app);
  registerTriggerRoutes(app, options);
  registerVoiceRoutes(app);
  registerWidgetTestRoutes(app);
  registerAccountRoutes(app);
  registerShortLinkRoutes(app);
  registerAgentRoutes(app);
  registerInternalFunctionRoutes(app);
  registerDesigner(app, options.designerDir);

  app.notFound((context) =>
    errorResponse(
      context,
      new HooklineError('NOT_FOUND', `no route for ${context.req.method} ${context.req.path}`),
    ),
  );
  app.onError((caught, context) => errorResponse(context, answerError(caught, options)));
  return app;
}
