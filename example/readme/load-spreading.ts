import { FailoverInvoker } from 'cdk-resilient-serverless/lib/runtime';

// Active-active: every region serves calls. Each call starts at the region with the fewest calls in flight from this
// invoker (ties in turn), and fails over through the others; a region whose breaker is open gets no new calls.
const catalog = new FailoverInvoker({
  targets: [
    { region: 'us-east-1', functionName: 'Catalog-Api:live' },
    { region: 'us-west-2', functionName: 'Catalog-Api:live' },
    { region: 'eu-west-1', functionName: 'Catalog-Api:live' },
  ],
  routing: 'least-outstanding', // or 'round-robin'; 'ordered' (the default) sends calls to the first target
  idempotent: true, // reads: safe to send again after a timeout
});

export async function product(id: string): Promise<unknown> {
  return (await catalog.invoke({ id })).payload;
}
