import { describe, expect, it } from 'vitest';
import { clusterItems, periodClusters } from './hot-clusters.js';
import { textSignature } from './near-duplicate.js';

const BODY =
  '丽发新城小区旁边新建了一个混凝土搅拌站，每天从早上六点到晚上十二点机器轰鸣，大货车进进出出，噪音和粉尘严重影响居民休息。';
const REPOSTS = [
  { title: '投诉丽发新城附近搅拌站噪音扰民', body: BODY },
  { title: '丽發新城攪拌站噪音擾民', body: `${BODY}请尽快处理。` },
  { title: '再次反映丽发新城搅拌站扰民问题', body: `${BODY}已经反映过多次。` },
];
const UNRELATED = [
  { title: '咨询社保卡补办流程', body: '我的社保卡丢失了，想问一下在哪里可以补办，需要带哪些材料？' },
  { title: '幸福村道路破损', body: '幸福村通往镇上的水泥路坏了好几处，雨天积水，车辆无法通行。' },
  { title: '学校门口交通拥堵', body: '每天早上实验小学门口接送孩子的车辆太多，堵得水泄不通，建议安排交警疏导。' },
];
const item = (m: { title: string; body: string }, place = 'V1') => ({
  signature: textSignature(m.title, m.body),
  places: [place],
});

describe('hot-topic clusters', () => {
  it('three re-posts of one problem at one place form a cluster; unrelated messages do not join it', () => {
    const items = [...REPOSTS.map((m) => item(m)), ...UNRELATED.map((m) => item(m))];
    expect(clusterItems(items)).toEqual([[0, 1, 2]]);
  });

  it('the same text at different places is not one problem', () => {
    const items = REPOSTS.map((m, i) => item(m, `V${i}`));
    expect(clusterItems(items)).toEqual([]);
  });

  it('without any place, only near-identical texts cluster', () => {
    const items = [...REPOSTS, ...UNRELATED].map((m) => ({ signature: textSignature(m.title, m.body), places: [] }));
    expect(clusterItems(items, { minSize: 2 })).toEqual([[0, 1, 2]]);
  });

  it('unrelated messages at one place form no cluster', () => {
    expect(
      clusterItems(
        UNRELATED.map((m) => item(m)),
        { minSize: 2 },
      ),
    ).toEqual([]);
  });

  it('is deterministic and independent of a smaller minimum size', () => {
    const items = [...UNRELATED.map((m) => item(m)), ...REPOSTS.map((m) => item(m))];
    expect(clusterItems(items, { minSize: 2 })).toEqual([[3, 4, 5]]);
    expect(clusterItems(items, { minSize: 4 })).toEqual([]);
  });

  it('reports growth against the previous period, and new topics with null growth', () => {
    const five = [...REPOSTS, REPOSTS[0], REPOSTS[1]] as { title: string; body: string }[];
    const items = five.map((m, i) => ({ ...item(m), inCurrent: i >= 2 }));
    expect(periodClusters(items)).toEqual([{ members: [0, 1, 2, 3, 4], current: 3, previous: 2, growth: 0.5 }]);
    const fresh = REPOSTS.map((m) => ({ ...item(m), inCurrent: true }));
    expect(periodClusters(fresh)).toEqual([{ members: [0, 1, 2], current: 3, previous: 0, growth: null }]);
    // Two in the period are not yet a hot topic (at least 3).
    expect(periodClusters(items.map((x, i) => ({ ...x, inCurrent: i >= 3 })))).toEqual([]);
  });
});
