import { describe, expect, it } from 'vitest';
import type { DivisionLevel } from '../../../../contracts/org.js';
import { type DispatchProposalInput, type ProposalUnit, proposeLeadUnit } from './dispatch-proposal.js';

// The demo county (示范县, fictional codes 99…): two townships, a village in the first.
const PROVINCE = { code: '990000000000', level: 'province' as DivisionLevel };
const CITY = { code: '999900000000', level: 'city' as DivisionLevel };
const COUNTY = { code: '999901000000', level: 'county' as DivisionLevel };
const CHENGGUAN = { code: '999901001000', level: 'township' as DivisionLevel };
const HEXI = { code: '999901002000', level: 'township' as DivisionLevel };
const DONGGUAN_VILLAGE = { code: '999901001201', level: 'village' as DivisionLevel };

const COUNTY_GOVERNMENT: ProposalUnit = {
  id: 1,
  name: '示范县人民政府',
  kind: 'government',
  divisionCode: COUNTY.code,
};
const HOUSING: ProposalUnit = { id: 21, name: '县住房和城乡建设局', kind: 'department', divisionCode: COUNTY.code };
const URBAN: ProposalUnit = { id: 22, name: '县城市管理局', kind: 'department', divisionCode: COUNTY.code };
const CHENGGUAN_TOWN: ProposalUnit = { id: 31, name: '城关镇人民政府', kind: 'township', divisionCode: CHENGGUAN.code };
const HEXI_TOWN: ProposalUnit = { id: 32, name: '河西乡人民政府', kind: 'township', divisionCode: HEXI.code };
const DONGGUAN_COMMITTEE: ProposalUnit = {
  id: 41,
  name: '东关村民委员会',
  kind: 'village_committee',
  divisionCode: DONGGUAN_VILLAGE.code,
};
const POWER_COMPANY: ProposalUnit = { id: 51, name: '县供电公司', kind: 'enterprise', divisionCode: COUNTY.code };

const VILLAGE_LINEAGE = [PROVINCE, CITY, COUNTY, CHENGGUAN, DONGGUAN_VILLAGE];
const PLACE_GOVERNMENTS = [COUNTY_GOVERNMENT, CHENGGUAN_TOWN, DONGGUAN_COMMITTEE];

/** A matter in 东关村 (a village of 城关镇) about 'A.03.02' (路灯照明), owned by the given units. */
const inDongguan = (owners: ProposalUnit[], overrides: Partial<DispatchProposalInput> = {}): DispatchProposalInput => ({
  categoryCode: 'A.03.02',
  categoryAncestors: ['A', 'A.03'],
  divisionCode: DONGGUAN_VILLAGE.code,
  divisionAncestors: VILLAGE_LINEAGE,
  unitsOwningCategory: owners,
  placeGovernments: PLACE_GOVERNMENTS,
  ...overrides,
});

