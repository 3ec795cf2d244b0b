import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { HostedZone, IHostedZone } from 'aws-cdk-lib/aws-route53';
import {
  GlobalTableStore, HealthCheckedFailover, HealthCheckedFailoverProps, MultiRegionTopology, ReplicatedCode, ReplicatedFunction,
  ReplicatedFunctionProps,
} from '../../src';
import { TEST_ACCOUNT, testApp } from '../harness';

export const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
export const ZONE = { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com', recordName: 'api.example.com' };

/** The example zone, imported once into `topology`'s routing stack. */
export function zoneOf(topology: MultiRegionTopology): IHostedZone {
  const stack = topology.routingStack;
  return stack.node.tryFindChild('Zone') as IHostedZone | undefined
    ?? HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: ZONE.hostedZoneId, zoneName: ZONE.zoneName });
}

/** The zone and name props of a failover in `topology`. */
export function zoneProps(topology: MultiRegionTopology): { hostedZone: IHostedZone; recordName: string } {
  return { hostedZone: zoneOf(topology), recordName: ZONE.recordName };
}

export interface Built {
  readonly app: App;
  readonly topology: MultiRegionTopology;
  readonly api: ReplicatedFunction;
  readonly orders: GlobalTableStore;
  readonly failover: HealthCheckedFailover;
}

/** A topology with a service and a global table, no failover yet. */
export function buildService(fnProps: Partial<ReplicatedFunctionProps> = {}, regions = REGIONS, account = TEST_ACCOUNT): Omit<Built, 'failover'> {
  const app = testApp();
  const topology = new MultiRegionTopology(app, 'Orders', { account, primaryRegion: regions[0], regions });
  const api = new ReplicatedFunction(topology, 'Api', {
    runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('x'), ...fnProps,
  });
  const orders = new GlobalTableStore(topology, 'OrdersTable', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  return { app, topology, api, orders };
}

/** A topology with a service, a global table and a failover of the service that reads the table. */
export function build(props: Partial<HealthCheckedFailoverProps> = {}, fnProps: Partial<ReplicatedFunctionProps> = {}, regions = REGIONS,
  account = TEST_ACCOUNT): Built {
  const built = buildService(fnProps, regions, account);
  const failover = new HealthCheckedFailover(built.topology, 'Failover', { service: built.api, ...zoneProps(built.topology), dependencies: [built.orders], ...props });
  return { ...built, failover };
}

/** The routing stack's template. */
export function routing(built: Built): Template {
  return Template.fromStack(built.topology.routingStack);
}
