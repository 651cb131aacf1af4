import type { DivisionLevel } from '../../../../contracts/org.js';

/** How many leading digits of the 12-digit statistical code identify a division at each coded level. */
export const SIGNIFICANT_DIGITS: Readonly<Record<Exclude<DivisionLevel, 'grid'>, number>> = {
  province: 2,
  city: 4,
  county: 6,
  township: 9,
  village: 12,
};

/** The levels a division's parent may have; grids (网格) hang under a township or a village/community. */
export const PARENT_LEVELS: Readonly<Record<DivisionLevel, readonly DivisionLevel[]>> = {
  province: [],
  city: ['province'],
  county: ['city'],
  township: ['county'],
  village: ['township'],
  grid: ['township', 'village'],
};

export type DivisionRuleViolation =
  | { type: 'CodeFormat' }
  | { type: 'CodeLevelMismatch'; level: DivisionLevel }
  | { type: 'ParentLevelMismatch'; level: DivisionLevel; parentLevel: DivisionLevel; allowed: readonly DivisionLevel[] }
  | { type: 'ParentPrefixMismatch'; parentCode: string }
  | { type: 'SelfParent' };

export interface DivisionPlacement {
  code: string;
  level: DivisionLevel;
  /** The parent, or null for a root of this deployment's tree (a county-level deployment may start at the county). */
  parent: { code: string; level: DivisionLevel } | null;
}

const CODE = /^\d{12}$/;

/** Whether a string is a 12-digit statistical division code. */
export function isDivisionCode(code: string): boolean {
  return CODE.test(code);
}

/**
 * The level a 12-digit code denotes by its trailing zeros (130000000000 is a province, 130100000000 a city,
 * 130102000000 a county, 130102001000 a township, anything else a village); null when the code is malformed.
 */
export function levelOfCode(code: string): Exclude<DivisionLevel, 'grid'> | null {
  if (!isDivisionCode(code) || code.startsWith('00')) return null;
  if (code.endsWith('0000000000')) return 'province';
  if (code.endsWith('00000000')) return 'city';
  if (code.endsWith('000000')) return 'county';
  if (code.endsWith('000')) return 'township';
  return 'village';
}

/** The leading digits a child's code must share with its parent: the parent's significant digits (a grid shares its township's nine). */
function prefixOf(code: string, level: DivisionLevel): string {
  return level === 'grid' ? code.slice(0, SIGNIFICANT_DIGITS.township) : code.slice(0, SIGNIFICANT_DIGITS[level]);
}

/**
 * Check that a division's code fits its level and its parent: coded levels must end in the zeros of their level
 * with a non-zero last segment, the parent must be exactly one level up (a grid under a township or village), and
 * the code must start with the parent's significant digits, so codes stay readable as the statistical bureau issues them.
 */
export function checkDivisionPlacement(p: DivisionPlacement): DivisionRuleViolation[] {
  if (!isDivisionCode(p.code)) return [{ type: 'CodeFormat' }];
  const out: DivisionRuleViolation[] = [];
  if (p.level === 'grid') {
    // grids are numbered locally inside their township's nine digits, but never with a township's trailing zeros
    if (p.code.endsWith('000') || p.code.startsWith('00')) out.push({ type: 'CodeLevelMismatch', level: p.level });
  } else if (levelOfCode(p.code) !== p.level) {
    out.push({ type: 'CodeLevelMismatch', level: p.level });
  }
  if (p.parent) {
    if (p.parent.code === p.code) return [...out, { type: 'SelfParent' }];
    const allowed = PARENT_LEVELS[p.level];
    if (!allowed.includes(p.parent.level)) {
      out.push({ type: 'ParentLevelMismatch', level: p.level, parentLevel: p.parent.level, allowed });
    } else if (!p.code.startsWith(prefixOf(p.parent.code, p.parent.level === 'village' ? 'grid' : p.parent.level))) {
      out.push({ type: 'ParentPrefixMismatch', parentCode: p.parent.code });
    }
  }
  return out;
}

/** The materialised path of a division ('/parent…/code/'), which subtree queries match by prefix. */
export function divisionPath(parentPath: string | null, code: string): string {
  return `${parentPath ?? '/'}${code}/`;
}

/** How deep a materialised path ('/a/b/') lies: the number of codes or ids in it. */
export function pathDepth(path: string): number {
  return path.split('/').filter(Boolean).length;
}
