import { App } from 'aws-cdk-lib';
import { MultiRegionTopology } from '../../src';

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
