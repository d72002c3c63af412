import { newControllerRef } from '../shared/owner.refs.js';
import type { Container } from '../../../../libs/api/src/model/core.types.js';
import type { Pod } from '../shared/types.js';
import { COMPLETION_INDEX, JOB_TRACKING_FINALIZER, type Job } from './job.types.js';

/**
 * Succeeded, or failed as upstream's isPodFailed counts it: deleted pods count as failed under
 * TerminatingOrFailed, but not with a podFailurePolicy (it needs the terminal status to match on).
 */
export function podOutcome(p: Pod, job: Job): 'succeeded' | 'failed' | undefined {
  const phase = p.status?.phase;
  if (phase === 'Succeeded') return 'succeeded';
  if (phase === 'Failed') return 'failed';
  const onlyFailed = job.spec.podReplacementPolicy === 'Failed' || !!job.spec.podFailurePolicy;
  if (!onlyFailed && p.metadata.deletionTimestamp) return 'failed';
  return undefined;
}

export const hasTrackingFinalizer = (p: Pod): boolean => (p.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);

export function isTerminating(p: Pod): boolean {
  const phase = p.status?.phase;
  return !!p.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

/** When the pod finished, from its last container termination (for failure backoff). */
export function finishedAt(p: Pod): number {
  let t = 0;
  for (const c of p.status?.containerStatuses ?? []) t = Math.max(t, Date.parse(c.state?.terminated?.finishedAt ?? '') || 0);
  return t || Date.now();
}

/**
 * A pod of the Job's template as upstream's job controller creates it: controller reference,
 * the job-tracking finalizer, and for Indexed Jobs the completion index as annotation, label,
 * JOB_COMPLETION_INDEX env var and hostname.
 */
export function newJobPod(job: Job, index: number | undefined): Pod {
  const tmpl = job.spec.template;
  const ns = job.metadata.namespace ?? '';
  const name = job.metadata.name ?? '';
  const spec = structuredClone(tmpl.spec ?? {});
  const labels = { ...(tmpl.metadata?.labels ?? {}) };
  const annotations = { ...(tmpl.metadata?.annotations ?? {}) };
  if (index !== undefined) {
    annotations[COMPLETION_INDEX] = String(index);
    labels[COMPLETION_INDEX] = String(index);
    if (!spec['hostname']) spec['hostname'] = `${name}-${index}`;
    const env = { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX}']` } } };
    for (const key of ['initContainers', 'containers']) {
      const list = spec[key];
      if (!Array.isArray(list)) continue;
      for (const c of list as Container[])
        if (!(c.env ?? []).some((e) => e.name === 'JOB_COMPLETION_INDEX')) c.env = [...(c.env ?? []), env];
    }
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: index === undefined ? `${name}-` : `${name}-${index}-`,
      namespace: ns,
      labels,
      ...(Object.keys(annotations).length ? { annotations } : {}),
      finalizers: [...(tmpl.metadata?.finalizers ?? []), JOB_TRACKING_FINALIZER],
      ownerReferences: [newControllerRef(job, 'batch/v1', 'Job')],
    },
    spec,
  };
}
