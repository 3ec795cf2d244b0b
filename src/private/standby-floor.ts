/**
 * The provisioned-concurrency floor a standby cell keeps of `floor` under a strategy keeping `capacity` of it
 * (DisasterRecoveryStrategy's standbyCapacity): all of it at 1 (hot standby, active-active), none at 0 (pilot light),
 * else `ceil(floor × capacity)` and at least 1 (warm standby). ReplicatedFunction applies it to each standby cell; the
 * report prices each strategy with it.
 */
export function standbyFloor(floor: number, capacity: number): number {
  if (capacity >= 1) return floor;
  if (capacity <= 0) return 0;
  return Math.max(1, Math.ceil(floor * capacity));
}
