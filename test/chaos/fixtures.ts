import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, MultiRegionConsistency } from 'aws-cdk-lib/aws-dynamodb';
import { Role } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { CfnElement } from 'aws-cdk-lib/core';
import {
  GlobalTableStore, HealthCheckedFailover, HealthCheckedFailoverProps, MultiRegionTopology, ReplicatedCode, ReplicatedFunction,
  ReplicatedFunctionProps,
} from '../../src';
import { ChaosExperiments, ChaosExperimentsProps } from '../../src/chaos';
import { TEST_ACCOUNT, testApp } from '../harness';

export const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
export const ERROR = 'aws:lambda:invocation-error';
export const DELAY = 'aws:lambda:invocation-add-delay';
export const HTTP = 'aws:lambda:invocation-http-integration-response';
export const PAUSE = 'aws:dynamodb:global-table-pause-replication';

export interface Fixture {
  readonly app: App;
  readonly topology: MultiRegionTopology;
  readonly api: ReplicatedFunction;
  readonly table: GlobalTableStore;
}

export interface FixtureOptions {
  readonly regions?: string[];
  readonly api?: Partial<ReplicatedFunctionProps>;
  readonly strong?: boolean;
}

/** A topology with a replicated function (with a probe) that uses a global table. */
export function fixture(options: FixtureOptions = {}): Fixture {
  const app = testApp();
  const regions = options.regions ?? (options.strong ? ['us-east-1', 'us-east-2', 'us-west-2'] : REGIONS);
  const topology = new MultiRegionTopology(app, 'Orders', { account: TEST_ACCOUNT, primaryRegion: regions[0], regions });
  const api = new ReplicatedFunction(topology, 'Api', {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: ReplicatedCode.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    probe: {},
    ...options.api,
  });
  const table = new GlobalTableStore(topology, 'Table', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    backup: { enabled: false },
    consistency: options.strong ? MultiRegionConsistency.STRONG : undefined,
  });
  table.grantReadWriteData(api);
  return { app, topology, api, table };
}

/** A drill over the fixture's function and table, with the Lambda extension unless told otherwise. */
export function drill(f: Fixture, props: ChaosExperimentsProps = { functions: [f.api], stores: [f.table], lambdaExtension: {} }): ChaosExperiments {
  return new ChaosExperiments(f.topology, 'Drills', props);
}

/** DNS failover of the fixture's function across its cells, with HTTPS health checks unless told otherwise. */
export function failoverOf(f: Fixture, props: Partial<HealthCheckedFailoverProps> = {}): HealthCheckedFailover {
  return new HealthCheckedFailover(f.topology, 'ApiFailover', {
    service: f.api,
    hostedZone: HostedZone.fromHostedZoneAttributes(f.topology.routingStack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }),
    recordName: 'api.example.com',
    ...props,
  });
}

export function arm64(): Partial<ReplicatedFunctionProps> {
  return { architecture: Architecture.ARM_64 };
}

/** The properties of the cell's experiment template of `actionId`. */
export function templateOf(cell: Stack, actionId: string): any {
  const all = Object.values(Template.fromStack(cell).findResources('AWS::FIS::ExperimentTemplate')).map((r: any) => r.Properties);
  const found = all.filter((p) => Object.values(p.Actions).some((a: any) => a.ActionId === actionId));
  expect(found).toHaveLength(1);
  return found[0];
}

/** The logical ids of the alarms in a template's stop conditions. */
export function stopAlarms(template: any): string[] {
  return template.StopConditions.map((s: any) => {
    expect(s.Source).toBe('aws:cloudwatch:alarm');
    return s.Value['Fn::GetAtt'][0];
  });
}

/** Every statement of a role's policies, as [sorted actions, resource]. */
export function statementsOf(role: Role): Array<[string[], any, any]> {
  const stack = Stack.of(role);
  const logicalId = stack.getLogicalId(role.node.defaultChild as CfnElement);
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId }] } });
  return Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement)
    .map((s: any) => [[s.Action].flat().sort(), s.Resource, s.Condition]);
}
