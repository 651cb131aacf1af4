import { Secret } from 'otpauth';
import type { Role, Scope } from '../../contracts/roles.js';
import type { DemoPlan, PlannedPerson, PlannedUnit } from './demo-plan.js';
import type { Rng } from './rng.js';

/** One demo sign-in, as written to the logins file and printed on first run. */
export interface DemoLogin {
  username: string;
  password: string;
  roles: Role[];
  displayName: string;
  totpSecret?: string;
}

/** A demo account to create: its login plus where it sits in the county. */
export interface PlannedAccount extends DemoLogin {
  scope: Scope;
  unitId: number | null;
  personId: number | null;
  /** Short description of the scope for the printed table. */
  scopeLabel: string;
}

const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!@#%*-_+=?';

/**
 * A strong password drawn from the seeded generator: 16 characters with all four classes and no
 * look-alikes. Deterministic, so the demo prints the same logins on every machine; the demo
 * accounts are for trying Lianxin, never for real data.
 */
export function demoPassword(rng: Rng, username: string): string {
  for (;;) {
    const chars = [rng.pick([...LOWER]), rng.pick([...UPPER]), rng.pick([...DIGITS]), rng.pick([...SYMBOLS])];
    const all = [...(LOWER + UPPER + DIGITS + SYMBOLS)];
    while (chars.length < 16) chars.push(rng.pick(all));
    const password = rng.shuffle(chars).join('');
    if (!password.toLowerCase().includes(username.toLowerCase()) && !/(.)\1\1/.test(password)) return password;
  }
}

/** A base32 TOTP secret (160 bits) drawn from the seeded generator. */
export function demoTotpSecret(rng: Rng): string {
  const bytes = rng.bytes(20);
  return new Secret({
    buffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  }).base32;
}

/** One account per role, placed in the demo county: handlers in 住建局 and a township, a cadre in a village. */
export function planDemoAccounts(plan: DemoPlan, rng: Rng): PlannedAccount[] {
  const unit = (test: (u: PlannedUnit) => boolean, what: string): PlannedUnit => {
    const found = plan.units.find(test);
    if (!found) throw new Error(`demo accounts: no ${what} in the plan`);
    return found;
  };
  const personIn = (u: PlannedUnit, test: (p: PlannedPerson) => boolean = () => true): PlannedPerson => {
    const found = plan.people.find((p) => p.unitId === u.id && test(p));
    if (!found) throw new Error(`demo accounts: nobody in ${u.name}`);
    return found;
  };
  const government = unit((u) => u.role === 'county_government', 'county government');
  const hotline = unit((u) => u.role === 'hotline', 'hotline office');
  const housing = unit((u) => u.shortName === '住建局', '住建局');
  const inspection = unit((u) => u.shortName === '督查室', '督查室');
  const discipline = unit((u) => u.shortName === '纪委监委', '纪委监委');
  const township = unit((u) => u.role === 'township' && u.shortName === '青石镇', '青石镇');
  const village = unit((u) => u.parentId === township.id && u.kind === 'village_committee', 'village under 青石镇');
  const all: Scope = { kind: 'all' };

  const admin = (username: string, role: Role, displayName: string): PlannedAccount => ({
    username,
    password: '',
    roles: [role],
    displayName,
    scope: all,
    unitId: null,
    personId: null,
    scopeLabel: '全县 all',
  });
  const staff = (
    username: string,
    roles: Role[],
    where: PlannedUnit,
    person: PlannedPerson,
    scope: Scope,
    scopeLabel: string,
  ): PlannedAccount => ({
    username,
    password: '',
    roles,
    displayName: person.name,
    scope,
    unitId: where.id,
    personId: person.id,
    scopeLabel,
  });

  const accounts: PlannedAccount[] = [
    admin('sysadmin', 'system_admin', '系统管理员（演示）'),
    admin('secadmin', 'security_admin', '安全管理员（演示）'),
    admin('auditor', 'audit_admin', '审计管理员（演示）'),
    staff(
      'operator',
      ['operator'],
      hotline,
      personIn(hotline, (p) => p.rank === 'ordinary'),
      all,
      '全县 all',
    ),
    staff(
      'dispatcher',
      ['dispatcher'],
      hotline,
      personIn(hotline, (p) => p.rank === 'section'),
      all,
      '全县 all',
    ),
    staff(
      'handler',
      ['handler'],
      housing,
      personIn(housing, (p) => p.rank === 'ordinary'),
      { kind: 'unit', unitId: housing.id },
      `单位 ${housing.shortName}`,
    ),
    staff(
      'township',
      ['handler'],
      township,
      personIn(township, (p) => p.rank === 'ordinary'),
      { kind: 'unit', unitId: township.id },
      `单位 ${township.name}`,
    ),
    staff(
      'cadre',
      ['cadre'],
      village,
      personIn(village),
      { kind: 'unit', unitId: village.id },
      `单位 ${village.shortName ?? village.name}`,
    ),
    staff(
      'inspector',
      ['inspector'],
      inspection,
      personIn(inspection, (p) => p.rank === 'section'),
      all,
      '全县 all',
    ),
    staff(
      'discipline',
      ['discipline'],
      discipline,
      personIn(discipline, (p) => p.rank === 'section'),
      all,
      '全县 all',
    ),
    staff(
      'leader',
      ['leader'],
      government,
      personIn(government, (p) => p.rank === 'county'),
      all,
      '全县 all',
    ),
  ];
  const passwords = rng.fork('passwords');
  const secrets = rng.fork('totp');
  for (const a of accounts) {
    a.password = demoPassword(passwords, a.username);
    if (a.personId === null) a.totpSecret = demoTotpSecret(secrets);
  }
  return accounts;
}
