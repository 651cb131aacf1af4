// The composition root of the scheduled jobs: every module's jobs plus the platform's, for main.ts and the CLI.
import type { Config } from './config.js';
import { requestJobs } from './modules/requests/index.js';
import { auditSealJob } from './platform/audit/index.js';
import type { Job } from './platform/jobs/index.js';
import { smsOutboxJob, smsSenderFor } from './platform/notify/index.js';

/** Every scheduled job, by name: requests.escalation, requests.close-unrated, platform.sms-outbox, platform.audit-seal. */
export function scheduledJobs(config: Pick<Config, 'sms' | 'dataDir'>): Job[] {
  return [...requestJobs, smsOutboxJob(smsSenderFor(config)), auditSealJob];
}
