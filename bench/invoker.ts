// FailoverInvoker against loopback servers speaking the Lambda Invoke API, with the real @aws-sdk/client-lambda.
// Goals: median overhead over a raw LambdaClient.send(InvokeCommand) <= 5%; time to a successful answer after the
// primary starts failing <= attempt timeout + 50 ms; calls sent to a region whose breaker is open = 0.
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { FailoverInvoker } from '../src/runtime';
import { LoopbackLambda } from '../test/harness/lambda-server';

const CALLS = Number(process.env.BENCH_CALLS ?? 400);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const primary = await LoopbackLambda.start('us-east-1');
  const secondary = await LoopbackLambda.start('us-west-2');
  const endpoints: Record<string, string> = { 'us-east-1': primary.endpoint, 'us-west-2': secondary.endpoint };
  const clients: Record<string, LambdaClient> = Object.fromEntries(Object.entries(endpoints).map(([region, endpoint]) => [region,
    new LambdaClient({ region, endpoint, credentials: { accessKeyId: 'loopback', secretAccessKey: 'loopback' }, maxAttempts: 1 })]));
  const attemptTimeoutMs = 200;
  const make = () => new FailoverInvoker({
    targets: [{ region: 'us-east-1', functionName: 'f:live' }, { region: 'us-west-2', functionName: 'f:live' }],
    clientForRegion: (region) => clients[region],
    attemptTimeoutMs,
    retriesPerRegion: 0,
    breakerFailureThreshold: 3,
    breakerOpenMs: 60_000,
  });

  // 1. Overhead on the happy path, interleaved so both see the same machine state.
  const invoker = make();
  const body = new TextEncoder().encode('{}');
  const raw: number[] = [];
  const through: number[] = [];
  for (let i = 0; i < 50; i++) await clients['us-east-1'].send(new InvokeCommand({ FunctionName: 'f:live', Payload: body })); // warm-up
  for (let i = 0; i < CALLS; i++) {
    raw.push(await timed(() => clients['us-east-1'].send(new InvokeCommand({ FunctionName: 'f:live', Payload: body }))));
    through.push(await timed(() => invoker.invoke({})));
  }
  const overhead = (median(through) / median(raw) - 1) * 100;

  // 2. The primary stops answering: the first call waits one attempt timeout, then the secondary answers.
  primary.behave({ kind: 'hang' });
  const failing = make();
  const toSuccess = await timed(() => failing.invoke({}));

  // 3. After the breaker opens, the primary receives nothing.
  primary.behave({ kind: 'server-error' });
  for (let i = 0; i < 3; i++) await failing.invoke({});
  const before = primary.requests.length;
  for (let i = 0; i < 100; i++) await failing.invoke({});
  const toOpenRegion = primary.requests.length - before;

  console.log('\nFailoverInvoker on loopback (real @aws-sdk/client-lambda)\n');
  console.log('| measure | value | goal |');
  console.log('|---|---|---|');
  console.log(`| median raw InvokeCommand (${CALLS} calls) | ${median(raw).toFixed(3)} ms | |`);
  console.log(`| median through FailoverInvoker | ${median(through).toFixed(3)} ms | |`);
  console.log(`| overhead | ${overhead.toFixed(1)}% | <= 5% |`);
  console.log(`| time to success, primary hanging (attempt timeout ${attemptTimeoutMs} ms) | ${toSuccess.toFixed(1)} ms | <= ${attemptTimeoutMs + 50} ms |`);
  console.log(`| calls to the primary while its breaker is open (100 invocations) | ${toOpenRegion} | 0 |`);
  await primary.stop();
  await secondary.stop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
