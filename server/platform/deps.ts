import type { Config } from '../config.js';
import type { FieldCipher } from './crypto/field-cipher.js';
import type { Db } from './db/database.js';

/** Everything a use case needs from outside, created once in main.ts (or a test) and passed in. */
export interface Deps {
  readonly config: Config;
  readonly db: Db;
  readonly dbKind: 'embedded' | 'server';
  readonly cipher: FieldCipher;
  /** The clock; tests pass a fixed or movable one. Read it once per use case. */
  readonly now: () => Date;
}
