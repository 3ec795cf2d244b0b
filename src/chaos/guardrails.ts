import { IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { KnownAction } from './known-actions';
import { StoreReplica } from '../global-table-store/global-table-store-replica';
import { FunctionReplica } from '../replicated-function/replicated-function-replica';

/** FIS accepts at most five stop conditions per experiment template (quota L-872EC72B, not adjustable). */
export const MAX_STOP_CONDITIONS = 5;

/** The cell's replicas a drill targets or watches, and what the fault will do to them. */
export interface GuardrailContext {
  readonly action: KnownAction;
  readonly parameters: Record<string, string>;
  readonly functions: FunctionReplica[];
  readonly stores: StoreReplica[];
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
 * alarms (the errors alarm of a function it fails, the replication latency of a table it cuts off); those can never be
 * its stop conditions, or every run would stop itself. Stop conditions are the alarms whose firing means the blast
 * radius grew beyond the fault: throttling from retry storms, another component failing, the data store erring.
 *
 * FIS reads stop conditions from alarms by ARN and documents no cross-region use, and a CloudWatch alarm watches
 * metrics of its own region only: the surviving regions' alarms are for the operator to watch (see the README).
 */
export function guardrails(context: GuardrailContext): Guardrail[] {
  const { action, functions, stores } = context;
  const fn = (replica: FunctionReplica) => replica.node.id;
  const result: Guardrail[] = [];
  const add = (alarm: IAlarm | undefined, reason: string) => {
    if (alarm) result.push({ alarm, reason });
  };

  if (action.actionId === 'aws:dynamodb:global-table-pause-replication') {
    for (const s of stores) add(s.throttlesAlarm, 'the local replica must keep serving reads and writes unthrottled');
    if (!context.strongConsistency) {
      for (const s of stores) add(s.systemErrorsAlarm, 'the local replica must keep serving without system errors');
      for (const f of functions) add(f.errorsAlarm, 'the function must keep serving from its local replica');
    }
    for (const f of functions) add(f.throttlesAlarm, 'the function must not be throttled while replication is paused');
    for (const f of functions) add(f.durationAlarm, 'the function must not slow down while replication is paused');
    return result;
  }

  // Lambda faults.
  const delay = action.actionId === 'aws:lambda:invocation-add-delay';
  const errors = action.actionId === 'aws:lambda:invocation-error';
  const timesOut = delay && functions.some((f) =>
    Number(context.parameters.startupDelayMilliseconds ?? 1000) >= (f.function.timeout?.toMilliseconds() ?? 3000));
  for (const f of functions) add(f.throttlesAlarm, `${fn(f)} must not run out of concurrency (retries, slower invocations)`);
  for (const s of stores) add(s.systemErrorsAlarm, 'the local table replica must stay healthy');
  for (const s of stores) add(s.throttlesAlarm, 'the local table replica must not be throttled by retries');
  if (!errors && !timesOut) {
    for (const f of functions) add(f.errorsAlarm, `the fault must not turn into errors of ${fn(f)}`);
    for (const f of functions) add(f.deadLetterAlarm, `no asynchronous event of ${fn(f)} may be dead-lettered`);
  }
  if (!delay) for (const f of functions) add(f.durationAlarm, `${fn(f)} must not slow down`);
  if (!delay && !errors) for (const f of functions) add(f.probeAlarm, `the probe of ${fn(f)} must keep succeeding`);
  for (const s of stores) {
    for (const latency of s.replicationLatencyAlarms) add(latency, 'replication from the local replica must keep up');
  }
  return result;
}
