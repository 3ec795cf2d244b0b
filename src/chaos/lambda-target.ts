import { DrillFunction, IDrillTarget } from '../topology/drill-target';

/**
 * A function that a drill's Lambda faults target in one cell, through the FIS Lambda extension: a replica of one of
 * the drill's `functions`, or the deep health handler of the drill's `failover`. Not exported from the library.
 */
export interface LambdaTarget {
  /** The construct that owns the function, and accepts the extension's wiring. */
  readonly owner: IDrillTarget;
  /** The function, as its owner describes it to a drill. */
  readonly fn: DrillFunction;
  /** The prop that brought the function into the drill, for error messages. */
  readonly setting: string;
}

/** The function `owner` offers a drill in `region`, or undefined when it has none there. */
export function lambdaTarget(owner: IDrillTarget, region: string, setting: string): LambdaTarget | undefined {
  const fn = owner._drillTargetIn(region)?.function;
  return fn ? { owner, fn, setting } : undefined;
}
