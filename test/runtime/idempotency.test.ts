import { idempotencyKeyOf } from '../../src/runtime';
import { clientContextFor } from '../../src/runtime/idempotency';

// The client context is encoded per call from a precomputed head: it must decode to the same JSON for any key.
describe('clientContextFor', () => {
  test.each([
    ['a random UUID', '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f'],
    ['a key with quotes and backslashes', 'order "o-1" \\ path'],
    ['a key with characters outside ASCII', 'commande-é-€-😀'],
    ['a one-character key', 'k'],
    ['the longest key a caller may give', 'k'.repeat(256)],
  ])('carries %s, which idempotencyKeyOf reads back', (_, key) => {
    const clientContext = JSON.parse(Buffer.from(clientContextFor(key), 'base64').toString('utf-8'));

    expect(clientContext).toEqual({ custom: { idempotencyKey: key } });
    expect(idempotencyKeyOf({ clientContext })).toBe(key);
  });
});
