import type { PersonRank, UnitKind } from '../../contracts/org.js';
import { computeIdCheckCharacter } from '../platform/crypto/mask.js';
import {
  CATEGORY_TREE,
  type CategoryNode,
  COMMUNITY_NAMES,
  COMMUNITY_POSTS,
  COUNTY_POSTS,
  DEPARTMENT_SECTION_POSTS,
  DEPARTMENTS,
  type DemoTownship,
  GIVEN_FEMALE,
  GIVEN_MALE,
  MOBILE_PREFIXES,
  ORDINARY_POSTS,
  SURNAMES,
  TOWNSHIP_SECTION_POSTS,
  TOWNSHIPS,
  VILLAGE_HEADS,
  VILLAGE_POSTS,
  VILLAGE_TAILS,
} from './demo-data.js';
import { createRng, type Rng } from './rng.js';

/**
 * The demo county as plain data, computed from a seed with no I/O: the same seed always gives the
 * same divisions, units, catalogues and people (ids included), so demos and tests agree.
 */

export const DEMO_SEED = 20261122;

export const PROVINCE_CODE = '990000000000';
export const CITY_CODE = '990100000000';
export const COUNTY_CODE = '990101000000';
export const COUNTY_NAME = '示范县';

export interface PlannedDivision {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county' | 'township' | 'village';
  parentCode: string | null;
  path: string;
}

export interface PlannedCategory {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
  sortOrder: number;
}

export type UnitRole = 'county_government' | 'hotline' | 'department' | 'township' | 'village';

export interface PlannedUnit {
  id: number;
  name: string;
  shortName: string | null;
  kind: UnitKind;
  parentId: number | null;
  divisionCode: string;
  path: string;
  unitClass: string;
  phone: string | null;
  role: UnitRole;
}

export interface PlannedPerson {
  id: number;
  unitId: number;
  name: string;
  gender: 'male' | 'female';
  rank: PersonRank;
  position: string;
  partyMember: boolean;
  phone: string;
  idNumber: string;
}

export interface DemoPlan {
  divisions: PlannedDivision[];
  categories: PlannedCategory[];
  units: PlannedUnit[];
  catalogue: { unitId: number; categoryCode: string }[];
  people: PlannedPerson[];
}

/** Builds the whole demo county from a seed. */
export function planDemoCounty(seed: number = DEMO_SEED): DemoPlan {
  const root = createRng(seed);
  const categories = planCategories();
  const { divisions, villagesByTownship } = planDivisions(root.fork('divisions'));
  const units = planUnits(villagesByTownship);
  const catalogue = planCatalogue(units, categories);
  const people = planPeople(root.fork('people'), units);
  return { divisions, categories, units, catalogue, people };
}

function planCategories(): PlannedCategory[] {
  const out: PlannedCategory[] = [];
  const walk = (nodes: readonly CategoryNode[], parent: string | null, level: number) => {
    nodes.forEach(([suffix, name, children], index) => {
      const code = parent ? `${parent}.${suffix}` : suffix;
      out.push({ code, name, parentCode: parent, level, sortOrder: index + 1 });
      if (children) walk(children, code, level + 1);
    });
  };
  walk(CATEGORY_TREE, null, 1);
  return out;
}

interface PlannedVillage {
  code: string;
  name: string;
  community: boolean;
}

