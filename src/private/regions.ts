import { Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { configError } from './errors';

/**
 * The regions aws-cdk-lib 2.257 knows, by partition. Looking a region up here first spares every synth the cost of
 * building aws-cdk-lib's whole fact table (`RegionInfo.regions`: about 0.3-0.4 s of CPU, more than a cell's own
 * validation); a region missing here (one added in a newer aws-cdk-lib, or a typo) is still looked up there.
 */
const KNOWN_PARTITIONS = new Map(Object.entries({
  'aws': ['af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
    'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
    'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1',
    'eu-west-2', 'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1', 'us-east-1',
    'us-east-2', 'us-west-1', 'us-west-2'],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  'aws-iso': ['us-iso-east-1', 'us-iso-west-1'],
  'aws-iso-b': ['us-isob-east-1', 'us-isob-west-1'],
  'aws-iso-e': ['eu-isoe-west-1'],
  'aws-iso-f': ['us-isof-east-1', 'us-isof-south-1'],
  'aws-eusc': ['eusc-de-east-1'],
}).flatMap(([partition, regions]) => regions.map((region): [string, string] => [region, partition])));

/**
 * Checks that `region` is a literal region name that aws-cdk-lib knows, and returns its partition.
 * Shared by every construct that accepts a region, so the message is the same everywhere.
 */
export function validateRegionName(scope: IConstruct, setting: string, region: unknown): string {
  if (typeof region !== 'string' || region.length === 0) {
    throw configError(scope, {
      setting,
      value: region,
      problem: 'a region name is required',
      allowed: 'a region name such as \'us-east-1\'',
      fix: `set ${setting} to a region name`,
    });
  }
  if (Token.isUnresolved(region)) {
    throw configError(scope, {
      setting,
      value: region,
      problem: 'the region is an unresolved token (for example Aws.REGION, a CfnParameter or a region-agnostic stack\'s region), ' +
        'so the topology cannot decide at synth time which cells exist',
      allowed: 'literal region names such as \'us-east-1\'',
      fix: `write the region name itself in ${setting}, or read it from context (app.node.tryGetContext) before constructing the topology`,
    });
  }
  const partition = KNOWN_PARTITIONS.get(region) ?? RegionInfo.regions.find((r) => r.name === region)?.partition;
  if (!partition) {
    throw configError(scope, {
      setting,
      value: region,
      problem: 'aws-cdk-lib does not know this region',
      allowed: `one of ${knownRegionNames().join(', ')}`,
      fix: `correct the spelling${closestHint(region)}, or upgrade aws-cdk-lib if the region is new`,
    });
  }
  return partition;
}

function knownRegionNames(): string[] {
  return RegionInfo.regions.map((r) => r.name).sort();
}

/** " (did you mean 'us-east-1'?)" for the known region with the smallest edit distance, when one is close. */
function closestHint(region: string): string {
  let best: { name: string; distance: number } | undefined;
  for (const name of knownRegionNames()) {
    const distance = editDistance(region.toLowerCase(), name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= 3 ? ` (did you mean '${best.name}'?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
