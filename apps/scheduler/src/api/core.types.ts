/** The parts of core/v1 Pod and Node the scheduler reads; everything else passes through untouched. */
export type ResourceList = Record<string, string | number>;

export interface Container {
  name: string;
  restartPolicy?: string;
  resources?: { requests?: ResourceList; limits?: ResourceList };
}

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
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
    uid?: string;
    resourceVersion?: string;
    deletionTimestamp?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    [k: string]: unknown;
  };
  spec: {
    nodeName?: string;
    schedulerName?: string;
    priority?: number;
    nodeSelector?: Record<string, string>;
    tolerations?: Toleration[];
    overhead?: ResourceList;
    containers: Container[];
    initContainers?: Container[];
    affinity?: {
      nodeAffinity?: {
        requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] };
        preferredDuringSchedulingIgnoredDuringExecution?: Array<{ weight: number; preference: NodeSelectorTerm }>;
      };
      [k: string]: unknown;
    };
    [k: string]: unknown;
  };
  status?: { phase?: string; conditions?: PodCondition[]; [k: string]: unknown };
  [k: string]: unknown;
}

export interface Node {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; resourceVersion?: string; labels?: Record<string, string>; [k: string]: unknown };
  spec?: { unschedulable?: boolean; taints?: Taint[]; [k: string]: unknown };
  status?: { allocatable?: ResourceList; capacity?: ResourceList; [k: string]: unknown };
  [k: string]: unknown;
}
