/**
 * The deep health handler (Node.js, inline), served by each cell's endpoint at the health-check path. It reads every
 * dependency of CHECKS (a Query for one item of a local table replica) at once, each with a deadline of
 * TIMEOUT_MS, and answers 200 `{"status":"healthy"}` when all answer, 503 `{"status":"unhealthy"}` naming what failed
 * otherwise: always well inside Route 53's 2-second response limit, since a slow dependency is cut off at its deadline.
 * The AWS SDK v3 comes with the Node.js Lambda runtime; one attempt, no SDK retries (the health checkers retry).
 */
export const HEALTH_HANDLER_SOURCE = `
const { DynamoDBClient, QueryCommand } = require('@aws-sdk/client-dynamodb');
const checks = JSON.parse(process.env.CHECKS || '[]');
const timeoutMs = Number(process.env.TIMEOUT_MS);
const dynamodb = new DynamoDBClient({ maxAttempts: 1 });

async function check(c) {
  const started = Date.now();
  const deadline = AbortSignal.timeout(timeoutMs);
  try {
    await dynamodb.send(new QueryCommand({
      TableName: c.table,
      KeyConditionExpression: '#k = :v',
      ExpressionAttributeNames: { '#k': c.key },
      ExpressionAttributeValues: { ':v': { [c.type]: c.type === 'B' ? Buffer.from('health') : c.type === 'N' ? '0' : 'health' } },
      Limit: 1,
    }), { abortSignal: deadline });
    return { name: c.table, ok: true, ms: Date.now() - started };
  } catch (e) {
    const error = deadline.aborted ? 'no answer within ' + timeoutMs + ' ms' : e.name + ': ' + e.message;
    return { name: c.table, ok: false, ms: Date.now() - started, error };
  }
}

exports.handler = async () => {
  const results = await Promise.all(checks.map(check));
  const healthy = results.every((r) => r.ok);
  if (!healthy) console.log(JSON.stringify({ unhealthy: results.filter((r) => !r.ok) }));
  return {
    statusCode: healthy ? 200 : 503,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify({ status: healthy ? 'healthy' : 'unhealthy', region: process.env.AWS_REGION, checks: results }),
  };
};
`;

/** What the health handler's body contains exactly when every dependency answered: the default string match. */
export const HEALTHY_MARKER = '"status":"healthy"';
