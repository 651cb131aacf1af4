import { describe, expect, it } from 'vitest';
import { DEFAULT_FORMALISM_OPTIONS, flagVisits, isEmptyVisit, localHour, type VisitForCheck } from './formalism.js';

const at = (iso: string) => new Date(iso).getTime();
let seq = 0;
const visit = (o: Partial<VisitForCheck> = {}): VisitForCheck => ({
  id: ++seq,
  cadrePersonId: 1,
  // 10:00 in Shanghai
  visitedAtMs: at('2026-05-10T02:00:00Z'),
  form: 'home',
  learned: '老人身体还好，儿子在外打工，家里缺人照顾',
  needs: '希望村里帮忙修一下漏雨的屋顶',
  opinions: '对村里的路灯建设很满意',
  problem: null,
  ...o,
});

describe('empty content', () => {
  it.each([
    ['all blank', { learned: '', needs: '', opinions: '' }, true],
    ['placeholders only', { learned: '正常', needs: '无', opinions: '无意见' }, true],
    ['punctuation only', { learned: '。。。', needs: '——', opinions: '…' }, true],
    ['repeated placeholder', { learned: '好好好好好好', needs: '', opinions: '' }, true],
    ['one real sentence', { learned: '家中老人腿脚不便需要轮椅', needs: '', opinions: '' }, false],
    ['nothing written but a problem found', { learned: '', needs: '', opinions: '', problem: '门前下水道堵塞' }, false],
  ])('%s → %s', (_n, o, empty) => {
    expect(isEmptyVisit({ problem: null, ...o }, DEFAULT_FORMALISM_OPTIONS.minContentChars)).toBe(empty);
  });
});

describe('local hours in a fixed-offset zone', () => {
  it.each([
    ['2026-05-10T02:00:00Z', 10],
    ['2026-05-10T15:30:00Z', 23],
    ['2026-05-10T16:00:00Z', 0],
    ['2026-05-09T22:59:00Z', 6],
  ])('%s is %i o’clock in Shanghai', (iso, hour) => {
    expect(localHour(at(iso), 480)).toBe(hour);
  });
});

describe('formalism flags catch the planted patterns and nothing else', () => {
  it('a fixture with one of each pattern among honest visits', () => {
    seq = 0;
    const honest = [
      visit({ cadrePersonId: 1, visitedAtMs: at('2026-05-10T01:00:00Z') }),
      visit({ cadrePersonId: 1, visitedAtMs: at('2026-05-10T03:00:00Z') }),
      // Two visits of one cadre 5 minutes apart: below the burst size of 3.
      visit({ cadrePersonId: 2, visitedAtMs: at('2026-05-10T06:00:00Z') }),
      visit({ cadrePersonId: 2, visitedAtMs: at('2026-05-10T06:05:00Z') }),
      // Three cadres at the same minute: bursts are per cadre.
      visit({ cadrePersonId: 3, visitedAtMs: at('2026-05-11T02:00:00Z') }),
      visit({ cadrePersonId: 4, visitedAtMs: at('2026-05-11T02:00:00Z') }),
      visit({ cadrePersonId: 5, visitedAtMs: at('2026-05-11T02:00:00Z') }),
      // 21:59 local: still plausible; 07:00 local: plausible.
      visit({ cadrePersonId: 6, visitedAtMs: at('2026-05-11T13:59:00Z') }),
      visit({ cadrePersonId: 6, visitedAtMs: at('2026-05-11T23:00:00Z') }),
    ];
    const empty = visit({ cadrePersonId: 7, learned: '无', needs: '无', opinions: '无' });
    const burst = [0, 3, 6, 9].map((m) =>
      visit({ cadrePersonId: 8, visitedAtMs: at('2026-05-12T12:00:00Z') + m * 60_000 }),
    );
    const lateNight = visit({ cadrePersonId: 9, visitedAtMs: at('2026-05-12T17:30:00Z') });
    const denied = visit({ cadrePersonId: 10 });
    const flags = flagVisits([...honest, empty, ...burst, lateNight, denied], new Set([denied.id]));
    expect(Object.fromEntries(flags)).toEqual({
      [empty.id]: ['empty_content'],
      ...Object.fromEntries(burst.map((b) => [b.id, ['burst']])),
      [lateNight.id]: ['implausible_hour'],
      [denied.id]: ['denied_by_household'],
    });
  });

  it('a visit can carry several flags, in a stable order', () => {
    seq = 100;
    const v = visit({ learned: '', needs: '', opinions: '', visitedAtMs: at('2026-05-12T19:00:00Z') });
    expect(flagVisits([v], new Set([v.id])).get(v.id)).toEqual([
      'empty_content',
      'implausible_hour',
      'denied_by_household',
    ]);
  });
});
