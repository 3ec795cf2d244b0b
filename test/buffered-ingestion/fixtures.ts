import { Duration } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { BufferedIngestion, BufferedIngestionProps, MultiRegionTopology, ReplicatedCode, ReplicatedFunction, ReplicatedFunctionProps } from '../../src';
import { TEST_ACCOUNT, testApp } from '../harness';

export const REGIONS = ['us-east-1', 'eu-west-1'];

export function topology(serviceName = 'Orders'): MultiRegionTopology {
  return new MultiRegionTopology(testApp(), serviceName, { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: REGIONS });
}

/** The consumer: a replicated function with a 10-second timeout unless told otherwise. */
export function consumer(t: MultiRegionTopology, props: Partial<ReplicatedFunctionProps> = {}, id = 'Fulfil'): ReplicatedFunction {
  return new ReplicatedFunction(t, id, {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: ReplicatedCode.fromInline('exports.handler = async () => ({ batchItemFailures: [] });'),
    timeout: Duration.seconds(10),
    endpoint: { enabled: false },
    ...props,
  });
}

export function ingestion(props: Partial<BufferedIngestionProps> = {}, t: MultiRegionTopology = topology(),
  functionProps: Partial<ReplicatedFunctionProps> = {}, id = 'Intake'): BufferedIngestion {
  return new BufferedIngestion(t, id, { function: consumer(t, functionProps), ...props });
}
