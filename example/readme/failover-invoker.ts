import { FailoverInvoker } from 'cdk-resilient-serverless/lib/runtime';

const orders = new FailoverInvoker({
  targets: [ // primary first; each replica's alias, by its deterministic name
    { region: 'us-east-1', functionName: 'Orders-Api:live' },
    { region: 'us-west-2', functionName: 'Orders-Api:live' },
    { region: 'eu-west-1', functionName: 'Orders-Api:live' },
  ],
  attemptTimeoutMs: 2000,
});

export async function placeOrder(customerId: string, items: string[]): Promise<unknown> {
  // The customer's home region first; another one only if it fails.
  const { region, payload } = await orders.invoke({ customerId, items }, { routingKey: customerId });
  console.log(`served by ${region}`);
  return payload;
}
