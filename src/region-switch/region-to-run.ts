/**
 * Where a custom action's Lambda function runs during a plan execution.
 */
export enum RegionToRun {
  /** In the Region the execution activates (the one taking the traffic). */
  ACTIVATING = 'activatingRegion',
  /** In the Region the execution deactivates (the one losing the traffic). */
  DEACTIVATING = 'deactivatingRegion',
}
