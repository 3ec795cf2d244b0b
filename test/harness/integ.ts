import { App } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { EndpointAuthorization, MultiRegionTopology, ReplicatedCode, ReplicatedFunction } from '../../src';

/**
 * The account of an integration test's topology: the credentials' account when deploying
 * (`npx projen integ:deploy`), a placeholder otherwise. integ-runner synthesizes snapshots with a dummy
 * 8-digit account, which a topology rejects as malformed.
 */
export function integAccount(): string {
  const deployAccount = process.env.CDK_DEFAULT_ACCOUNT ?? '';
  return /^\d{12}$/.test(deployAccount) ? deployAccount : '123456789012';
}

/**
 * The topology of an integration test: the integ account, us-east-1 first, and no termination protection, since
 * integration tests destroy what they deploy.
 */
export function integTopology(app: App, id: string, regions: string[]): MultiRegionTopology {
  return new MultiRegionTopology(app, id, { account: integAccount(), primaryRegion: regions[0], regions, terminationProtection: false });
}

/**
 * The public hosted zone that DNS integration tests route through when deployed (`INTEG_HOSTED_ZONE_ID`,
 * `INTEG_ZONE_NAME`); placeholders in snapshot mode.
 */
export function integZone(): { hostedZoneId: string; zoneName: string } {
  return {
    hostedZoneId: process.env.INTEG_HOSTED_ZONE_ID ?? 'Z0INTEG0PLACEHOLDER',
    zoneName: process.env.INTEG_ZONE_NAME ?? 'integ.example.com',
  };
}

/** A replicated function whose public endpoint answers 200 with its own region: what a DNS failover test looks for. */
export function regionEchoService(topology: MultiRegionTopology): ReplicatedFunction {
  return new ReplicatedFunction(topology, 'Api', {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: ReplicatedCode.fromInline('exports.handler = async () => ({ statusCode: 200, body: process.env.AWS_REGION });'),
    endpoint: { authorization: EndpointAuthorization.NONE },
  });
}