function planDivisions(rng: Rng): {
  divisions: PlannedDivision[];
  villagesByTownship: Map<DemoTownship, PlannedVillage[]>;
} {
  const province: PlannedDivision = {
    code: PROVINCE_CODE,
    name: '示范省',
    level: 'province',
    parentCode: null,
    path: `/${PROVINCE_CODE}/`,
  };
  const city: PlannedDivision = {
    code: CITY_CODE,
    name: '示范市',
    level: 'city',
    parentCode: PROVINCE_CODE,
    path: `${province.path}${CITY_CODE}/`,
  };
  const county: PlannedDivision = {
    code: COUNTY_CODE,
    name: COUNTY_NAME,
    level: 'county',
    parentCode: CITY_CODE,
    path: `${city.path}${COUNTY_CODE}/`,
  };
  const divisions = [province, city, county];
  const villagesByTownship = new Map<DemoTownship, PlannedVillage[]>();
  const usedVillageNames = new Set<string>();
  const communityNames = rng.shuffle(COMMUNITY_NAMES);
  const villageName = () => {
    for (;;) {
      const name = `${rng.pick(VILLAGE_HEADS)}${rng.pick(VILLAGE_TAILS)}村`;
      if (!usedVillageNames.has(name)) {
        usedVillageNames.add(name);
        return name;
      }
    }
  };
  for (const t of TOWNSHIPS) {
    const code = `${COUNTY_CODE.slice(0, 6)}${t.seq}000`;
    const township: PlannedDivision = {
      code,
      name: t.name,
      level: 'township',
      parentCode: COUNTY_CODE,
      path: `${county.path}${code}/`,
    };
    divisions.push(township);
    // Streets hold communities; towns and 乡 mostly villages plus a community at the seat.
    const communities = t.kind === 'street' ? rng.int(7, 9) : t.kind === 'town' ? rng.int(1, 2) : rng.int(0, 1);
    const villages = t.kind === 'street' ? rng.int(0, 2) : t.kind === 'town' ? rng.int(12, 15) : rng.int(10, 13);
    const list: PlannedVillage[] = [];
    // Statistical practice: 001–199 居委会 (communities), 200–399 村委会 (villages).
    for (let i = 0; i < communities; i++) {
      const name = `${communityNames.shift() ?? `第${i + 1}`}社区`;
      list.push({ code: `${code.slice(0, 9)}${String(i + 1).padStart(3, '0')}`, name, community: true });
    }
    for (let i = 0; i < villages; i++) {
      list.push({ code: `${code.slice(0, 9)}${String(201 + i)}`, name: villageName(), community: false });
    }
    for (const v of list) {
      divisions.push({
        code: v.code,
        name: v.name,
        level: 'village',
        parentCode: code,
        path: `${township.path}${v.code}/`,
      });
    }
    villagesByTownship.set(t, list);
  }
  return { divisions, villagesByTownship };
}

/** The full name of a county unit: 县委办公室 → 中共示范县委办公室, 县教育局 → 示范县教育局. */
function countyUnitName(name: string): string {
  if (name.startsWith('县委')) return `中共${COUNTY_NAME}${name.slice(1)}`;
  return name.startsWith('县') ? `${COUNTY_NAME}${name.slice(1)}` : name;
}

function planUnits(villagesByTownship: Map<DemoTownship, PlannedVillage[]>): PlannedUnit[] {
  const units: PlannedUnit[] = [];
  const add = (u: Omit<PlannedUnit, 'id' | 'path'>, parent: PlannedUnit | null): PlannedUnit => {
    const id = units.length + 1;
    const unit: PlannedUnit = { ...u, id, path: `${parent ? parent.path : '/'}${id}/` };
    units.push(unit);
    return unit;
  };
  const government = add(
    {
      name: `${COUNTY_NAME}人民政府`,
      shortName: '县政府',
      kind: 'government',
      parentId: null,
      divisionCode: COUNTY_CODE,
      unitClass: 'county_government',
      phone: null,
      role: 'county_government',
    },
    null,
  );
  for (const d of DEPARTMENTS) {
    add(
      {
        name: countyUnitName(d.name),
        shortName: d.shortName,
        kind: d.kind,
        parentId: government.id,
        divisionCode: COUNTY_CODE,
        unitClass: d.kind === 'enterprise' ? 'public_utility' : 'county_department',
        phone: d.hotline ? '12345' : null,
        role: d.hotline ? 'hotline' : 'department',
      },
      government,
    );
  }
  for (const [t, villages] of villagesByTownship) {
    const divisionCode = `${COUNTY_CODE.slice(0, 6)}${t.seq}000`;
    const township = add(
      {
        name: t.kind === 'street' ? `${t.name}办事处` : `${t.name}人民政府`,
        shortName: t.name,
        kind: 'township',
        parentId: government.id,
        divisionCode,
        unitClass: t.kind === 'street' ? 'street' : 'township',
        phone: null,
        role: 'township',
      },
      government,
    );
    for (const v of villages) {
      add(
        {
          name: v.community ? `${v.name}居民委员会` : `${v.name}村民委员会`,
          shortName: v.name,
          kind: v.community ? 'community' : 'village_committee',
          parentId: township.id,
          divisionCode: v.code,
          unitClass: v.community ? 'community' : 'village',
          phone: null,
          role: 'village',
        },
        township,
      );
    }
  }
  return units;
}

