import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { MultiRegionTopology } from './multi-region-topology';
import { configError } from '../private/errors';

/** Ids a cell gives its own children (the topology parameter, and on first use the key and the alarm topic). */
const CELL_OWN_IDS = ['TopologyParameter', 'EncryptionKey', 'AlarmTopic'];

/**
 * The id that `member` (a construct of the library, created in `topology`) gives its replica in each cell.
 *
 * A direct child of the topology keeps its own id, so its replicas' paths (and logical ids) stay as they always were.
 * A member deeper down takes the path below the topology, joined with '-' (`Team/Api` replicates as `Team-Api`): two
 * members with one id under different parents get distinct replicas. `taken` holds the ids given so far, so a derived id
 * that meets another member's (`Team-Api` beside `Team/Api`), or a cell's own child, fails here, naming both.
 *
 * A member inside a stack of the topology (a cell, the routing or a prerequisites stack) is refused: it places a replica
 * in every cell itself.
 */
export function replicaIdOf(topology: MultiRegionTopology, member: IConstruct, taken: Map<string, IConstruct>): string {
  const below = member.node.scopes.slice(member.node.scopes.indexOf(topology) + 1);
  const kind = member.constructor.name;
  const stack = below.find((s) => Stack.isStack(s));
  if (stack) {
    throw configError(member, {
      setting: 'scope',
      value: stack.node.path,
      problem: `the ${kind} is inside the stack '${stack.node.path}' of the topology, and a ${kind} places a replica in ` +
        'every cell of the topology itself',
      allowed: `the topology '${topology.node.path}', or a construct of yours inside it that is not a stack`,
      fix: `create it with the topology as its scope: new ${kind}(topology, '${member.node.id}', ...)`,
    });
  }
  const id = below.map((s) => s.node.id).join('-');
  const holder = taken.get(id);
  const cellChild = CELL_OWN_IDS.includes(id) ? `the cell's own '${id}'`
    : topology.cells.map((cell) => cell.node.tryFindChild(id)).filter((c) => c !== undefined).map((c) => `'${c!.node.path}'`)[0];
  if ((holder && holder !== member) || (!holder && cellChild)) {
    throw configError(member, {
      setting: 'id',
      value: member.node.id,
      problem: `its replica in each cell would take the id '${id}' (its path below the topology), which ` +
        `${holder ? `the replicas of '${holder.node.path}' take` : `${cellChild} already takes`}`,
      allowed: 'an id whose path below the topology, joined with \'-\', no other construct of the topology or its cells has',
      fix: `rename '${member.node.path}' or ${holder ? `'${holder.node.path}'` : 'the other construct'}`,
    });
  }
  taken.set(id, member);
  return id;
}
