/**
 * The deep health handler (Node.js, inline), served by each cell's endpoint at the health path. At once, each with a
 * deadline of TIMEOUT_MS, it reads every table of CHECKS (a GetItem of the local replica, the key attributes named and typed
 * by the check's `key`, with fixed values: an item that need not exist, read eventually consistent; denied GetItem,
 * as a role of the version before it is, a one-item Query of that partition) and, with
 * SERVICE set, invokes the service's local alias (SERVICE, its ARN; SERVICE_NAME in the answer) with SERVICE_EVENT. It answers 200 `{"status":"healthy"}` when all
 * pass, 503 `{"status":"unhealthy"}` naming what failed otherwise: always well inside Route 53's 2-second response
 * limit, since a slow dependency is cut off at its deadline. The service fails on a function error or an answer with
 * `statusCode` >= 500; throttling (429) passes, since failing over a busy region would only move its load
 * (https://aws.amazon.com/builders-library/implementing-health-checks/). The AWS SDK v3 comes with the Node.js
 * Lambda runtime; one attempt, no SDK retries (the health checkers retry). The invocation carries an X-Ray trace
 * header with `Sampled=0`: a service with active tracing "will respect any tracing header it receives from an upstream
 * service" (https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda.Tracing.html), so Route 53's checkers
 * record no traces there either.
 *
 * With CACHE_MS above 0, one check serves every request that arrives within CACHE_MS of its start, those arriving while
 * it runs included: Route 53's checkers come in bursts, and each request would otherwise repeat the same reads and
 * invocation. A check's result is stamped with its start, so an answer never reflects reads older than CACHE_MS (the
 * failover-time model adds what exceeds the dependency timeout, which bounds an uncached answer's age the same way).
 * The answer's `ageMs` says how old its check is. A failed check is logged once, not once per answer.
 */
export const HEALTH_HANDLER_SOURCE = `
const { DynamoDBClient, GetItemCommand, QueryCommand } = require('@aws-sdk/client-dynamodb');
const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');
const env = process.env;
const checks = JSON.parse(env.CHECKS || '[]');
const timeoutMs = Number(env.TIMEOUT_MS);
const dynamodb = new DynamoDBClient({ maxAttempts: 1 });
const lambda = new LambdaClient({ maxAttempts: 1 });
// An unsampled trace header: the service's active tracing respects it, so health checks record no X-Ray traces.
lambda.middlewareStack.add((next) => (args) => {
  const root = '1-' + Math.floor(Date.now() / 1000).toString(16) + '-' + require('crypto').randomBytes(12).toString('hex');
  args.request.headers['x-amzn-trace-id'] = 'Root=' + root + ';Sampled=0';
  return next(args);
}, { step: 'build', name: 'unsampledTrace' });
const fail = (name, message) => Object.assign(new Error(message), { name });

async function withDeadline(name, work) {
  const started = Date.now();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    const note = await work(deadline.signal);
    return { name, ok: true, ms: Date.now() - started, ...note };
  } catch (e) {
    const error = deadline.signal.aborted ? 'no answer within ' + timeoutMs + ' ms' : (e.name + ': ' + e.message).slice(0, 200);
    return { name, ok: false, ms: Date.now() - started, error };
  } finally {
    clearTimeout(timer);
  }
}

const probeValue = (type) => ({ [type]: type === 'B' ? Buffer.from('health') : type === 'N' ? '0' : 'health' });
const table = (c) => withDeadline(c.table, async (abortSignal) => {
  const key = Object.fromEntries(Object.entries(c.key).map(([name, type]) => [name, probeValue(type)]));
  try {
    await dynamodb.send(new GetItemCommand({ TableName: c.table, Key: key }), { abortSignal });
  } catch (e) {
    if (e.name !== 'AccessDeniedException') throw e;
    // A role that may only Query (its stack rolling back to, or redeployed with, the Query-reading version): read so.
    const [name, type] = Object.entries(c.key)[0];
    await dynamodb.send(new QueryCommand({ TableName: c.table, KeyConditionExpression: '#k = :v', ExpressionAttributeNames: { '#k': name },
      ExpressionAttributeValues: { ':v': probeValue(type) }, Limit: 1 }), { abortSignal });
  }
});

const service = () => withDeadline(env.SERVICE_NAME, async (abortSignal) => {
  let response;
  try {
    response = await lambda.send(new InvokeCommand({ FunctionName: env.SERVICE, Payload: Buffer.from(env.SERVICE_EVENT) }), { abortSignal });
  } catch (e) {
    if (e.name === 'TooManyRequestsException') return { throttled: true };
    throw e;
  }
  const text = Buffer.from(response.Payload || []).toString();
  if (response.FunctionError) throw fail('FunctionError', text);
  let answer;
  try { answer = JSON.parse(text); } catch { answer = undefined; }
  if (answer && answer.statusCode >= 500) throw fail('ServiceUnavailable', 'answered HTTP ' + answer.statusCode);
});

const cacheMs = Number(env.CACHE_MS || 0);
let last;

async function check() {
  const results = await Promise.all([...checks.map(table), ...(env.SERVICE ? [service()] : [])]);
  const healthy = results.every((r) => r.ok);
  if (!healthy) console.log(JSON.stringify({ unhealthy: results.filter((r) => !r.ok) }));
  return { healthy, results };
}

exports.handler = async () => {
  const now = Date.now();
  if (!last || now - last.at >= cacheMs) last = { at: now, answer: check() };
  const { at, answer } = last;
  const { healthy, results } = await answer;
  return {
    statusCode: healthy ? 200 : 503,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify({ status: healthy ? 'healthy' : 'unhealthy', region: env.AWS_REGION, ageMs: now - at, checks: results }),
  };
};
`;

/** What the health handler's body contains exactly when every dependency answered: the default string match. */
export const HEALTHY_MARKER = '"status":"healthy"';

/** The header that marks the default service event as the health handler's. */
export const HEALTH_EVENT_HEADER = 'x-resilience-health-check';

/**
 * The default event the health handler invokes the service with: what the service's HTTP API would send for
 * `GET <path>` (payload format 2.0), so an HTTP handler answers it like a request, marked by HEALTH_EVENT_HEADER.
 */
export function defaultServiceEvent(path: string): string {
  return JSON.stringify({
    version: '2.0',
    routeKey: `GET ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { [HEALTH_EVENT_HEADER]: '1' },
    requestContext: { http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'cdk-resilient-serverless-health' } },
    isBase64Encoded: false,
  });
}
