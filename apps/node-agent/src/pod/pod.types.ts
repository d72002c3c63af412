/** The slice of core/v1 Pod the agent reads. */
export interface PodContainerSpec {
  name: string;
  image?: string;
  imagePullPolicy?: string;
  /** Only on init containers: `Always` makes it a sidecar. */
  restartPolicy?: string;
  readinessProbe?: { initialDelaySeconds?: number };
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: Array<{ prefix?: string; configMapRef?: { name: string; optional?: boolean }; secretRef?: { name: string; optional?: boolean } }>;
}

export interface KeySelector {
  name: string;
  key: string;
  optional?: boolean;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: KeySelector;
    secretKeyRef?: KeySelector;
    fieldRef?: { fieldPath: string };
  };
}

export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

export interface Pod {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion?: string;
    annotations?: Record<string, string>;
    deletionTimestamp?: string;
    deletionGracePeriodSeconds?: number;
    creationTimestamp?: string;
  };
  spec: {
    nodeName?: string;
    restartPolicy?: string;
    hostNetwork?: boolean;
    terminationGracePeriodSeconds?: number;
    containers: PodContainerSpec[];
    initContainers?: PodContainerSpec[];
  };
  status?: {
    phase?: string;
    podIP?: string;
    startTime?: string;
    conditions?: PodCondition[];
    containerStatuses?: Array<{ name: string; restartCount?: number; containerID?: string; state?: { running?: { startedAt?: string } } }>;
  };
  [k: string]: unknown;
}
