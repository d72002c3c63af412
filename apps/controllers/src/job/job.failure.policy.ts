import type { Job, ContainerStatus, Pod, PodFailurePolicy, PodFailurePolicyAction, PodFailurePolicyOnExitCodes } from './job.types.js';

interface PolicyMatch {
  /** The matching rule's action; undefined when no rule matched (the default, Count). */
  action?: PodFailurePolicyAction;
  /** Whether the failure counts against backoffLimit (false only for Ignore). */
  countFailed: boolean;
  /** Set for FailJob: the FailureTarget/Failed condition message. */
  failJobMessage?: string;
}

/**
 * Upstream matchPodFailurePolicy (pkg/controller/job/pod_failure_policy.go): the first rule that
 * matches a failed pod decides. Exit codes of successful (0) or still-running containers never
 * match; app containers are looked at before init containers.
 */
export function matchPodFailurePolicy(policy: PodFailurePolicy, pod: Pod): PolicyMatch {
  const ns = pod.metadata.namespace ?? '';
  const name = pod.metadata.name ?? '';
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    let subject: string | undefined;
    if (rule.onExitCodes) {
      const c = matchOnExitCodes(pod, rule.onExitCodes);
      if (c) subject = `Container ${c.name ?? ''} for pod ${ns}/${name} failed with exit code ${c.state?.terminated?.exitCode ?? 0}`;
    } else if (rule.onPodConditions) {
      const cond = (pod.status?.conditions ?? []).find((pc) =>
        (rule.onPodConditions ?? []).some((pat) => pat.type === pc.type && (pat.status ?? 'True') === pc.status),
      );
      if (cond) subject = `Pod ${ns}/${name} has condition ${cond.type}`;
    }
    if (subject === undefined) continue;
    switch (rule.action) {
      case 'Ignore':
        return { action: rule.action, countFailed: false };
      case 'FailJob':
        return { action: rule.action, countFailed: true, failJobMessage: `${subject} matching FailJob rule at index ${index}` };
      case 'Count':
      case 'FailIndex':
        return { action: rule.action, countFailed: true };
    }
  }
  return { countFailed: true };
}

function matchOnExitCodes(pod: Pod, req: PodFailurePolicyOnExitCodes): ContainerStatus | undefined {
  const lists = [pod.status?.containerStatuses ?? [], pod.status?.initContainerStatuses ?? []];
  for (const list of lists) {
    for (const c of list) {
      const code = c.state?.terminated?.exitCode;
      if (code === undefined || code === 0) continue;
      if (req.containerName !== undefined && req.containerName !== c.name) continue;
      if (req.values.includes(code) === (req.operator === 'In')) return c;
    }
  }
  return undefined;
}

/** Upstream getFailJobMessage: the message of the first failed pod a FailJob rule matches. */
export function failJobMessage(job: Job, failedPods: readonly Pod[]): string | undefined {
  const policy = job.spec.podFailurePolicy;
  if (!policy) return undefined;
  for (const p of failedPods) {
    const m = matchPodFailurePolicy(policy, p).failJobMessage;
    if (m) return m;
  }
  return undefined;
}
