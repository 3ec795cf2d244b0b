// The checkout steps of the example saga: reserve stock, then charge the customer.
// Step Functions passes { input, results, idempotencyKey[, failure] }; the key is '<execution>:<step>[:compensate]'.
// Each step must be idempotent on that key (Powertools for AWS Lambda idempotency does it with the store the
// example creates); a compensation must succeed when there is nothing to undo.
exports.handler = async (event) => {
  const [execution, step, compensate] = event.idempotencyKey.split(':');
  const region = process.env.AWS_REGION;
  if (compensate) {
    return { undone: step, execution, region };
  }
  if (step === 'Charge' && Number(event.input.total) > 10_000) {
    const error = new Error(`order total ${event.input.total} is above the card limit`);
    error.name = 'PaymentDeclined';
    throw error;
  }
  return { done: step, execution, region, reference: `${step}-${execution}` };
};
