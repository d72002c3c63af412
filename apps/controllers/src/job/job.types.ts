import type { Condition, LabelSelector, ObjectMeta, Pod, PodTemplate } from '../shared/types.js';

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

export interface JobCondition extends Condition {
  lastProbeTime?: string;
}

export interface UncountedTerminatedPods {
  succeeded?: string[];
  failed?: string[];
}

export interface JobStatus {
  conditions?: JobCondition[];
  startTime?: string;
  completionTime?: string;
  active?: number;
  succeeded?: number;
  failed?: number;
  terminating?: number;
  ready?: number;
  completedIndexes?: string;
  uncountedTerminatedPods?: UncountedTerminatedPods;
}

export type PodFailurePolicyAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

export interface PodFailurePolicyOnExitCodes {
  containerName?: string;
  operator: 'In' | 'NotIn';
  values: number[];
}

export interface PodFailurePolicyRule {
  action: PodFailurePolicyAction;
  onExitCodes?: PodFailurePolicyOnExitCodes;
  onPodConditions?: Array<{ type: string; status?: string }>;
}

export interface PodFailurePolicy {
  rules?: PodFailurePolicyRule[];
}

export interface Job {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    parallelism?: number;
    completions?: number;
    activeDeadlineSeconds?: number;
    backoffLimit?: number;
    completionMode?: 'NonIndexed' | 'Indexed';
    suspend?: boolean;
    ttlSecondsAfterFinished?: number;
    podFailurePolicy?: PodFailurePolicy;
    podReplacementPolicy?: 'TerminatingOrFailed' | 'Failed';
    selector?: LabelSelector;
    template: PodTemplate;
  };
  status?: JobStatus;
  [k: string]: unknown;
}

export interface JobContainerStatus {
  name?: string;
  restartCount?: number;
  state?: { terminated?: { finishedAt?: string; exitCode?: number } };
}

export type JobPod = Pod & {
  status?: Pod['status'] & {
    containerStatuses?: JobContainerStatus[];
    initContainerStatuses?: JobContainerStatus[];
  };
};

/** The Complete or Failed condition when the Job has finished (upstream IsJobFinished). */
export function finishedCondition(job: Job): JobCondition | undefined {
  return (job.status?.conditions ?? []).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}
