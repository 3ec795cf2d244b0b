import { Duration } from 'aws-cdk-lib';
import { MultiRegionConsistency } from 'aws-cdk-lib/aws-dynamodb';
import { IConstruct } from 'constructs';
import { TYPICAL_REPLICATION_LAG } from './defaults';
import { configError } from '../private/errors';
import { checkKnownDuration } from '../private/validate';

const SETTING = 'recoveryPointObjective';
const STRONG_FIX = 'set consistency: MultiRegionConsistency.STRONG (three regions of one MRSC region set, or two and a witnessRegion)';

/**
 * The declared recovery point objective, checked against what the configuration gives: strong consistency meets any
 * objective (zero included); eventual consistency meets one of at least TYPICAL_REPLICATION_LAG, and only when its
 * replication latency alarm (at `latencyThreshold`) fires before the objective is missed. Undefined when none is declared.
 */
export function validateRecoveryPointObjective(scope: IConstruct, objective: Duration | undefined, consistency: MultiRegionConsistency,
  latencyThreshold: Duration): Duration | undefined {
  if (objective === undefined) return undefined;
  const millis = checkKnownDuration(scope, SETTING, objective, {
    unit: 'millis', min: Duration.millis(0), computedAtSynth: 'the objective is compared with the configuration at synth',
  });
  if (consistency === MultiRegionConsistency.STRONG) return objective;

  const lag = TYPICAL_REPLICATION_LAG.toMilliseconds();
  if (millis < lag) {
    throw configError(scope, {
      setting: SETTING,
      value: objective,
      problem: millis === 0
        ? 'an objective of zero needs every write acknowledged by a second region before it succeeds, and eventual consistency ' +
          'replicates after the write'
        : `eventual consistency replicates typically within ${TYPICAL_REPLICATION_LAG.toHumanString()}, with no SLA, so an ` +
          'objective below that cannot be met',
      allowed: `with eventual consistency, ${TYPICAL_REPLICATION_LAG.toString()} or more; any objective (zero included) with strong consistency`,
      fix: `${STRONG_FIX}, or declare recoveryPointObjective: ${TYPICAL_REPLICATION_LAG.toString()} or more`,
    });
  }
  if (latencyThreshold.toMilliseconds() > millis) {
    throw configError(scope, {
      setting: SETTING,
      value: objective,
      problem: `the replication latency alarm fires at ${latencyThreshold.toHumanString()} (replicationLatencyThreshold), after ` +
        'the objective is already missed',
      allowed: 'an objective no shorter than replicationLatencyThreshold',
      fix: `set replicationLatencyThreshold: Duration.millis(${millis}) or less, or declare a longer recoveryPointObjective`,
    });
  }
  return objective;
}
