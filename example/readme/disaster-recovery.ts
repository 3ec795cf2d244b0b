import { App, Duration } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import {
  DisasterRecoveryStrategy, FailoverRouting, HealthCheckedFailover, MultiRegionTopology, ReplicatedCode, ReplicatedFunction,
} from 'cdk-resilient-serverless';

/** One service, three regions, DNS failover: only the strategy (and the routing it allows) differs. */
function orders(strategy: DisasterRecoveryStrategy, routing?: FailoverRouting, recoveryTimeObjective?: Duration): HealthCheckedFailover {
  const topology = new MultiRegionTopology(new App(), 'Orders', {
    account: '123456789012',
    primaryRegion: 'us-east-1',
    regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
    strategy,
  });
  const api = new ReplicatedFunction(topology, 'Api', {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: ReplicatedCode.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    // 20 warm in the primary; the strategy decides the standby cells' floor.
    provisionedConcurrency: { minCapacity: 20, maxCapacity: 100 },
  });
  const zone = HostedZone.fromHostedZoneAttributes(topology.routingStack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  return new HealthCheckedFailover(topology, 'ApiFailover', {
    service: api, hostedZone: zone, recordName: 'api.example.com', routing, recoveryTimeObjective,
  });
}

// Every cell serves, two thirds of the traffic on the primary; a failed cell's share goes to the others.
orders(DisasterRecoveryStrategy.activeActive(),
  FailoverRouting.weighted({ weights: { 'us-east-1': 2, 'us-west-2': 1, 'eu-west-1': 0 } }));
// The default: every cell at full size, traffic on the primary until it fails. Recovers in 37 s.
orders(DisasterRecoveryStrategy.hotStandby(), undefined, Duration.seconds(40));
// Standby cells keep 5 of the 20 warm (a quarter) and autoscale up to 100 once they take the traffic.
orders(DisasterRecoveryStrategy.warmStandby({ standbyCapacity: 0.25 }));
// Nothing warm in the standby cells: 37 s failover + 20 s for Lambda to scale from zero to 1,000 and start cold.
const pilotLight = orders(DisasterRecoveryStrategy.pilotLight({ peakConcurrency: 1000 }), undefined, Duration.minutes(1));

console.log(`${pilotLight.recordName} recovers in at most ${pilotLight.recoveryTime.totalSeconds} s: ${pilotLight.recoveryTime.formula}`);