/** Townships own what no department clearly owns on their ground (属地兜底): village affairs and living conditions. */
const TOWNSHIP_OWNS = ['A.04.02', 'J.02', 'K.04.01'];

function planCatalogue(
  units: PlannedUnit[],
  categories: PlannedCategory[],
): { unitId: number; categoryCode: string }[] {
  const leafCodes = categories
    .filter((c) => !categories.some((child) => child.parentCode === c.code))
    .map((c) => c.code);
  const leavesUnder = (code: string) => {
    const found = leafCodes.filter((leaf) => leaf === code || leaf.startsWith(`${code}.`));
    if (found.length === 0) throw new Error(`demo catalogue: unknown category ${code}`);
    return found;
  };
  const out: { unitId: number; categoryCode: string }[] = [];
  const own = (unitId: number, codes: readonly string[]) => {
    const set = new Set(codes.flatMap(leavesUnder));
    for (const categoryCode of [...set].sort()) out.push({ unitId, categoryCode });
  };
  const departments = units.filter((u) => u.role === 'department' || u.role === 'hotline');
  DEPARTMENTS.forEach((d, i) => {
    const unit = departments[i];
    if (unit) own(unit.id, d.owns);
  });
  for (const u of units.filter((x) => x.role === 'township')) own(u.id, TOWNSHIP_OWNS);
  return out;
}

const TOWNSHIP_TITLES: Record<DemoTownship['kind'], Record<string, string>> = {
  street: {
    党委书记: '党工委书记',
    镇长: '办事处主任',
    人大主席: '人大工委主任',
    党委副书记: '党工委副书记',
    副镇长: '办事处副主任',
  },
  town: {},
  xiang: { 镇长: '乡长', 副镇长: '副乡长' },
};

interface PeopleTarget {
  section: number;
  ordinary: number;
}
const TARGET: PeopleTarget = { section: 300, ordinary: 1300 };

