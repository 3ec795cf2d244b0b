import { FailoverSender } from 'cdk-resilient-serverless/lib/runtime';

let intake: Promise<FailoverSender> | undefined;

export async function acceptOrder(orderId: string, items: string[]): Promise<string> {
  // Built once, on first use: the queue URLs come from the discovery parameters of the caller's own region, whose queue
  // is tried first; another region's takes the order only if it refuses (throttled, 5xx, unreachable, no answer).
  intake ??= FailoverSender.fromDiscovery({ serviceName: 'Shop', ingestionId: 'Intake', region: 'eu-west-1', attemptTimeoutMs: 1000 });
  const { region, messageId } = await (await intake).send(JSON.stringify({ orderId, items }), { idempotencyKey: orderId });
  console.log(`queued in ${region} as ${messageId}`);
  return messageId;
}
