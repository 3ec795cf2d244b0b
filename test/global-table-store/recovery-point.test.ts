import { App, Duration, Lazy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, MultiRegionConsistency } from 'aws-cdk-lib/aws-dynamodb';
import { GlobalTableStore, GlobalTableStoreProps, MultiRegionTopology } from '../../src';
import { TEST_ACCOUNT, templates, testApp } from '../harness';

const EVENTUAL_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const MRSC_REGIONS = ['us-east-1', 'us-east-2', 'us-west-2'];
/** Every configuration error has one shape: the setting, the value as given, the problem, what is allowed, the fix. */
const FORMAT = /^\[Orders\/Store\] invalid .+ .+: .+\. Allowed: .+\. Fix: .+\.$/s;

function store(props: Partial<GlobalTableStoreProps>, regions = EVENTUAL_REGIONS): GlobalTableStore {
  const t = new MultiRegionTopology(testApp(), 'Orders', { account: TEST_ACCOUNT, primaryRegion: regions[0], regions });
  return new GlobalTableStore(t, 'Store', { partitionKey: { name: 'pk', type: AttributeType.STRING }, ...props });
}

describe('GlobalTableStore recovery point objective: configurations that cannot meet it', () => {
  test.each<[string, Partial<GlobalTableStoreProps>, string[], RegExp]>([
    ['zero is declared with eventual consistency', { recoveryPointObjective: Duration.seconds(0) }, EVENTUAL_REGIONS,
      /invalid recoveryPointObjective Duration\.seconds\(0\): an objective of zero needs every write acknowledged by a second region before it succeeds, and eventual consistency replicates after the write\. Allowed: with eventual consistency, Duration\.seconds\(1\) or more; any objective \(zero included\) with strong consistency\. Fix: set consistency: MultiRegionConsistency\.STRONG \(three regions of one MRSC region set, or two and a witnessRegion\), or declare recoveryPointObjective: Duration\.seconds\(1\) or more\./],
    ['500 ms is declared with eventual consistency (below the typical replication lag)', { recoveryPointObjective: Duration.millis(500) }, EVENTUAL_REGIONS,
      /invalid recoveryPointObjective Duration\.millis\(500\): eventual consistency replicates typically within 1 second, with no SLA, so an objective below that cannot be met\. Allowed: with eventual consistency, Duration\.seconds\(1\) or more.*Fix: set consistency: MultiRegionConsistency\.STRONG/],
    ['10 s is declared and the replication latency alarm (default 30 s) fires only after it is missed', { recoveryPointObjective: Duration.seconds(10) }, EVENTUAL_REGIONS,
      /invalid recoveryPointObjective Duration\.seconds\(10\): the replication latency alarm fires at 30 seconds \(replicationLatencyThreshold\), after the objective is already missed\. Allowed: an objective no shorter than replicationLatencyThreshold\. Fix: set replicationLatencyThreshold: Duration\.millis\(10000\) or less, or declare a longer recoveryPointObjective\./],
    ['1 minute is declared and the alarm is set at 61 s', { recoveryPointObjective: Duration.minutes(1), replicationLatencyThreshold: Duration.seconds(61) }, EVENTUAL_REGIONS,
      /invalid recoveryPointObjective Duration\.minutes\(1\): the replication latency alarm fires at 1 minute 1 second \(replicationLatencyThreshold\)/],
    ['zero is declared with strong consistency in regions of two MRSC sets', { recoveryPointObjective: Duration.seconds(0), consistency: MultiRegionConsistency.STRONG },
      ['us-east-1', 'us-west-2', 'eu-west-1'], /invalid consistency \['us-east-1', 'us-west-2', 'eu-west-1'\]: multi-region strong consistency works only within one region set/],
    ['the objective is a token', { recoveryPointObjective: Duration.seconds(Lazy.number({ produce: () => 5 })) }, EVENTUAL_REGIONS,
      /invalid recoveryPointObjective '<a token>': the objective is compared with the configuration at synth, so the duration must be known at synth/],
    ['the objective is a fraction of a millisecond', { recoveryPointObjective: Duration.millis(1000.5) }, EVENTUAL_REGIONS,
      /invalid recoveryPointObjective Duration\.millis\(1000\.5\): the service counts whole millis/],
    ['the objective is infinite', { recoveryPointObjective: Duration.seconds(Infinity) }, EVENTUAL_REGIONS,
      /invalid recoveryPointObjective Duration\.seconds\(Infinity\): the duration must be finite/],
    ['the objective is not a Duration', { recoveryPointObjective: 5 as any }, EVENTUAL_REGIONS,
      /invalid recoveryPointObjective 5: a Duration is required/],
  ])('fails when %s', (_, props, regions, message) => {
    expect(() => store(props, regions)).toThrow(message);
    expect(() => store(props, regions)).toThrow(FORMAT);
  });
});

describe('GlobalTableStore recovery point objective: accepts the edges', () => {
  test.each<[string, Partial<GlobalTableStoreProps>, string[], number]>([
    ['zero with strong consistency in one MRSC region set', { recoveryPointObjective: Duration.seconds(0), consistency: MultiRegionConsistency.STRONG }, MRSC_REGIONS, 0],
    ['1 s (the typical replication lag) with eventual consistency and the alarm at 1 s',
      { recoveryPointObjective: Duration.seconds(1), replicationLatencyThreshold: Duration.seconds(1) }, EVENTUAL_REGIONS, 1],
    ['30 s with eventual consistency and the default alarm (30 s)', { recoveryPointObjective: Duration.seconds(30) }, EVENTUAL_REGIONS, 30],
  ])('accepts %s', (_, props, regions, seconds) => {
    const s = store(props, regions);
    const t = MultiRegionTopology.of(s);
    const report = t._reportInput().contributions.flatMap((c) => c.stores ?? []);
    expect(report).toEqual([expect.objectContaining({ tableName: s.tableName, declaredRecoveryPointObjectiveSeconds: seconds })]);
    // The objective changes nothing in the templates: it is checked, not built.
    templates(t.node.root as App);
    Template.fromStack(t.primaryCell).resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
  });

  test('no objective declared: nothing is enforced, and the report says none', () => {
    const s = store({ replicationLatencyThreshold: Duration.minutes(5) });
    const report = MultiRegionTopology.of(s)._reportInput().contributions.flatMap((c) => c.stores ?? []);
    expect(report).toEqual([expect.objectContaining({ declaredRecoveryPointObjectiveSeconds: null })]);
  });
});
