import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CalendarOutlined,
  ClusterOutlined,
  ControlOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  EyeInvisibleOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FlagOutlined,
  FormOutlined,
  FundOutlined,
  HeartOutlined,
  HomeOutlined,
  IdcardOutlined,
  OrderedListOutlined,
  SafetyCertificateOutlined,
  TagsOutlined,
  TeamOutlined,
  TrophyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ComponentType } from 'react';
import type { Permission } from '../../contracts/roles';
import { liaisonMessages } from '../features/liaison/messages';
import { metricsMenuMessages } from '../features/metrics/menu-messages';
import { categoryMessages } from '../features/org/category-messages';
import { misconductMessages } from '../features/portal/staff-messages';
import { reportMessages } from '../features/reports/messages';
import { settingsMessages } from '../features/request-settings/messages';
import { requestMessages } from '../features/requests/messages';
import type { Bilingual } from '../lib/i18n';
import type { NavEntry } from '../lib/nav';

/**
 * The navigation registry. Each module that gets pages appends its entries here (keep `order`
 * spaced by 10 so a module can slot in between); the layout shows a user only the entries whose
 * permission their roles grant. An entry without `permission` is for everyone signed in; a group
 * is shown when at least one of its children is.
 */
export interface MenuEntry {
  key: string;
  label: Bilingual;
  path?: string;
  icon?: ComponentType;
  permission?: Permission;
  order: number;
  children?: MenuEntry[];
  /** Not a module: the home page shows no card for it. */
  noHomeCard?: boolean;
}

export const MENU: MenuEntry[] = [
  { key: 'home', path: '/', label: { zh: '首页', en: 'Home' }, icon: HomeOutlined, order: 0, noHomeCard: true },
  {
    key: 'requests-new',
    path: '/requests/new',
    label: requestMessages.menuIntake,
    icon: CustomerServiceOutlined,
    permission: 'requests:intake',
    order: 10,
  },
  {
    key: 'requests',
    path: '/requests',
    label: requestMessages.menuList,
    icon: FileTextOutlined,
    permission: 'requests:read',
    order: 20,
  },
  {
    key: 'metrics',
    label: metricsMenuMessages.menuGroup,
    icon: BarChartOutlined,
    order: 30,
    children: [
      {
        key: 'metrics-dashboard',
        path: '/metrics',
        label: metricsMenuMessages.menuDashboard,
        icon: DashboardOutlined,
        permission: 'metrics:read',
        order: 10,
      },
      {
        key: 'metrics-ranking',
        path: '/metrics/ranking',
        label: metricsMenuMessages.menuRanking,
        icon: OrderedListOutlined,
        permission: 'metrics:read',
        order: 20,
      },
      {
        key: 'metrics-my-unit',
        path: '/metrics/my-unit',
        label: metricsMenuMessages.menuMyScorecard,
        icon: TrophyOutlined,
        // The unit's own staff; leaders open any unit's scorecard from the ranking.
        permission: 'requests:handle',
        order: 30,
      },
    ],
  },
  {
    key: 'org',
    label: { zh: '组织机构', en: 'Organisation' },
    icon: ClusterOutlined,
    order: 100,
    children: [
      {
        key: 'org-divisions',
        path: '/org/divisions',
        label: { zh: '行政区划', en: 'Divisions' },
        icon: ApartmentOutlined,
        permission: 'org:read',
        order: 10,
      },
      {
        key: 'org-units',
        path: '/org/units',
        label: { zh: '单位', en: 'Units' },
        icon: BankOutlined,
        permission: 'org:read',
        order: 20,
      },
      {
        key: 'org-people',
        path: '/org/people',
        label: { zh: '人员', en: 'People' },
        icon: TeamOutlined,
        permission: 'org:read',
        order: 30,
      },
      {
        key: 'org-categories',
        path: '/org/categories',
        label: categoryMessages.menu,
        icon: TagsOutlined,
        // Listed for those who maintain the taxonomy; readers reach the same page by its address.
        permission: 'org:write',
        order: 40,
      },
    ],
  },
  {
    key: 'reports-rankings',
    path: '/reports/rankings',
    label: reportMessages.menu,
    icon: FlagOutlined,
    // Leaders and the other readers of the figures see what was published; the system administrator publishes.
    permission: 'reports:read',
    order: 40,
  },
  {
    key: 'liaison',
    label: liaisonMessages.menuGroup,
    icon: HeartOutlined,
    order: 50,
    children: [
      {
        key: 'liaison-visit',
        path: '/liaison/visit',
        label: liaisonMessages.menuVisit,
        icon: FormOutlined,
        // Cadres record visits to their paired households (phone-first).
        permission: 'liaison:visit',
        order: 10,
      },
      {
        key: 'liaison-households',
        path: '/liaison/households',
        label: liaisonMessages.menuHouseholds,
        icon: IdcardOutlined,
        permission: 'liaison:read',
        order: 20,
      },
      {
        key: 'liaison-formalism',
        path: '/liaison/formalism',
        label: liaisonMessages.menuFormalism,
        icon: FileSearchOutlined,
        permission: 'liaison:inspect',
        order: 30,
      },
      {
        key: 'liaison-figures',
        path: '/liaison/figures',
        label: liaisonMessages.menuFigures,
        icon: FundOutlined,
        permission: 'liaison:read',
        order: 40,
      },
      {
        key: 'liaison-my-commitments',
        path: '/liaison/my/commitments',
        label: liaisonMessages.menuMyCommitments,
        icon: FlagOutlined,
        // A cadre's own commitments, deeds and community service (the organisers read them below).
        permission: 'liaison:visit',
        order: 11,
      },
      {
        key: 'liaison-my-deeds',
        path: '/liaison/my/deeds',
        label: liaisonMessages.menuMyDeeds,
        icon: TrophyOutlined,
        permission: 'liaison:visit',
        order: 12,
      },
      {
        key: 'liaison-my-party',
        path: '/liaison/my/party',
        label: liaisonMessages.menuMyParty,
        icon: TeamOutlined,
        permission: 'liaison:visit',
        order: 13,
      },
      {
        key: 'liaison-commitments',
        path: '/liaison/commitments',
        label: liaisonMessages.menuCommitments,
        icon: FlagOutlined,
        permission: 'liaison:read',
        order: 50,
      },
      {
        key: 'liaison-deeds',
        path: '/liaison/deeds',
        label: liaisonMessages.menuDeeds,
        icon: TrophyOutlined,
        permission: 'liaison:read',
        order: 51,
      },
      {
        key: 'liaison-party',
        path: '/liaison/party',
        label: liaisonMessages.menuParty,
        icon: TeamOutlined,
        permission: 'liaison:read',
        order: 52,
      },
      {
        key: 'liaison-callbacks',
        path: '/liaison/callbacks',
        label: liaisonMessages.menuCallbacks,
        icon: CustomerServiceOutlined,
        // Inspectors draw call-back lists and record the households' answers.
        permission: 'liaison:inspect',
        order: 31,
      },
    ],
  },
  {
    key: 'requests-work-style',
    path: '/requests/work-style',
    label: requestMessages.menuWorkStyle,
    icon: AlertOutlined,
    // Work-style complaints (作风类) found in requests at intake: the discipline role.
    permission: 'requests:work-style',
    order: 44,
  },
  {
    key: 'misconduct',
    path: '/misconduct',
    label: misconductMessages.menu,
    icon: EyeInvisibleOutlined,
    // Anonymous misconduct reports: the discipline role only.
    permission: 'misconduct:read',
    order: 45,
  },
  {
    key: 'accounts',
    path: '/accounts',
    label: { zh: '账号与角色', en: 'Accounts' },
    icon: SafetyCertificateOutlined,
    permission: 'accounts:read',
    order: 800,
  },
  {
    key: 'request-settings',
    path: '/requests/settings',
    label: settingsMessages.menu,
    icon: ControlOutlined,
    permission: 'requests:configure',
    order: 805,
  },
  {
    key: 'calendar',
    path: '/calendar',
    label: { zh: '工作日历', en: 'Calendar' },
    icon: CalendarOutlined,
    permission: 'calendar:read',
    order: 810,
  },
  {
    key: 'audit',
    path: '/audit',
    label: { zh: '审计日志', en: 'Audit log' },
    icon: AuditOutlined,
    permission: 'audit:read',
    order: 820,
  },
  {
    key: 'profile',
    path: '/profile',
    label: { zh: '个人设置', en: 'Profile' },
    icon: UserOutlined,
    order: 900,
    noHomeCard: true,
  },
];

