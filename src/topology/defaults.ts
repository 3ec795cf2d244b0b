/**
 * The topology's defaults, applied once by `validateTopologyProps`; `MultiRegionTopologyProps` documents each.
 */

/** `terminationProtection`: a cell exists to be there when another region fails, so it is protected from deletion. */
export const DEFAULT_TERMINATION_PROTECTION = true;

/** `dashboards`: a dashboard per cell and one of every region, in the primary cell. */
export const DEFAULT_DASHBOARDS = true;
