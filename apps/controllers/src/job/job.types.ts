import type { Job, JobCondition } from '../../../../libs/api/src/model/batch.types.js';

export type { ContainerStatus, Pod } from '../../../../libs/api/src/model/core.types.js';
export type {
  Job,
  JobCondition,
  JobStatus,
  PodFailurePolicy,
  PodFailurePolicyAction,
  PodFailurePolicyOnExitCodes,
} from '../../../../libs/api/src/model/batch.types.js';

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

/** The Complete or Failed condition when the Job has finished (upstream IsJobFinished). */
export function finishedCondition(job: Job): JobCondition | undefined {
  return (job.status?.conditions ?? []).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}