/** The entries a user with these permissions may open, in display order, empty groups removed. */
export function visibleMenu(entries: readonly MenuEntry[], permissions: readonly Permission[]): MenuEntry[] {
  const granted = new Set(permissions);
  const out: MenuEntry[] = [];
  for (const entry of [...entries].sort((a, b) => a.order - b.order)) {
    if (entry.permission && !granted.has(entry.permission)) continue;
    if (entry.children) {
      const children = visibleMenu(entry.children, permissions);
      if (children.length === 0) continue;
      out.push({ ...entry, children });
    } else {
      out.push(entry);
    }
  }
  return out;
}

/** The menu key whose path best matches a location (longest prefix), for highlighting. */
export function activeMenuKey(entries: readonly MenuEntry[], pathname: string): { key?: string; parents: string[] } {
  let best: { key?: string; parents: string[]; length: number } = { parents: [], length: -1 };
  const walk = (list: readonly MenuEntry[], parents: string[]) => {
    for (const entry of list) {
      if (entry.children) walk(entry.children, [...parents, entry.key]);
      if (!entry.path) continue;
      const matches =
        entry.path === '/' ? pathname === '/' : pathname === entry.path || pathname.startsWith(`${entry.path}/`);
      if (matches && entry.path.length > best.length) best = { key: entry.key, parents, length: entry.path.length };
    }
  };
  walk(entries, []);
  return { key: best.key, parents: best.parents };
}

/** The pages of visible entries that are modules (for the home page's cards), groups flattened. */
export function moduleEntries(entries: readonly MenuEntry[]): NavEntry[] {
  return entries.flatMap((entry) => {
    if (entry.children) return moduleEntries(entry.children);
    if (!entry.path || entry.noHomeCard) return [];
    return [{ key: entry.key, path: entry.path, label: entry.label, icon: entry.icon }];
  });
}
