// The orders API of the example service (API Gateway HTTP API, payload format 2.0).
// Every answer names the region that served it, so a failover drill shows where traffic went.
// Orders are not stored yet: the GlobalTableStore construct will give this handler its table.
const { randomUUID } = require('node:crypto');

exports.handler = async (event) => {
  const region = process.env.AWS_REGION;
  const method = event.requestContext?.http?.method ?? 'GET';
  if (method === 'POST' && event.rawPath === '/orders') {
    const order = JSON.parse(event.body || '{}');
    return reply(202, { region, orderId: randomUUID(), items: order.items ?? [] });
  }
  return reply(200, { region, service: 'orders', path: event.rawPath });
};

function reply(statusCode, body) {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
