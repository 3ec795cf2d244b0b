import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';

/**
 * @cloud-copilot/iam-simulate (AGPL-3.0, a devDependency: tests only, never shipped) behind a synchronous call. Its
 * `runSimulation` is async (it loads its IAM data lazily), while the harness's checks are synchronous for every test that
 * calls them; so the engine runs in a worker thread, and the test thread waits for a batch's answers.
 */

/** One request, as `runSimulation` takes it. */
export interface SimulationRequest {
  readonly principal: string | { type: 'Anonymous' };
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string;
  readonly context: Record<string, string>;
  readonly identityPolicies: any[];
  readonly resourcePolicy?: any;
}

/** `Allowed`, `ImplicitlyDenied`, `ExplicitlyDenied`, or `error: <why the engine refused the request>`. */
export type SimulationOutcome = string;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { runSimulation } = require(workerData.engine);
parentPort.on('message', async ({ port, signal, requests }) => {
  let reply;
  try {
    reply = { outcomes: await Promise.all(requests.map(async (r) => {
      const result = await runSimulation({
        request: { principal: r.principal, action: r.action, resource: { resource: r.resource, accountId: r.resourceAccount }, contextVariables: r.context },
        identityPolicies: r.identityPolicies.map((policy, i) => ({ name: 'policy' + i, policy })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: r.resourcePolicy,
      }, {});
      return result.resultType === 'error' ? 'error: ' + JSON.stringify(result.errors) : result.overallResult;
    })) };
  } catch (e) {
    reply = { failure: String(e && e.stack || e) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

/** Only guards against a worker that died: a batch of thousands of requests answers in seconds. */
const HANG_LIMIT_MS = 10 * 60 * 1000;

let worker: Worker | undefined;

/** Evaluates `requests` with the engine, in order. */
export function simulate(requests: SimulationRequest[]): SimulationOutcome[] {
  if (requests.length === 0) return [];
  if (!worker) {
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { engine: require.resolve('@cloud-copilot/iam-simulate') } });
    // The worker never keeps a test run alive.
    worker.unref();
  }
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  try {
    worker.postMessage({ port: port2, signal, requests }, [port2]);
    if (Atomics.wait(signal, 0, 0, HANG_LIMIT_MS) === 'timed-out') {
      throw new Error(`the IAM policy simulator answered nothing in ${HANG_LIMIT_MS / 1000} s: its worker thread died`);
    }
    const reply = receiveMessageOnPort(port1)?.message;
    if (!reply || reply.failure) throw new Error(`the IAM policy simulator failed: ${reply?.failure ?? 'no answer'}`);
    return reply.outcomes;
  } finally {
    port1.close();
  }
}
