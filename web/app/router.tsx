import { type ComponentType, lazy, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router-dom';
import type { Permission } from '../../contracts/roles';
import { NotFound } from '../components/page-states';
import { AppLayout } from './layouts/app-layout';
import { AuthLayout } from './layouts/auth-layout';
import { RequirePermission, RequireSession, RootRoute } from './session-guard';

/** Route-level code splitting: each page is its own chunk, loaded when first visited. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const LoginPage = page(() => import('../features/auth/pages/login-page'), 'LoginPage');
const ChangePasswordPage = page(() => import('../features/auth/pages/change-password-page'), 'ChangePasswordPage');
const TotpEnrolPage = page(() => import('../features/auth/pages/totp-enrol-page'), 'TotpEnrolPage');
const ProfilePage = page(() => import('../features/auth/pages/profile-page'), 'ProfilePage');
const HomePage = page(() => import('../features/home/pages/home-page'), 'HomePage');
const SearchPage = page(() => import('../features/search/pages/search-page'), 'SearchPage');
const DivisionsPage = page(() => import('../features/org/pages/divisions-page'), 'DivisionsPage');
const UnitsPage = page(() => import('../features/org/pages/units-page'), 'UnitsPage');
const PeoplePage = page(() => import('../features/org/pages/people-page'), 'PeoplePage');
const CategoriesPage = page(() => import('../features/org/pages/categories-page'), 'CategoriesPage');
const RequestSettingsPage = page(
  () => import('../features/request-settings/pages/request-settings-page'),
  'RequestSettingsPage',
);
const PublishedRankingsPage = page(
  () => import('../features/reports/pages/published-rankings-page'),
  'PublishedRankingsPage',
);
const AccountsPage = page(() => import('../features/accounts/pages/accounts-page'), 'AccountsPage');
const CalendarPage = page(() => import('../features/calendar/pages/calendar-page'), 'CalendarPage');
const AuditPage = page(() => import('../features/audit/pages/audit-page'), 'AuditPage');
const IntakePage = page(() => import('../features/requests/pages/intake-page'), 'IntakePage');
const RequestsPage = page(() => import('../features/requests/pages/requests-page'), 'RequestsPage');
const RequestPage = page(() => import('../features/requests/pages/request-page'), 'RequestPage');
const WorkStylePage = page(() => import('../features/requests/pages/work-style-page'), 'WorkStylePage');
const RatePage = page(() => import('../features/rating/pages/rate-page'), 'RatePage');
const PortalLayout = page(() => import('../features/portal/pages/portal-layout'), 'PortalLayout');
const PortalHomePage = page(() => import('../features/portal/pages/portal-home-page'), 'PortalHomePage');
const PortalSubmitPage = page(() => import('../features/portal/pages/submit-page'), 'PortalSubmitPage');
const PortalTrackPage = page(() => import('../features/portal/pages/track-page'), 'PortalTrackPage');
const PortalRankingsPage = page(() => import('../features/portal/pages/rankings-page'), 'PortalRankingsPage');
const PortalMisconductPage = page(() => import('../features/portal/pages/misconduct-page'), 'PortalMisconductPage');
const PortalCommitmentsPage = page(() => import('../features/portal/pages/commitments-page'), 'PortalCommitmentsPage');
const PortalQrPage = page(() => import('../features/portal/pages/qr-page'), 'PortalQrPage');
const MisconductStaffPage = page(() => import('../features/portal/pages/misconduct-staff-page'), 'MisconductStaffPage');
const LiaisonVisitPage = page(() => import('../features/liaison/pages/visit-page'), 'LiaisonVisitPage');
const LiaisonHouseholdsPage = page(() => import('../features/liaison/pages/households-page'), 'LiaisonHouseholdsPage');
const LiaisonFormalismPage = page(() => import('../features/liaison/pages/formalism-page'), 'LiaisonFormalismPage');
const LiaisonFiguresPage = page(() => import('../features/liaison/pages/figures-page'), 'LiaisonFiguresPage');
const LiaisonCommitmentsPage = page(
  () => import('../features/liaison/pages/commitments-page'),
  'LiaisonCommitmentsPage',
);
const LiaisonDeedsPage = page(() => import('../features/liaison/pages/deeds-page'), 'LiaisonDeedsPage');
const LiaisonPartyPage = page(() => import('../features/liaison/pages/party-page'), 'LiaisonPartyPage');
const LiaisonMyCommitmentsPage = page(
  () => import('../features/liaison/pages/commitments-page'),
  'LiaisonMyCommitmentsPage',
);
const LiaisonMyDeedsPage = page(() => import('../features/liaison/pages/deeds-page'), 'LiaisonMyDeedsPage');
const LiaisonMyPartyPage = page(() => import('../features/liaison/pages/party-page'), 'LiaisonMyPartyPage');
const LiaisonCallbacksPage = page(() => import('../features/liaison/pages/callbacks-page'), 'LiaisonCallbacksPage');
const MetricsDashboardPage = page(() => import('../features/metrics/pages/dashboard-page'), 'MetricsDashboardPage');
const RankingPage = page(() => import('../features/metrics/pages/ranking-page'), 'RankingPage');
const DrillPage = page(() => import('../features/metrics/pages/drill-page'), 'DrillPage');
const ScorecardPage = page(() => import('../features/metrics/pages/scorecard-page'), 'ScorecardPage');
const MyScorecardPage = page(() => import('../features/metrics/pages/scorecard-page'), 'MyScorecardPage');

/** The home page's request cards (server `homeCards`, key = route) open the matching queue of the list. */
const REQUEST_QUEUES: Record<string, string> = {
  dispatch: 'new',
  returned: 'returned',
  inbox: 'to-accept',
  'in-progress': 'in-progress',
  callback: 'callback',
};

const guarded = (permission: Permission | undefined, element: ReactNode) => (
  <RequirePermission permission={permission}>{element}</RequirePermission>
);

/**
 * Every page and the permission it needs (the menu in ./menu.ts shows the same rule). Later
 * modules add their routes under the signed-in layout.
 */
export const router = createBrowserRouter([
  {
    element: <RootRoute />,
    children: [
      { path: '/login', element: <AuthLayout />, children: [{ index: true, element: <LoginPage /> }] },
      // The citizen's one-time rating link (回访), from a text message: public, no session.
      { path: '/rate/:token', element: <AuthLayout />, children: [{ index: true, element: <RatePage /> }] },
      // The citizens' portal: public, no session, outside the staff shell.
      {
        path: '/portal',
        element: <PortalLayout />,
        children: [
          { index: true, element: <PortalHomePage /> },
          { path: 'submit', element: <PortalSubmitPage /> },
          { path: 'track', element: <PortalTrackPage /> },
          { path: 'rankings', element: <PortalRankingsPage /> },
          { path: 'commitments', element: <PortalCommitmentsPage /> },
          { path: 'misconduct', element: <PortalMisconductPage /> },
          { path: 'qr', element: <PortalQrPage /> },
        ],
      },
      {
        path: '/account',
        element: (
          <RequireSession allowPending>
            <AuthLayout />
          </RequireSession>
        ),
        children: [
          { path: 'password', element: <ChangePasswordPage /> },
          { path: 'totp', element: <TotpEnrolPage /> },
        ],
      },
      {
        path: '/',
        element: (
          <RequireSession>
            <AppLayout />
          </RequireSession>
        ),
        children: [
          { index: true, element: <HomePage /> },
          { path: 'org/divisions', element: guarded('org:read', <DivisionsPage />) },
          { path: 'org/units', element: guarded('org:read', <UnitsPage />) },
          { path: 'org/people', element: guarded('org:read', <PeoplePage />) },
          { path: 'org/categories', element: guarded('org:read', <CategoriesPage />) },
          { path: 'requests/settings', element: guarded('requests:configure', <RequestSettingsPage />) },
          { path: 'requests/new', element: guarded('requests:intake', <IntakePage />) },
          { path: 'requests/work-style', element: guarded('requests:work-style', <WorkStylePage />) },
          { path: 'requests', element: guarded('requests:read', <RequestsPage />) },
          ...Object.entries(REQUEST_QUEUES).map(([queue, tab]) => ({
            path: `requests/${queue}`,
            element: <Navigate to={`/requests?tab=${tab}`} replace />,
          })),
          { path: 'requests/:id', element: guarded('requests:read', <RequestPage />) },
          { path: 'metrics', element: guarded('metrics:read', <MetricsDashboardPage />) },
          { path: 'metrics/ranking', element: guarded('metrics:read', <RankingPage />) },
          { path: 'metrics/drill', element: guarded('metrics:read', <DrillPage />) },
          // A unit's scorecard: leaders in their scope or the unit's own staff; the server answers 404 to anyone else.
          { path: 'metrics/units/:unitId', element: <ScorecardPage /> },
          { path: 'metrics/my-unit', element: guarded('requests:handle', <MyScorecardPage />) },
          { path: 'reports/rankings', element: guarded('reports:read', <PublishedRankingsPage />) },
          { path: 'misconduct', element: guarded('misconduct:read', <MisconductStaffPage />) },
          { path: 'liaison/visit', element: guarded('liaison:visit', <LiaisonVisitPage />) },
          { path: 'liaison/households', element: guarded('liaison:read', <LiaisonHouseholdsPage />) },
          { path: 'liaison/formalism', element: guarded('liaison:inspect', <LiaisonFormalismPage />) },
          { path: 'liaison/figures', element: guarded('liaison:read', <LiaisonFiguresPage />) },
          { path: 'liaison/my/commitments', element: guarded('liaison:visit', <LiaisonMyCommitmentsPage />) },
          { path: 'liaison/my/deeds', element: guarded('liaison:visit', <LiaisonMyDeedsPage />) },
          { path: 'liaison/my/party', element: guarded('liaison:visit', <LiaisonMyPartyPage />) },
          { path: 'liaison/commitments', element: guarded('liaison:read', <LiaisonCommitmentsPage />) },
          { path: 'liaison/deeds', element: guarded('liaison:read', <LiaisonDeedsPage />) },
          { path: 'liaison/party', element: guarded('liaison:read', <LiaisonPartyPage />) },
          { path: 'liaison/callbacks', element: guarded('liaison:inspect', <LiaisonCallbacksPage />) },
          { path: 'accounts', element: guarded('accounts:read', <AccountsPage />) },
          { path: 'calendar', element: guarded('calendar:read', <CalendarPage />) },
          { path: 'audit', element: guarded('audit:read', <AuditPage />) },
          { path: 'profile', element: <ProfilePage /> },
          { path: 'search', element: <SearchPage /> },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
