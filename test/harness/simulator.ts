import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';

/**
 * @cloud-copilot/iam-simulate (AGPL-3.0, a devDependency: tests only, never shipped) behind a synchronous call. Its
 * `runSimulation` is async (it loads its IAM data lazily), while the harness's checks are synchronous for every test that
 * calls them; so the engine runs in a worker thread, and the test thread waits for a batch's answers.
 *
 * Most of `runSimulation`'s time goes to what depends on the action and resource alone (the resource type the ARN
 * matches, the context keys the action allows there), redone for each request. So the worker asks `runSimulation` that
 * once per action and resource (a request with no policy: which context keys it keeps), validates each distinct policy
 * once, and evaluates each request with the library's `runUnsafeSimulation` on the context `runSimulation` would build;
 * anything unusual (an invalid principal or policy, an action or resource the library refuses, a wildcard or short ARN)
 * goes to `runSimulation` itself. The harness's tests prove both paths give the same outcomes (simulator.test.ts, and
 * every request of a topology's proof in wiring.test.ts).
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

export interface SimulateOptions {
  /**
   * Evaluates every request with `runSimulation` (every validation, each time), bypassing the outcome cache: the
   * reference the fast path is compared with.
   * @default false
   */
  readonly checked?: boolean;
}

/** What the simulator did since the process loaded it: for the harness's own tests. */
export interface SimulatorStats {
  /** Requests answered from the outcome cache, or by an identical request of the same batch. */
  readonly reused: number;
  /** Requests the worker evaluated. */
  readonly evaluated: number;
  /** Of those, the ones evaluated by `runUnsafeSimulation` after the checks made once. */
  readonly fast: number;
}

