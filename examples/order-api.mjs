// A tiny order API on 127.0.0.1:4010 for examples/order-status.json.
// Run it, then: npx hookline run examples/order-status.json --var order_id=42 --allow 127.0.0.1:4010
import { createServer } from 'node:http';

const orders = { 42: { status: 'shipped', eta: 'tomorrow' }, 7: { status: 'packing' } };
const port = Number(process.env.PORT ?? 4010);

const server = createServer((request, response) => {
  const match = /^\/orders\/(\w+)$/.exec(request.url ?? '');
  const order = match ? orders[match[1]] : undefined;
  if (request.headers.authorization !== 'Bearer demo-token') {
    response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
    return;
  }
  if (!order) {
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ order }));
});

server.listen(port, '127.0.0.1', () => {
  console.log(`order API on http://127.0.0.1:${port} (Ctrl-C to stop)`);
});
