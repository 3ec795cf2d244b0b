// Fulfils queued orders, a batch at a time, at the rate the queue lets them out (BufferedIngestion's maxConcurrency).
// A standard queue delivers at least once, and the FailoverSender may have queued one order in two regions: fulfilment
// is idempotent on the order id (the `idempotency-key` message attribute). Only failed messages are reported, so the
// rest of the batch is not retried (ReportBatchItemFailures).
exports.handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records ?? []) {
    try {
      const order = JSON.parse(record.body);
      if (typeof order.orderId !== 'string') throw new Error('a queued order needs an orderId');
      console.log(JSON.stringify({ fulfilled: order.orderId, key: record.messageAttributes?.['idempotency-key']?.stringValue }));
    } catch (error) {
      console.error(`message ${record.messageId}: ${error.message}`);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
