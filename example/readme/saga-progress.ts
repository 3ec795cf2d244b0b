import { readSagaProgress, SagaHistoryReader } from 'cdk-resilient-serverless/lib/runtime';

// `new SFN({ region })` of @aws-sdk/client-sfn is a SagaHistoryReader (your app brings the SDK).
export async function whereIsCheckout(sfn: SagaHistoryReader, executionArn: string): Promise<string> {
  const progress = await readSagaProgress(sfn, executionArn, { steps: ['Reserve', 'Charge', 'Ship'] });
  // For example 'COMPENSATING: Reserve DONE, Charge COMPENSATING, Ship FAILED'
  return `${progress.status}: ${progress.steps.map((step) => `${step.name} ${step.status}`).join(', ')}`;
}
