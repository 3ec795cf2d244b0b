// The orders API of the example service (API Gateway HTTP API, payload format 2.0).
// Orders go to the local replica of the global table (ORDERS_TABLE), and every answer names the region that
// served it, so a failover drill shows where traffic went. The AWS SDK v3 ships with the Node.js Lambda runtime.
const { randomUUID } = require('node:crypto');
const { DynamoDBClient, GetItemCommand, PutItemCommand } = require('@aws-sdk/client-dynamodb');

const dynamodb = new DynamoDBClient({});
const TABLE = process.env.ORDERS_TABLE;

exports.handler = async (event) => {
  const region = process.env.AWS_REGION;
  const method = event.requestContext?.http?.method ?? 'GET';
  const [, resource, orderId] = (event.rawPath ?? '/').split('/');
  if (resource !== 'orders') return reply(404, { region, message: 'not found' });

  if (method === 'POST' && !orderId) {
    const order = JSON.parse(event.body || '{}');
    const id = randomUUID();
    await dynamodb.send(new PutItemCommand({
      TableName: TABLE,
      Item: { pk: { S: id }, items: { S: JSON.stringify(order.items ?? []) }, createdIn: { S: region } },
      ConditionExpression: 'attribute_not_exists(pk)',
    }));
    return reply(201, { region, orderId: id });
  }
  if (method === 'GET' && orderId) {
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: orderId } } }));
    if (!Item) return reply(404, { region, message: `order ${orderId} not found` });
    return reply(200, { region, orderId, items: JSON.parse(Item.items.S), createdIn: Item.createdIn.S });
  }
  return reply(405, { region, message: `${method} not supported here` });
};

function reply(statusCode, body) {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
