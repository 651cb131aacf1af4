// The whole database as Kysely sees it: each module owns its tables' types (*.tables.ts);
// this file only joins them. Type-only imports: no module code runs from here.
import type { LiaisonTables } from '../../modules/liaison/liaison.tables.js';
import type { OrgTables } from '../../modules/org/org.tables.js';
import type { PortalTables } from '../../modules/portal/portal.tables.js';
import type { ReportsTables } from '../../modules/reports/reports.tables.js';
import type { ClassificationTables } from '../../modules/requests/classification.tables.js';
import type { DuplicateTables } from '../../modules/requests/duplicates.tables.js';
import type { MetricsTables } from '../../modules/requests/metrics.tables.js';
import type { RatingLinkTables } from '../../modules/requests/rating-links.tables.js';
import type { RequestsTables } from '../../modules/requests/requests.tables.js';
import type { RequestSettingTables } from '../../modules/requests/settings.tables.js';
import type { AuditTables } from '../audit/audit.tables.js';
import type { AuthTables } from '../auth/auth.tables.js';
import type { CalendarTables } from '../calendar/calendar.tables.js';
import type { FileTables } from '../files/files.tables.js';
import type { JobTables } from '../jobs/jobs.tables.js';
import type { NotifyTables } from '../notify/notify.tables.js';

export interface Database
  extends OrgTables,
    RequestsTables,
    AuthTables,
    AuditTables,
    CalendarTables,
    JobTables,
    NotifyTables,
    RatingLinkTables,
    RequestSettingTables,
    MetricsTables,
    ReportsTables,
    LiaisonTables,
    FileTables,
    PortalTables,
    ClassificationTables,
    DuplicateTables {}
