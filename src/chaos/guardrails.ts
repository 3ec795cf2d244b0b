import { IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { KnownAction } from './known-actions';
import { DrillTargetPart } from '../topology/drill-target';

/** FIS accepts at most five stop conditions per experiment template (quota L-872EC72B, not adjustable). */
export const MAX_STOP_CONDITIONS = 5;

/** The cell's drill targets, and what the fault will do to them. */
export interface GuardrailContext {
  readonly action: KnownAction;
  readonly parameters: Record<string, string>;
  /** The drilled functions' parts in the cell. */
  readonly functions: DrillTargetPart[];
  /** The drilled tables' parts in the cell. */
  readonly stores: DrillTargetPart[];
  /** Whether any of the stores is a multi-Region strongly consistent global table. */
  readonly strongConsistency: boolean;
}

/** A candidate stop condition and why it guards this drill. */
export interface Guardrail {
  readonly alarm: IAlarm;
  readonly reason: string;
}

/**
 * The cell's alarms that watch what the fault must NOT break, most telling first. A drill deliberately trips some
 * alarms (the errors alarm of a function it fails, the replication latency of a table it cuts off: `trippedAlarms`);
 * those can never be its stop conditions, or every run would stop itself. Stop conditions are the alarms whose firing
 * means the blast radius grew beyond the fault: throttling from retry storms, another component failing, the data
 * store erring.
 *
 * FIS reads stop conditions from alarms by ARN and documents no cross-region use, and a CloudWatch alarm watches
 * metrics of its own region only: the surviving regions' alarms are for the operator to watch (see the README).
 */
export function guardrails(context: GuardrailContext): Guardrail[] {
  const { action, functions, stores } = context;
  const result: Guardrail[] = [];
  const add = (alarm: IAlarm | undefined, reason: string) => {
    if (alarm) result.push({ alarm, reason });
  };

  if (action.actionId === PAUSE) {
    for (const s of stores) add(s.alarms.throttles, 'the local replica must keep serving reads and writes unthrottled');
    if (!context.strongConsistency) {
      for (const s of stores) add(s.alarms.systemErrors, 'the local replica must keep serving without system errors');
      for (const f of functions) add(f.alarms.errors, 'the function must keep serving from its local replica');
    }
    for (const f of functions) add(f.alarms.throttles, 'the function must not be throttled while replication is paused');
    for (const f of functions) add(f.alarms.duration, 'the function must not slow down while replication is paused');
    return result;
  }

  // Lambda faults.
  const { delay, errors, timesOut } = lambdaFault(context);
  for (const f of functions) add(f.alarms.throttles, `${f.name} must not run out of concurrency (retries, slower invocations)`);
  for (const s of stores) add(s.alarms.systemErrors, 'the local table replica must stay healthy');
  for (const s of stores) add(s.alarms.throttles, 'the local table replica must not be throttled by retries');
  if (!errors && !timesOut) {
    for (const f of functions) add(f.alarms.errors, `the fault must not turn into errors of ${f.name}`);
    for (const f of functions) add(f.alarms.deadLetter, `no asynchronous event of ${f.name} may be dead-lettered`);
  }
  if (!delay) for (const f of functions) add(f.alarms.duration, `${f.name} must not slow down`);
  if (!delay && !errors) for (const f of functions) add(f.alarms.probe, `the probe of ${f.name} must keep succeeding`);
  for (const s of stores) {
    for (const latency of s.alarms.replicationLatency ?? []) add(latency, 'replication from the local replica must keep up');
  }
  return result;
}

/**
 * The cell's alarms the fault trips on purpose, each with what trips it: never a stop condition, or the experiment
 * would stop itself as soon as the fault took hold.
 */
export function trippedAlarms(context: GuardrailContext): Guardrail[] {
  const { action, functions, stores } = context;
  const result: Guardrail[] = [];
  const add = (alarm: IAlarm | undefined, reason: string) => {
    if (alarm) result.push({ alarm, reason });
  };
  if (action.actionId === PAUSE) {
    for (const s of stores) {
      for (const latency of s.alarms.replicationLatency ?? []) add(latency, `the pause stops replication from ${s.name}`);
    }
    if (context.strongConsistency) {
      for (const s of stores) add(s.alarms.systemErrors, `a strongly consistent ${s.name} errs while its replica is cut off`);
      for (const f of functions) add(f.alarms.errors, `${f.name} errs with its strongly consistent table cut off`);
    }
    return result;
  }
  const { delay, errors, timesOut } = lambdaFault(context);
  if (errors || timesOut) {
    for (const f of functions) add(f.alarms.errors, `the fault fails invocations of ${f.name}`);
    for (const f of functions) add(f.alarms.deadLetter, `failed asynchronous events of ${f.name} are dead-lettered`);
  }
  if (delay) for (const f of functions) add(f.alarms.duration, `the fault slows ${f.name} down`);
  if (delay || errors) for (const f of functions) add(f.alarms.probe, `the probe of ${f.name} sees the fault`);
  return result;
}

const PAUSE = 'aws:dynamodb:global-table-pause-replication';

function lambdaFault(context: GuardrailContext): { delay: boolean; errors: boolean; timesOut: boolean } {
  const delay = context.action.actionId === 'aws:lambda:invocation-add-delay';
  const errors = context.action.actionId === 'aws:lambda:invocation-error';
  const timesOut = delay && context.functions.some((f) =>
    Number(context.parameters.startupDelayMilliseconds ?? 1000) >= (f.function?.timeout?.toMilliseconds() ?? 3000));
  return { delay, errors, timesOut };
}
