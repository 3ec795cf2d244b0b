/**
 * The regional probe's handler (Node.js, inline). It invokes the cell's own replica (its alias, TARGET) with PAYLOAD
 * and reports the outcome as CloudWatch metrics through the Embedded Metric Format: one JSON log line, which
 * CloudWatch Logs turns into `ProbeSuccess` (1 or 0) and `ProbeLatency` (ms) in NAMESPACE, by FunctionName.
 * No PutMetricData call, so no CloudWatch permission. The AWS SDK v3 comes with the Node.js Lambda runtime.
 */
export const PROBE_HANDLER_SOURCE = `
const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');
const lambda = new LambdaClient({ maxAttempts: 1 });

exports.handler = async () => {
  const started = Date.now();
  let success = 0;
  let error;
  try {
    const response = await lambda.send(new InvokeCommand({
      FunctionName: process.env.TARGET,
      Payload: Buffer.from(process.env.PAYLOAD),
    }));
    success = response.FunctionError ? 0 : 1;
    if (response.FunctionError) error = 'function error: ' + Buffer.from(response.Payload || []).toString();
  } catch (e) {
    error = e.name + ': ' + e.message;
  }
  const latency = Date.now() - started;
  console.log(JSON.stringify({
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{
        Namespace: process.env.NAMESPACE,
        Dimensions: [['FunctionName']],
        Metrics: [{ Name: 'ProbeSuccess', Unit: 'Count' }, { Name: 'ProbeLatency', Unit: 'Milliseconds' }],
      }],
    },
    FunctionName: process.env.FUNCTION_NAME,
    ProbeSuccess: success,
    ProbeLatency: latency,
    error,
  }));
  return { success, latency, error };
};
`;

/** The namespace of the probe's metrics. */
export const PROBE_NAMESPACE = 'CdkResilientServerless/Probe';
