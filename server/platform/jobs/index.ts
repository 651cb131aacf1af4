// Scheduled jobs under a database lease: the public surface used by main.ts, the CLI and the modules' jobs.
export { acquireLease, findLease, releaseLease, renewLease } from './lease.repository.js';
export {
  type Job,
  type JobLog,
  type JobResult,
  leaseHolderName,
  type RunningJobs,
  runJobOnce,
  type StartJobsOptions,
  startJobs,
} from './scheduler.js';
