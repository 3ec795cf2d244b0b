import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { idempotencyKeyOf } from 'cdk-resilient-serverless/lib/runtime';

interface Order { orderId: string; customerId: string; items: string[] }

// Your write: it runs once per idempotency key, however often the invoker retries, fails over or hedges.
async function saveOrder(order: Order): Promise<{ orderId: string }> {
  return { orderId: order.orderId };
}

// A strongly consistent table (a GlobalTableStore with MultiRegionConsistency.STRONG) when calls are hedged.
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: process.env.IDEMPOTENCY_TABLE ?? 'Orders-Idempotency' });
const config = new IdempotencyConfig({ eventKeyJmesPath: 'idempotencyKey' });
const placeOrder = makeIdempotent(
  async (request: { idempotencyKey: string; order: Order }) => saveOrder(request.order),
  { persistenceStore, config },
);

export const handler = async (order: Order, context: Context) => {
  config.registerLambdaContext(context); // an in-progress record expires when this invocation would time out
  const idempotencyKey = idempotencyKeyOf(context);
  if (!idempotencyKey) throw new Error('invoked without an idempotency key');
  return placeOrder({ idempotencyKey, order });
};
