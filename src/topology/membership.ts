import { IConstruct } from 'constructs';
import type { MultiRegionTopology } from './multi-region-topology';
import { configError, renderValue } from '../private/errors';

/**
 * Refuses `member` (a prop value, at `setting`) when it belongs to another topology than `topology`: a construct
 * places its parts in its own topology's cells and can reach nothing in another's. `wording.who` names the construct
 * in the problem (`a drill`), `allowed` and `fix` finish the message.
 */
export function requireSameTopology(scope: IConstruct, topology: MultiRegionTopology, setting: string,
  member: IConstruct, memberTopology: MultiRegionTopology, wording: { who: string; allowed: string; fix: string }): void {
  if (memberTopology === topology) return;
  throw configError(scope, {
    setting,
    value: member.node.path,
    problem: `it belongs to another topology (at '${memberTopology.node.path}'` +
      `${memberTopology.node.root === topology.node.root ? '' : ' of another app'}), and ${wording.who} reaches its own cells only`,
    allowed: wording.allowed,
    fix: wording.fix,
  });
}

/**
 * `regions` (at `setting`), checked to be distinct regions of `topology`, at least `minimum` of them; `need` says why
 * when there are fewer (e.g. 'failover needs at least two cells').
 */
export function validateRegionSubset(scope: IConstruct, topology: MultiRegionTopology, setting: string, regions: string[],
  minimum: number, need: string): string[] {
  const outside = regions.find((region) => !topology.regions.includes(region));
  const problem = outside !== undefined ? `'${outside}' is not a region of the topology`
    : regions.length < minimum ? need
      : new Set(regions).size !== regions.length ? 'a region is listed more than once'
        : undefined;
  if (problem) {
    throw configError(scope, {
      setting,
      value: regions,
      problem,
      allowed: `${minimum > 1 ? `${minimum} or more` : 'one or more'} distinct regions of the topology, ${renderValue(topology.regions)}`,
      fix: `list each region once${outside !== undefined ? `, without '${outside}' (or add it to the topology)` : ''}, ` +
        `or leave \`${setting}\` unset for every cell`,
    });
  }
  return regions;
}

/**
 * The part of `owner` (a replica, a drill, a route) in `regionName`. A region outside the topology gets the topology's
 * own error; a region of the topology where `owner` has no part gets `wording`'s, with the regions it does have (the
 * default wording serves constructs with a part in every cell, which never reach it).
 */
export function partInRegion<T extends { readonly region: string }>(owner: IConstruct, topology: MultiRegionTopology,
  parts: readonly T[], regionName: string,
  wording: { setting?: string; problem: string; fix: string } = { problem: 'it has no part in this region', fix: 'use one of its regions' }): T {
  const region = topology.cell(regionName).region;
  const found = parts.find((part) => part.region === region);
  if (found) return found;
  throw configError(owner, {
    setting: wording.setting ?? 'region',
    value: regionName,
    problem: wording.problem,
    allowed: `one of ${renderValue(parts.map((part) => part.region))}`,
    fix: wording.fix,
  });
}
