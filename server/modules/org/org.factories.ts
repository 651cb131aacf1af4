import type { DivisionLevel, PersonRank, UnitKind } from '../../../contracts/org.js';
import { createFieldCipher, type FieldCipher } from '../../platform/crypto/field-cipher.js';
import type { Db } from '../../platform/db/database.js';
import { TEST_KEY } from '../../platform/testing/test-context.js';
import { insertCategories } from './categories.repository.js';
import { type DivisionRow, findDivision, insertDivisions } from './divisions.repository.js';
import { divisionSearchText } from './divisions.service.js';
import { divisionPath, levelOfCode, PARENT_LEVELS } from './domain/division-rules.js';
import { insertPeople, updatePerson } from './people.repository.js';
import { storedPerson } from './people.service.js';
import { addUnitCategories, findUnit, insertUnits, type UnitRow } from './units.repository.js';
import { unitSearchText } from './units.service.js';

// Test factories for the org module (and other modules' tests): each creates the parents it is missing.

let seq = 0;
const next = () => ++seq;
const ALL = { kind: 'all' } as const;

/** A fresh code for a division at `level` under `parentCode` (or a root), numbered so tests never collide. */
function freshCode(level: DivisionLevel, parentCode: string | null): string {
  const n = next();
  const pad = (v: number, w: number) => String(v % 10 ** w || 1).padStart(w, '0');
  switch (level) {
    case 'province':
      return `${pad((n % 89) + 10, 2)}0000000000`;
    case 'city':
      return `${(parentCode ?? '91').slice(0, 2)}${pad(n % 99, 2)}00000000`;
    case 'county':
      return parentCode ? `${parentCode.slice(0, 4)}${pad(n % 99, 2)}000000` : `9${pad(n, 3)}${pad(n % 99, 2)}000000`;
    case 'township':
      return `${(parentCode ?? `9${pad(n, 3)}01000000`).slice(0, 6)}${pad(n, 3)}000`;
    case 'village':
      return `${(parentCode ?? `9${pad(n, 3)}01${pad(n, 3)}000`).slice(0, 9)}${pad(n, 3)}`;
    case 'grid':
      return `${(parentCode ?? `9${pad(n, 3)}01${pad(n, 3)}000`).slice(0, 9)}${pad((n % 899) + 100, 3)}`;
  }
}

export interface DivisionOverrides {
  code?: string;
  name?: string;
  level?: DivisionLevel;
  parentCode?: string | null;
}

/** Insert a division (a county root by default); a parent code that does not exist yet is created first. */
export async function buildDivision(db: Db, overrides: DivisionOverrides = {}): Promise<DivisionRow> {
  const level = overrides.level ?? (overrides.code ? (levelOfCode(overrides.code) ?? 'county') : 'county');
  let parent: DivisionRow | undefined;
  if (overrides.parentCode) {
    parent =
      (await findDivision(db, ALL, overrides.parentCode)) ??
      (await buildDivision(db, { code: overrides.parentCode, level: PARENT_LEVELS[level][0] ?? 'county' }));
  }
  const code = overrides.code ?? freshCode(level, parent?.code ?? null);
  const name =
    overrides.name ?? `测试${level === 'village' ? '村' : level === 'township' ? '镇' : '县'}${code.slice(-6)}`;
  await insertDivisions(
    db,
    [
      {
        code,
        name,
        level,
        parentCode: parent?.code ?? null,
        path: divisionPath(parent?.path ?? null, code),
        searchText: divisionSearchText(name),
      },
    ],
    new Date(),
  );
  return (await findDivision(db, ALL, code))!;
}

export interface UnitOverrides {
  name?: string;
  shortName?: string | null;
  kind?: UnitKind;
  parentId?: number | null;
  divisionCode?: string;
  categoryCodes?: string[];
}

/** Insert a unit (a department of a new county by default); a missing division is created, with its code's level. */
export async function buildUnit(db: Db, overrides: UnitOverrides = {}): Promise<UnitRow> {
  let divisionCode = overrides.divisionCode;
  if (!divisionCode) {
    const parentUnit = overrides.parentId ? await findUnit(db, ALL, overrides.parentId) : undefined;
    divisionCode = parentUnit?.divisionCode ?? (await buildDivision(db)).code;
  } else if (!(await findDivision(db, ALL, divisionCode))) {
    await buildDivision(db, { code: divisionCode });
  }
  const name = overrides.name ?? `测试单位${next()}`;
  const [id] = await insertUnits(
    db,
    [
      {
        name,
        shortName: overrides.shortName ?? null,
        kind: overrides.kind ?? 'department',
        parentId: overrides.parentId ?? null,
        divisionCode,
        unitClass: null,
        phone: null,
        searchText: unitSearchText(name, overrides.shortName),
      },
    ],
    new Date(),
  );
  if (overrides.categoryCodes?.length) {
    for (const code of overrides.categoryCodes) await buildCategory(db, { code });
    await addUnitCategories(
      db,
      overrides.categoryCodes.map((categoryCode) => ({ unitId: id!, categoryCode })),
    );
  }
  return (await findUnit(db, ALL, id!))!;
}

/** Insert a request category if it does not exist yet (level 1 unless a parent is given). */
export async function buildCategory(
  db: Db,
  overrides: { code?: string; name?: string; parentCode?: string | null; level?: number } = {},
): Promise<{ code: string }> {
  const code = overrides.code ?? `T${next()}`;
  await insertCategories(db, [
    {
      code,
      name: overrides.name ?? `分类${code}`,
      parentCode: overrides.parentCode ?? null,
      level: overrides.level ?? (overrides.parentCode ? 2 : 1),
    },
  ]);
  return { code };
}

export interface PersonOverrides {
  unitId?: number;
  name?: string;
  rank?: PersonRank;
  partyMember?: boolean;
  phone?: string | null;
  idNumber?: string | null;
  gender?: 'male' | 'female' | null;
  position?: string | null;
  active?: boolean;
}

/** Insert a person (in a new unit by default), personal data sealed with the test key unless a cipher is given. */
export async function buildPerson(
  db: Db,
  overrides: PersonOverrides = {},
  cipher: FieldCipher = createFieldCipher(TEST_KEY),
): Promise<{ id: number; unitId: number; name: string }> {
  const unitId = overrides.unitId ?? (await buildUnit(db)).id;
  const name = overrides.name ?? `测试${next()}`;
  const row = storedPerson(cipher, {
    unitId,
    name,
    rank: overrides.rank ?? 'ordinary',
    partyMember: overrides.partyMember ?? false,
    phone: overrides.phone ?? null,
    idNumber: overrides.idNumber ?? null,
    gender: overrides.gender ?? null,
    position: overrides.position ?? null,
  });
  const [id] = await insertPeople(db, [row], new Date());
  if (overrides.active === false) {
    await updatePerson(db, id!, { active: false }, new Date());
  }
  return { id: id!, unitId, name };
}
