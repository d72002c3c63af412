/** batch/v1 types as the controllers read them (see meta.types.ts for the conventions). */
import type { PodTemplateSpec } from './core.types.js';
import type { Condition, LabelSelector, ObjectMeta, TypedObject } from './meta.types.js';

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

export interface JobSpec {
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
  template: PodTemplateSpec;
}

export interface Job extends TypedObject {
  spec: JobSpec;
  status?: JobStatus;
}

/** core/v1 ObjectReference as CronJob's status.active holds it. */
export interface JobReference {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  uid: string;
  resourceVersion: string;
}

export interface CronJob extends TypedObject {
  spec: {
    schedule: string;
    timeZone?: string;
    startingDeadlineSeconds?: number;
    concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
    suspend?: boolean;
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
    jobTemplate: { metadata?: ObjectMeta; spec: JobSpec };
  };
  status?: { active?: JobReference[]; lastScheduleTime?: string; lastSuccessfulTime?: string };
}
