import { describe, expect, it } from 'vitest';
import { permissionsOf } from '../../contracts/roles';
import { activeMenuKey, MENU, moduleEntries, visibleMenu } from './menu';

const keysOf = (entries: ReturnType<typeof visibleMenu>): string[] =>
  entries.flatMap((e) => [e.key, ...(e.children ? keysOf(e.children) : [])]);

describe('the menu shows each role only what its permissions allow', () => {
  it('an audit administrator sees home, the audit log and the profile only', () => {
    expect(keysOf(visibleMenu(MENU, [...permissionsOf(['audit_admin'])]))).toEqual(['home', 'audit', 'profile']);
  });

  it('a security administrator sees the organisation (read) and the accounts, not the calendar', () => {
    const keys = keysOf(visibleMenu(MENU, [...permissionsOf(['security_admin'])]));
    expect(keys).toContain('accounts');
    expect(keys).toContain('org-units');
    expect(keys).not.toContain('calendar');
    expect(keys).not.toContain('audit');
  });

  it('a group without a visible child is dropped', () => {
    expect(keysOf(visibleMenu(MENU, []))).toEqual(['home', 'profile']);
  });

  it('home cards list modules, not home or profile', () => {
    const paths = moduleEntries(visibleMenu(MENU, [...permissionsOf(['cadre'])])).map((e) => e.path);
    expect(paths).toEqual([
      '/liaison/visit',
      '/liaison/my/commitments',
      '/liaison/my/deeds',
      '/liaison/my/party',
      '/org/divisions',
      '/org/units',
      '/org/people',
      '/calendar',
    ]);
  });

  it('liaison: a cadre records visits only; an inspector sees the formalism check; a leader the ledger and figures', () => {
    const cadre = keysOf(visibleMenu(MENU, [...permissionsOf(['cadre'])]));
    expect(cadre).toContain('liaison-visit');
    expect(cadre).not.toContain('liaison-households');
    const inspector = keysOf(visibleMenu(MENU, [...permissionsOf(['inspector'])]));
    expect(inspector).toEqual(expect.arrayContaining(['liaison-formalism', 'liaison-households']));
    const leader = keysOf(visibleMenu(MENU, [...permissionsOf(['leader'])]));
    expect(leader).toEqual(expect.arrayContaining(['liaison-households', 'liaison-figures']));
    expect(leader).not.toContain('liaison-formalism');
    expect(leader).not.toContain('liaison-visit');
    expect(keysOf(visibleMenu(MENU, [...permissionsOf(['operator'])]))).not.toContain('liaison');
    expect(activeMenuKey(MENU, '/liaison/visit').key).toBe('liaison-visit');
  });

  it('liaison desk: a cadre keeps own commitments and deeds; organisers read the scope; only inspectors call back', () => {
    const cadre = keysOf(visibleMenu(MENU, [...permissionsOf(['cadre'])]));
    expect(cadre).toEqual(expect.arrayContaining(['liaison-my-commitments', 'liaison-my-deeds', 'liaison-my-party']));
    expect(cadre).not.toContain('liaison-commitments');
    expect(cadre).not.toContain('liaison-callbacks');
    const organiser = keysOf(visibleMenu(MENU, [...permissionsOf(['system_admin'])]));
    expect(organiser).toEqual(expect.arrayContaining(['liaison-commitments', 'liaison-deeds', 'liaison-party']));
    expect(organiser).not.toContain('liaison-my-commitments');
    expect(organiser).not.toContain('liaison-callbacks');
    const inspector = keysOf(visibleMenu(MENU, [...permissionsOf(['inspector'])]));
    expect(inspector).toEqual(expect.arrayContaining(['liaison-callbacks', 'liaison-commitments']));
    expect(keysOf(visibleMenu(MENU, [...permissionsOf(['leader'])]))).not.toContain('liaison-callbacks');
    expect(activeMenuKey(MENU, '/liaison/my/deeds').key).toBe('liaison-my-deeds');
  });

  it('a leader sees the dashboard and the ranking; a handler only the scorecard of the own unit', () => {
    const leader = keysOf(visibleMenu(MENU, [...permissionsOf(['leader'])]));
    expect(leader).toEqual(expect.arrayContaining(['metrics', 'metrics-dashboard', 'metrics-ranking']));
    expect(leader).not.toContain('metrics-my-unit');
    const handler = keysOf(visibleMenu(MENU, [...permissionsOf(['handler'])]));
    expect(handler).toEqual(expect.arrayContaining(['metrics', 'metrics-my-unit']));
    expect(handler).not.toContain('metrics-dashboard');
    expect(handler).not.toContain('metrics-ranking');
    expect(keysOf(visibleMenu(MENU, [...permissionsOf(['operator'])]))).not.toContain('metrics');
  });

  it('published rankings: the system administrator and leaders see them, a handler and an operator do not', () => {
    for (const role of ['system_admin', 'leader'] as const) {
      expect(keysOf(visibleMenu(MENU, [...permissionsOf([role])]))).toContain('reports-rankings');
    }
    for (const role of ['handler', 'operator'] as const) {
      expect(keysOf(visibleMenu(MENU, [...permissionsOf([role])]))).not.toContain('reports-rankings');
    }
    expect(activeMenuKey(MENU, '/reports/rankings').key).toBe('reports-rankings');
  });

  it('anonymous misconduct reports: only the discipline role sees them', () => {
    expect(keysOf(visibleMenu(MENU, [...permissionsOf(['discipline'])]))).toContain('misconduct');
    for (const role of ['handler', 'operator', 'dispatcher', 'inspector', 'leader', 'system_admin'] as const) {
      expect(keysOf(visibleMenu(MENU, [...permissionsOf([role])]))).not.toContain('misconduct');
    }
  });

  it('work-style complaints: the discipline role sees them, an operator and a handler do not', () => {
    expect(keysOf(visibleMenu(MENU, [...permissionsOf(['discipline'])]))).toContain('requests-work-style');
    for (const role of ['handler', 'operator', 'dispatcher'] as const) {
      expect(keysOf(visibleMenu(MENU, [...permissionsOf([role])]))).not.toContain('requests-work-style');
    }
    expect(activeMenuKey(MENU, '/requests/work-style').key).toBe('requests-work-style');
  });

  it('the longest matching path is highlighted, with its group open', () => {
    expect(activeMenuKey(MENU, '/org/units')).toEqual({ key: 'org-units', parents: ['org'] });
    expect(activeMenuKey(MENU, '/')).toEqual({ key: 'home', parents: [] });
    expect(activeMenuKey(MENU, '/metrics/ranking')).toEqual({ key: 'metrics-ranking', parents: ['metrics'] });
    expect(activeMenuKey(MENU, '/metrics/drill').key).toBe('metrics-dashboard');
    expect(activeMenuKey(MENU, '/nowhere').key).toBeUndefined();
  });
});
