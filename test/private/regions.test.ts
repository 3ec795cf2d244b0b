import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { validateRegionName } from '../../src/private/regions';

// The fast lookup table in src/private/regions.ts must agree with aws-cdk-lib's own region facts for every region it lists.
test('every region aws-cdk-lib knows gets the partition aws-cdk-lib gives it', () => {
  const scope = new Construct(undefined as any, 'Scope');
  const known = RegionInfo.regions.filter((r) => r.partition);
  expect(known.length).toBeGreaterThan(40);
  for (const region of known) expect([region.name, validateRegionName(scope, 'region', region.name)]).toEqual([region.name, region.partition]);
});