function planPeople(rng: Rng, units: PlannedUnit[]): PlannedPerson[] {
  const people: PlannedPerson[] = [];
  const phones = new Set<string>();
  const idNumbers = new Set<string>();
  const government = units.find((u) => u.role === 'county_government');
  if (!government) throw new Error('demo plan: no county government');
  const departments = units.filter((u) => u.role === 'department' || u.role === 'hotline');
  const townships = units.filter((u) => u.role === 'township');
  const villages = units.filter((u) => u.role === 'village');
  const byName = new Map(units.map((u) => [u.name, u]));

  const add = (unit: PlannedUnit, rank: PersonRank, position: string) => {
    const femaleShare = { county: 0.15, section: 0.25, ordinary: 0.45, village: 0.35 }[rank];
    const partyShare = { county: 1, section: 0.93, ordinary: 0.66, village: 0.64 }[rank];
    const gender = rng.chance(femaleShare) ? 'female' : 'male';
    const [minYear, maxYear] = {
      county: [1966, 1978],
      section: [1968, 1990],
      ordinary: [1972, 2001],
      village: [1958, 1996],
    }[rank] as [number, number];
    const person: PlannedPerson = {
      id: people.length + 1,
      unitId: unit.id,
      name: personName(rng, gender),
      gender,
      rank,
      position,
      partyMember: position.includes('书记') || rng.chance(partyShare),
      phone: uniqueValue(
        phones,
        () => `${rng.pick(MOBILE_PREFIXES)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
      ),
      idNumber: uniqueValue(idNumbers, () => fictionalIdNumber(rng, gender, minYear, maxYear)),
    };
    people.push(person);
    return person;
  };

  // County-level cadres (县级).
  for (const [post, unitName] of COUNTY_POSTS) {
    const unit = unitName === 'government' ? government : byName.get(countyUnitName(unitName));
    add(unit ?? government, 'county', post);
  }

  // Section-level (科级): heads and deputies of departments and townships, about TARGET.section in all.
  const deptSection = departments.map((_unit, i) => {
    const size = DEPARTMENTS[i]?.size ?? 1;
    return Math.min(
      DEPARTMENT_SECTION_POSTS.length,
      3 + (size >= 3 ? 1 : 0) + (size >= 5 ? 1 : 0) + (size >= 8 ? 1 : 0),
    );
  });
  const deptSectionTotal = deptSection.reduce((a, b) => a + b, 0);
  const townshipSection = apportion(
    townships.map(() => 1),
    TARGET.section - deptSectionTotal,
  );
  departments.forEach((u, i) => {
    for (let k = 0; k < (deptSection[i] ?? 0); k++) {
      const post = DEPARTMENT_SECTION_POSTS[k] ?? '一级主任科员';
      add(u, 'section', u.kind === 'enterprise' ? post.replace('局长', '经理').replace('党组书记', '党委书记') : post);
    }
  });
  const townshipKinds = TOWNSHIPS.map((t) => t.kind);
  townships.forEach((u, i) => {
    const titles = TOWNSHIP_TITLES[townshipKinds[i] ?? 'town'];
    for (let k = 0; k < (townshipSection[i] ?? 0); k++) {
      // Past the leadership posts, the rest are section-level non-leadership grades.
      const post = TOWNSHIP_SECTION_POSTS[k] ?? '一级主任科员';
      add(u, 'section', titles[post] ?? post);
    }
  });

  // Ordinary cadres (一般干部): departments by size, townships about a third of them.
  const ordinaryUnits = [...departments, ...townships];
  const weights = [...departments.map((_, i) => (DEPARTMENTS[i]?.size ?? 1) * 6), ...townships.map(() => 24)];
  const ordinary = apportion(weights, TARGET.ordinary);
  ordinaryUnits.forEach((u, i) => {
    for (let k = 0; k < (ordinary[i] ?? 0); k++) add(u, 'ordinary', rng.pick(ORDINARY_POSTS));
  });

  // Village cadres (村干部): the two committees of each village and community, 5 to 8 people.
  for (const v of villages) {
    const posts = v.kind === 'community' ? COMMUNITY_POSTS : VILLAGE_POSTS;
    const count = rng.int(5, 8);
    for (let k = 0; k < count; k++) add(v, 'village', posts[k] ?? '委员');
  }
  return people;
}

/** Splits `total` in proportion to `weights` (largest remainder), so the parts add up exactly. */
function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
  }
  return parts;
}

function uniqueValue(used: Set<string>, make: () => string): string {
  for (;;) {
    const v = make();
    if (!used.has(v)) {
      used.add(v);
      return v;
    }
  }
}

function personName(rng: Rng, gender: 'male' | 'female'): string {
  const surname = rng.weighted(SURNAMES);
  const pool = gender === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
  const given = rng.chance(0.72) ? `${rng.pick(pool)}${rng.pick(pool)}` : rng.pick(pool);
  return `${surname}${given}`;
}

/** An 18-character resident ID number in the fictional region 990101 with a valid check character (GB 11643). */
export function fictionalIdNumber(rng: Rng, gender: 'male' | 'female', minYear: number, maxYear: number): string {
  const year = rng.int(minYear, maxYear);
  const month = rng.int(1, 12);
  const day = rng.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  // The 17th digit is odd for men and even for women.
  const order = rng.int(0, 499) * 2 + (gender === 'male' ? 1 : 0);
  const body = `990101${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(order).padStart(3, '0')}`;
  return `${body}${computeIdCheckCharacter(body)}`;
}
