import * as fc from 'fast-check';
import { regionsForKey } from '../../src/runtime';
import { fullJitterDelay, leastOutstandingOrder, roundRobinOrder } from '../../src/runtime/routing';

const ALL_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1', 'ca-central-1'];
const KEYS = Array.from({ length: 2000 }, (_, i) => `key-${i}`);

describe('regionsForKey (rendezvous hashing)', () => {
  test('removing one of N regions remaps only that region\'s keys: about 1/N of all keys, none of a surviving region', () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.constantFrom(...ALL_REGIONS), { minLength: 2, maxLength: 8 }),
      fc.nat(),
      (regions, pick) => {
        const removed = regions[pick % regions.length];
        const remaining = regions.filter((r) => r !== removed);
        let moved = 0;
        // Collected, then asserted once per run: an expect per key cost most of this test's time.
        const survivorsMoved: string[] = [];
        for (const key of KEYS) {
          const before = regionsForKey(key, regions)[0];
          if (before === removed) {
            moved++;
          } else if (regionsForKey(key, remaining)[0] !== before) {
            survivorsMoved.push(key);
          }
        }
        expect(survivorsMoved).toEqual([]);
        // About 1/N move: within a generous binomial bound for 2000 keys.
        const expected = KEYS.length / regions.length;
        expect(Math.abs(moved - expected)).toBeLessThan(5 * Math.sqrt(expected) + 10);
      },
    ), { numRuns: 25 });
  });

  test('a key\'s failover order is its home, then the rest by score: the same in any order of the regions', () => {
    const order = regionsForKey('customer-42', ALL_REGIONS);

    expect([...order].sort()).toEqual([...ALL_REGIONS].sort());
    expect(regionsForKey('customer-42', [...ALL_REGIONS].reverse())).toEqual(order);
  });
});

describe('fullJitterDelay', () => {
  test('waits between 0 and min(cap, base x 2^attempt)', () => {
    expect([0, 1, 2, 10].map((attempt) => fullJitterDelay(attempt, 50, 1000, () => 0.999))).toEqual([49, 99, 199, 999]);
    expect(fullJitterDelay(3, 50, 1000, () => 0)).toBe(0);
  });
});

describe('roundRobinOrder and leastOutstandingOrder (load spreading)', () => {
  const regions = ['a', 'b', 'c'];
  const firsts = (order: (turn: number) => readonly string[], turns: number) =>
    Array.from({ length: turns }, (_, turn) => order(turn)[0]).join('');

  test('round-robin starts each turn at the next available region; the rest of the rotation, then the unavailable, follow', () => {
    expect(firsts((turn) => roundRobinOrder(regions, turn, () => true), 6)).toBe('abcabc');
    expect(firsts((turn) => roundRobinOrder(regions, turn, (r) => r !== 'b'), 6)).toBe('acacac');
    expect(roundRobinOrder(regions, 1, (r) => r !== 'b')).toEqual(['c', 'a', 'b']);
    expect(roundRobinOrder(regions, 1, () => false)).toEqual(regions);
  });

  test('least-outstanding starts at the least loaded region, equally loaded ones in turn; the busiest comes last', () => {
    const load: Record<string, number> = { a: 2, b: 0, c: 0 };
    const order = (turn: number) => leastOutstandingOrder(regions, turn, () => true, (r) => load[r]);

    expect(firsts(order, 4)).toBe('bcbc');
    expect(order(0)).toEqual(['b', 'c', 'a']);
    expect(firsts((turn) => leastOutstandingOrder(regions, turn, () => true, () => 0), 6)).toBe('abcabc');
    expect(leastOutstandingOrder(regions, 0, (r) => r !== 'b', (r) => load[r])).toEqual(['c', 'a', 'b']);
  });
});