describe('proposing the lead unit from place (属地) and function (职能)', () => {
  it.each([
    ['the county department owning the category leads anywhere in the county', [HOUSING], 21, [], false],
    ['a public service enterprise owning the category leads (供电公司 for power cuts)', [POWER_COMPANY], 51, [], false],
    [
      'a township owning the category leads for a village matter in its township; the county department assists',
      [HOUSING, CHENGGUAN_TOWN],
      31,
      [21, 41],
      false,
    ],
    ['another township owning the category does not cover the place', [HEXI_TOWN, HOUSING], 21, [], false],
    ['overlapping functions: the lowest id leads and the other assists', [URBAN, HOUSING], 21, [22], false],
    [
      'no owner covers the place: the township government of the place owns it (兜底), the village assists',
      [HEXI_TOWN],
      31,
      [41],
      true,
    ],
    ['nobody owns the category: the township government of the place owns it (兜底)', [], 31, [41], true],
    [
      'a village committee owning the category only assists; the township leads by fallback',
      [DONGGUAN_COMMITTEE],
      31,
      [41],
      true,
    ],
  ] as const)('%s', (_, owners, lead, assist, fallback) => {
    const proposal = proposeLeadUnit(inDongguan([...owners]));
    expect(proposal).toMatchObject({ leadUnitId: lead, assistUnitIds: assist, fallback });
    expect(proposal.reasons.length).toBeGreaterThan(0);
  });

  describe('units that returned the request are not proposed again (re-dispatch after a return)', () => {
    it.each([
      ['the returning department is skipped: the township government owns it (兜底)', [HOUSING], [21], 31, [41], true],
      ['of two overlapping departments, the one that did not return leads', [URBAN, HOUSING], [21], 22, [], false],
      [
        'a returning township gives the lead back to the county department',
        [HOUSING, CHENGGUAN_TOWN],
        [31],
        21,
        [],
        false,
      ],
      ['a returning township government falls back to the county government', [], [31], 1, [], true],
      ['a returning village committee does not assist', [HOUSING, DONGGUAN_COMMITTEE], [41], 21, [], false],
      ['nothing returned: the usual proposal', [HOUSING], [], 21, [], false],
    ] as const)('%s', (_, owners, returned, lead, assist, fallback) => {
      const proposal = proposeLeadUnit(inDongguan([...owners], { excludedUnitIds: [...returned] }));
      expect(proposal).toMatchObject({ leadUnitId: lead, assistUnitIds: assist, fallback });
      for (const id of returned) {
        const name = [...PLACE_GOVERNMENTS, ...owners].find((u) => u.id === id)?.name ?? '';
        expect(proposal.reasons.some((r) => r.zh === `${name}已退回本件，不再建议`)).toBe(true);
      }
    });
  });

  it('a unit listing both the leaf and its parent is one candidate: it never assists itself', () => {
    const proposal = proposeLeadUnit(
      inDongguan([
        { ...URBAN, ownedCategoryCode: 'A.03' },
        { ...URBAN, ownedCategoryCode: 'A.03.02' },
        { ...URBAN, ownedCategoryCode: 'A' },
      ]),
    );
    expect(proposal).toMatchObject({ leadUnitId: 22, assistUnitIds: [], fallback: false });
    expect(proposal.reasons).toHaveLength(1);
  });

  it('the unit owning the leaf category leads over one owning only its parent', () => {
    const proposal = proposeLeadUnit(
      inDongguan([
        { ...HOUSING, ownedCategoryCode: 'A.03' },
        { ...URBAN, ownedCategoryCode: 'A.03.02' },
      ]),
    );
    expect(proposal).toMatchObject({ leadUnitId: 22, assistUnitIds: [21], fallback: false });
    expect(proposal.reasons.map((r) => r.zh)).toContain('县城市管理局负责的类别更具体，县住房和城乡建设局协办');
  });

  it('the reasons explain the choice in Chinese and English', () => {
    const proposal = proposeLeadUnit(inDongguan([HOUSING, CHENGGUAN_TOWN]));
    expect(proposal.reasons).toEqual([
      {
        zh: '城关镇人民政府的职责清单包含该类诉求，管辖范围（乡镇）覆盖诉求发生地',
        en: '城关镇人民政府 owns this category in its responsibility catalogue and its jurisdiction (township) covers the place',
      },
      {
        zh: '属地优先：城关镇人民政府的管辖范围（乡镇）比县住房和城乡建设局（县）更具体，县住房和城乡建设局协办',
        en: "Place first: 城关镇人民政府's jurisdiction (township) is more specific than 县住房和城乡建设局's (county), which assists",
      },
      { zh: '诉求发生在东关村民委员会辖区，由其协办', en: "The matter is in 东关村民委员会's area, which assists" },
    ]);
    expect(proposeLeadUnit(inDongguan([])).reasons[0]?.zh).toContain('按属地兜底原则由城关镇人民政府主办');
    expect(proposeLeadUnit(inDongguan([URBAN, HOUSING])).reasons[1]?.zh).toContain('职能交叉');
  });

  it('a township owning the category leads for a matter at the township level too', () => {
    const proposal = proposeLeadUnit(
      inDongguan([HOUSING, CHENGGUAN_TOWN], {
        divisionCode: CHENGGUAN.code,
        divisionAncestors: [PROVINCE, CITY, COUNTY, CHENGGUAN],
      }),
    );
    expect(proposal).toMatchObject({ leadUnitId: 31, assistUnitIds: [21], fallback: false });
  });

  it('a matter placed only at the county falls back to the county government', () => {
    const proposal = proposeLeadUnit(
      inDongguan([], { divisionCode: COUNTY.code, divisionAncestors: [PROVINCE, CITY, COUNTY] }),
    );
    expect(proposal).toMatchObject({ leadUnitId: 1, assistUnitIds: [], fallback: true });
  });

  it('without a known government of the place, the dispatcher must choose', () => {
    const proposal = proposeLeadUnit(inDongguan([], { placeGovernments: [] }));
    expect(proposal).toMatchObject({ leadUnitId: null, assistUnitIds: [], fallback: true });
    expect(proposal.reasons[0]?.en).toContain('the dispatcher must choose');
  });

  it('the place itself may be missing from its lineage', () => {
    const proposal = proposeLeadUnit(
      inDongguan([CHENGGUAN_TOWN], { divisionAncestors: [PROVINCE, CITY, COUNTY, CHENGGUAN] }),
    );
    expect(proposal).toMatchObject({ leadUnitId: 31, assistUnitIds: [41], fallback: false });
  });
});
