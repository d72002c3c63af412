/** core/v1 types as the apps read them (see meta.types.ts for the conventions). */
import type { Condition, IntOrString, LabelSelector, ObjectMeta, Served, TypedObject } from './meta.types.js';

/** Resource name → quantity, as JSON carries it (string, or a bare number). */
export type ResourceList = Record<string, string | number>;

export interface ResourceRequirements {
  requests?: ResourceList;
  limits?: ResourceList;
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
    [k: string]: unknown;
  };
}

export interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
  [k: string]: unknown;
}

export interface Container {
  name: string;
  image?: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  ports?: ContainerPort[];
  resources?: ResourceRequirements;
  /** Only on init containers: `Always` makes it a sidecar. */
  restartPolicy?: string;
  readinessProbe?: { initialDelaySeconds?: number; [k: string]: unknown };
  [k: string]: unknown;
}

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
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

export interface NodeSelector {
  nodeSelectorTerms: NodeSelectorTerm[];
}

export interface PreferredSchedulingTerm {
  weight: number;
  preference: NodeSelectorTerm;
}

export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector;
  preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[];
}

export interface PodAffinityTerm {
  labelSelector?: LabelSelector | null;
  namespaces?: string[];
  namespaceSelector?: LabelSelector | null;
  topologyKey: string;
  matchLabelKeys?: string[];
  mismatchLabelKeys?: string[];
}

export interface WeightedPodAffinityTerm {
  weight: number;
  podAffinityTerm: PodAffinityTerm;
}

export interface PodAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
}

export interface Affinity {
  nodeAffinity?: NodeAffinity;
  podAffinity?: PodAffinity;
  podAntiAffinity?: PodAffinity;
  [k: string]: unknown;
}

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector?: LabelSelector | null;
  minDomains?: number;
  nodeAffinityPolicy?: 'Honor' | 'Ignore';
  nodeTaintsPolicy?: 'Honor' | 'Ignore';
  matchLabelKeys?: string[];
}

export interface PodSpec {
  /** Required upstream (validation rejects a pod without); readers default a missing list to []. */
  containers?: Container[];
  initContainers?: Container[];
  nodeName?: string;
  schedulerName?: string;
  priority?: number;
  priorityClassName?: string;
  preemptionPolicy?: 'Never' | 'PreemptLowerPriority';
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  topologySpreadConstraints?: TopologySpreadConstraint[];
  overhead?: ResourceList;
  restartPolicy?: string;
  hostNetwork?: boolean;
  hostname?: string;
  subdomain?: string;
  terminationGracePeriodSeconds?: number;
  activeDeadlineSeconds?: number;
  [k: string]: unknown;
}

export interface PodCondition extends Condition {
  lastProbeTime?: string | null;
}

export interface ContainerState {
  running?: { startedAt?: string };
  terminated?: { finishedAt?: string; exitCode?: number; [k: string]: unknown };
  waiting?: { reason?: string; message?: string };
}

export interface ContainerStatus {
  name: string;
  restartCount?: number;
  containerID?: string;
  state?: ContainerState;
  [k: string]: unknown;
}

export interface PodStatus {
  phase?: string;
  conditions?: PodCondition[];
  nominatedNodeName?: string;
  startTime?: string;
  podIP?: string;
  podIPs?: Array<{ ip: string }>;
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
  [k: string]: unknown;
}

export interface Pod extends TypedObject {
  spec?: PodSpec;
  status?: PodStatus;
}

/** A pod template as a workload carries it; `spec` is the pod's spec. */
export interface PodTemplateSpec {
  metadata?: ObjectMeta;
  spec?: PodSpec;
}

export interface NodeCondition extends Condition {
  lastHeartbeatTime?: string;
}

export interface Node extends TypedObject {
  spec?: { unschedulable?: boolean; taints?: Taint[]; [k: string]: unknown };
  status?: { allocatable?: ResourceList; capacity?: ResourceList; conditions?: NodeCondition[]; [k: string]: unknown };
}

export interface ServicePort {
  name?: string;
  protocol?: string;
  appProtocol?: string;
  port: number;
  targetPort?: IntOrString;
}

export interface Service extends TypedObject {
  spec?: {
    type?: string;
    selector?: Record<string, string>;
    clusterIP?: string;
    ports?: ServicePort[];
    publishNotReadyAddresses?: boolean;
    ipFamilies?: string[];
    [k: string]: unknown;
  };
}

/**
 * A pod as the apiserver serves it: validation guarantees its namespace, spec and containers, so the
 * scheduler and the node agent read them without defaults.
 */
export type ServedPod = Served<Pod> & { metadata: { namespace: string }; spec: PodSpec & { containers: Container[] } };

export type ServedNode = Served<Node>;
