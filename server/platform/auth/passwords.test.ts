import { describe, expect, it } from 'vitest';
import { characterClassesOf, checkPassword } from './domain/password-policy.js';
import { generateTemporaryPassword, hashPassword, verifyPassword } from './passwords.js';

describe('password hashing', () => {
  it('stores argon2id hashes with a fresh salt, and verifies only the right password', async () => {
    const a = await hashPassword('Harbour-Lantern-42');
    const b = await hashPassword('Harbour-Lantern-42');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'Harbour-Lantern-42')).toBe(true);
    expect(await verifyPassword(a, 'harbour-lantern-42')).toBe(false);
  });

  it('a malformed stored hash never matches (and does not throw)', async () => {
    expect(await verifyPassword('not-a-login', 'anything')).toBe(false);
  });
});

describe('temporary passwords', () => {
  it.each([[{ minLength: 12, minClasses: 3 }], [{ minLength: 20, minClasses: 4 }]])(
    'meet the policy %j, use all four classes and differ every time',
    (policy) => {
      const seen = new Set<string>();
      for (let i = 0; i < 50; i++) {
        const p = generateTemporaryPassword(policy, 'zhangsan');
        expect(checkPassword(p, { username: 'zhangsan' }, policy)).toEqual([]);
        expect(characterClassesOf(p)).toBe(4);
        expect(p.length).toBe(Math.max(16, policy.minLength));
        expect(p).not.toMatch(/[0O1lI]/);
        seen.add(p);
      }
      expect(seen.size).toBe(50);
    },
  );
});