/** A request as the worker receives it: policies by id, each policy sent once per worker. */
interface WireRequest {
  readonly principal: string | { type: 'Anonymous' };
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string;
  readonly context: [string, string][];
  readonly identityPolicies: number[];
  readonly resourcePolicy?: number;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { dirname } = require('node:path');
const engine = require(workerData.engine);
// The validators runSimulation itself uses (its own dependency).
const { createValidatedPolicy, validateIdentityPolicy, validateResourcePolicy } = require(require.resolve('@cloud-copilot/iam-policy', { paths: [dirname(workerData.engine)] }));

/** id -> { document, identity, resource }: the document, and once needed, validated as an identity or a resource policy. */
const policies = new Map();
/** action + resource + account -> { refused, kept: context key -> whether runSimulation keeps it there }. */
const targets = new Map();
const keyTypes = new Map();

function simulation(r, contextVariables, policy) {
  return {
    request: { principal: r.principal, action: r.action, resource: { resource: r.resource, accountId: r.resourceAccount }, contextVariables },
    identityPolicies: r.identityPolicies.map((id, i) => ({ name: 'policy' + i, policy: policy(id, 'identity') })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: r.resourcePolicy === undefined ? undefined : policy(r.resourcePolicy, 'resource'),
  };
}

const raw = (id) => policies.get(id).document;

async function checked(r) {
  const result = await engine.runSimulation(simulation(r, Object.fromEntries(r.context), raw), {});
  return result.resultType === 'error' ? 'error: ' + JSON.stringify(result.errors) : result.overallResult;
}

/**
 * The policy validated once. runUnsafeSimulation loads a resource policy without the metadata runSimulation gives it
 * (its name, from the document) and then fails reading that name; a validated policy carries it.
 */
function validated(id, kind) {
  const policy = policies.get(id);
  if (!policy[kind]) {
    policy[kind] = kind === 'identity'
      ? createValidatedPolicy(policy.document, validateIdentityPolicy)
      : createValidatedPolicy(policy.document, validateResourcePolicy, { name: policy.document.name });
  }
  return policy[kind];
}

const targetKey = (r) => JSON.stringify([r.action, r.resource, r.resourceAccount]);

/** What runUnsafeSimulation can answer as runSimulation would: a valid principal and policies, a plain ARN. */
function eligible(r) {
  const principalValid = typeof r.principal === 'string' || (engine.isAnonymousRequestPrincipal(r.principal) && r.identityPolicies.length === 0);
  // runSimulation evaluates a resource with a wildcard once per matching pattern, and expands a short ARN.
  const plainArn = !r.resource.includes('*') && (!r.resource.startsWith('arn:') || r.resource.split(':').length >= 6);
  return principalValid && plainArn && r.identityPolicies.every((id) => validated(id, 'identity').errors.length === 0) &&
    (r.resourcePolicy === undefined || validated(r.resourcePolicy, 'resource').errors.length === 0);
}

/**
 * runSimulation's checks of each action and resource (the service, the action, the one resource type the ARN matches),
 * and which context keys it keeps there: asked of runSimulation itself, on a request with no policy, once per action and
 * resource and again only for a context key not seen there before.
 */
async function probe(requests) {
  const unknown = new Map();
  for (const r of requests) {
    const key = targetKey(r);
    const target = targets.get(key);
    const keys = target?.refused ? [] : r.context.filter(([k]) => !target?.kept.has(k));
    if (target && keys.length === 0) continue;
    const entry = unknown.get(key) ?? { r, context: {} };
    for (const [k, v] of keys) entry.context[k] = v;
    unknown.set(key, entry);
  }
  await Promise.all([...unknown].map(async ([key, { r, context }]) => {
    const result = await engine.runSimulation({
      request: { principal: engine.anonymousPrincipal, action: r.action, resource: { resource: r.resource, accountId: r.resourceAccount }, contextVariables: context },
      identityPolicies: [], serviceControlPolicies: [], resourceControlPolicies: [],
    }, {});
    const target = targets.get(key) ?? { refused: result.resultType !== 'single', kept: new Map() };
    if (!target.refused) {
      for (const k of Object.keys(context)) target.kept.set(k, !result.result.ignoredContextKeys.includes(k));
    }
    targets.set(key, target);
  }));
}

function keyType(lowerCaseKey) {
  if (!keyTypes.has(lowerCaseKey)) keyTypes.set(lowerCaseKey, engine.typeForContextKey(lowerCaseKey));
  return keyTypes.get(lowerCaseKey);
}

/** After probe(): runUnsafeSimulation on the context runSimulation would build (the keys it keeps, typed as each key). */
async function fast(r, counts) {
  const target = targets.get(targetKey(r));
  if (!eligible(r) || target.refused) return checked(r);
  const context = {};
  for (const [key, value] of r.context) {
    if (!target.kept.get(key)) continue;
    const type = await keyType(key.toLowerCase());
    context[key] = engine.isConditionKeyArray(type) ? [value].flat() : Array.isArray(value) ? value[0] : value;
  }
  counts.fast++;
  return engine.runUnsafeSimulation(simulation(r, context, validated), {});
}

parentPort.on('message', async ({ port, signal, policies: added, requests, checkedOnly }) => {
  let reply;
  try {
    for (const [id, document] of added) policies.set(id, { document });
    const counts = { fast: 0 };
    if (!checkedOnly) await probe(requests.filter(eligible));
    const outcomes = await Promise.all(requests.map((r) => checkedOnly ? checked(r) : fast(r, counts)));
    reply = { outcomes, fast: counts.fast };
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
/** Each distinct policy document (its JSON) and its id; the worker holds the documents of every id. */
let policyIds = new Map<string, number>();
/** Outcomes by request (policies by id), for the life of the process: tests synthesize the same policies again and again. */
let outcomes = new Map<string, SimulationOutcome>();
const stats = { reused: 0, evaluated: 0, fast: 0 };

/** Evaluates `requests` with the engine, in order. */
export function simulate(requests: SimulationRequest[], options: SimulateOptions = {}): SimulationOutcome[] {
  const added: [number, any][] = [];
  const idOf = (policy: any) => {
    const json = JSON.stringify(policy);
    let id = policyIds.get(json);
    if (id === undefined) {
      id = policyIds.size;
      policyIds.set(json, id);
      added.push([id, policy]);
    }
    return id;
  };
  const wire = requests.map((r): WireRequest => ({
    principal: r.principal,
    action: r.action,
    resource: r.resource,
    resourceAccount: r.resourceAccount,
    context: Object.entries(r.context).sort(([a], [b]) => a.localeCompare(b)),
    identityPolicies: r.identityPolicies.map(idOf),
    resourcePolicy: r.resourcePolicy === undefined ? undefined : idOf(r.resourcePolicy),
  }));
  if (options.checked) return evaluate(added, wire, true);

  const keys = wire.map((w) => JSON.stringify(w));
  const missing = new Map<string, WireRequest>();
  keys.forEach((key, i) => {
    if (!outcomes.has(key)) missing.set(key, wire[i]);
  });
  const answers = evaluate(added, [...missing.values()], false);
  [...missing.keys()].forEach((key, i) => outcomes.set(key, answers[i]));
  stats.reused += requests.length - missing.size;
  return keys.map((key) => outcomes.get(key)!);
}

/**
 * Jest gives each test file its own copy of this module, so each file starts its own worker (about 45 MB with the
 * engine's IAM data): end it with the file, or a test process keeps one per file it ran.
 */
if (typeof afterAll === 'function') {
  afterAll(() => stopWorker());
}

export function simulatorStats(): SimulatorStats {
  return { ...stats };
}

/** Starts the worker, which loads the engine while the caller prepares its requests. */
export function startSimulator(): Worker {
  if (!worker) {
    // execArgv: [] so the worker does not load what the test process was started with (a TypeScript loader, an inspector).
    worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { engine: require.resolve('@cloud-copilot/iam-simulate') } });
    // The worker never keeps a test run alive.
    worker.unref();
  }
  return worker;
}

function evaluate(added: [number, any][], requests: WireRequest[], checkedOnly: boolean): SimulationOutcome[] {
  if (requests.length === 0 && added.length === 0) return [];
  const running = startSimulator();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  try {
    running.postMessage({ port: port2, signal, policies: added, requests, checkedOnly }, [port2]);
    if (Atomics.wait(signal, 0, 0, HANG_LIMIT_MS) === 'timed-out') {
      throw new Error(`the IAM policy simulator answered nothing in ${HANG_LIMIT_MS / 1000} s: its worker thread died`);
    }
    const reply = receiveMessageOnPort(port1)?.message;
    if (!reply || reply.failure) throw new Error(`the IAM policy simulator failed: ${reply?.failure ?? 'no answer'}`);
    stats.evaluated += requests.length;
    stats.fast += reply.fast;
    return reply.outcomes;
  } catch (e) {
    // The worker may not hold the policies this batch added: start afresh.
    void stopWorker();
    throw e;
  } finally {
    port1.close();
  }
}

/** Ends the worker, and forgets the policies it held and the outcomes keyed by their ids. */
async function stopWorker(): Promise<void> {
  const stopping = worker?.terminate();
  worker = undefined;
  policyIds = new Map();
  outcomes = new Map();
  await stopping;
}
