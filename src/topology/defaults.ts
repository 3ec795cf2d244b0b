import { DisasterRecoveryStrategy } from './strategy';

/**
 * The topology's defaults, applied once by `validateTopologyProps`; `MultiRegionTopologyProps` documents each.
 */

/** `terminationProtection`: a cell exists to be there when another region fails, so it is protected from deletion. */
export const DEFAULT_TERMINATION_PROTECTION = true;

/** `dashboards`: a dashboard per cell and one of every region, in the primary cell. */
export const DEFAULT_DASHBOARDS = true;
/** `strategy`: every cell at full capacity, traffic on the primary until it fails (the behaviour before strategies). */
export const DEFAULT_STRATEGY = (): DisasterRecoveryStrategy => DisasterRecoveryStrategy.hotStandby();
/** `WarmStandbyOptions.standbyCapacity`: a quarter of the provisioned concurrency floor stays warm in each standby. */
export const DEFAULT_STANDBY_CAPACITY = 0.25;
/** `peakConcurrency` of a standby strategy: Lambda's default concurrency quota of a region. */
export const DEFAULT_PEAK_CONCURRENCY = 1000;
