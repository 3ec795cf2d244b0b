/**
 * The mark of a `MultiRegionTopology`, tested by symbol rather than `instanceof` so two copies of the library (two
 * `node_modules`) still recognize each other's topologies.
 */
const TOPOLOGY_SYMBOL = Symbol.for('cdk-resilient-serverless.MultiRegionTopology');

/** Marks `topology` as a `MultiRegionTopology`. */
export function markAsTopology(topology: object): void {
  Object.defineProperty(topology, TOPOLOGY_SYMBOL, { value: true });
}

/** Whether `x` carries the mark of a `MultiRegionTopology`. */
export function hasTopologyMark(x: unknown): boolean {
  return x !== null && typeof x === 'object' && TOPOLOGY_SYMBOL in x;
}
