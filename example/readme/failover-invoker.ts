import { FailoverInvoker } from 'cdk-resilient-serverless/lib/runtime';

const orders = new FailoverInvoker({
  targets: [ // primary first; each replica's alias, by its deterministic name
    { region: 'us-east-1', functionName: 'Orders-Api:live' },
    { region: 'us-west-2', functionName: 'Orders-Api:live' },
    { region: 'eu-west-1', functionName: 'Orders-Api:live' },
  ],
  attemptTimeoutMs: 2000,
  deadlineMs: 5000,
  idempotent: true, // the handler deduplicates by the idempotency key (below)
});

export async function placeOrder(orderId: string, customerId: string, items: string[]): Promise<unknown> {
  // The customer's home region first; another one only if it fails. The order id is the idempotency key.
  const { region, payload } = await orders.invoke({ orderId, customerId, items }, { routingKey: customerId, idempotencyKey: orderId });
  console.log(`served by ${region}`);
  return payload;
}
