import { Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { configError } from './errors';

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
  const known = RegionInfo.regions.find((r) => r.name === region);
  if (!known || !known.partition) {
    throw configError(scope, {
      setting,
      value: region,
      problem: 'aws-cdk-lib does not know this region',
      allowed: `one of ${knownRegionNames().join(', ')}`,
      fix: `correct the spelling${closestHint(region)}, or upgrade aws-cdk-lib if the region is new`,
    });
  }
  return known.partition;
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
