#!/usr/bin/env node
/**
 * Builds proto-schema.json, the field table the protobuf request decoder walks.
 *
 * Input: a directory of Kubernetes `generated.proto` texts (kept outside the repository; see
 * README of this folder for the release they came from). Output: field numbers, JSON names and
 * wire types only.
 *
 *   node libs/api/src/protobuf/tools/proto-schema.generator.mjs /tmp/k8sproto
 *
 * The proto text alone cannot say how a Go client serialises a field, so three facts taken from
 * the Go types are added here:
 *  - JSON_NAMES: proto field names that differ from the JSON name (go-to-protobuf derives the
 *    proto name from the Go field name, the JSON tag can differ).
 *  - INLINE: embedded structs (`json:",inline"`): their fields belong to the parent JSON object.
 *  - POINTERS: optional scalars declared as Go pointers. Go's generated marshaller writes every
 *    non-pointer scalar, zero or not, so a zero on the wire only means "set" for these (and for
 *    the fields the OpenAPI schema marks required, read from @kubernetes/client-node).
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const outFile = resolve(here, '..', 'proto-schema.json');
const projectRoot = resolve(here, '..', '..', '..', '..', '..');

const CORE = 'k8s.io.api.core.v1';
const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const APIEXT = 'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1';

const JSON_NAMES = {
  'k8s.io.api.networking.v1.IngressClassParametersReference.aPIGroup': 'apiGroup',
  'k8s.io.api.authentication.v1.BoundObjectReference.uID': 'uid',
  [`${APIEXT}.JSONSchemaProps.ref`]: '$ref',
  [`${APIEXT}.JSONSchemaProps.schema`]: '$schema',
  [`${APIEXT}.JSONSchemaProps.xKubernetesPreserveUnknownFields`]: 'x-kubernetes-preserve-unknown-fields',
  [`${APIEXT}.JSONSchemaProps.xKubernetesEmbeddedResource`]: 'x-kubernetes-embedded-resource',
  [`${APIEXT}.JSONSchemaProps.xKubernetesIntOrString`]: 'x-kubernetes-int-or-string',
  [`${APIEXT}.JSONSchemaProps.xKubernetesListMapKeys`]: 'x-kubernetes-list-map-keys',
  [`${APIEXT}.JSONSchemaProps.xKubernetesListType`]: 'x-kubernetes-list-type',
  [`${APIEXT}.JSONSchemaProps.xKubernetesMapType`]: 'x-kubernetes-map-type',
  [`${APIEXT}.JSONSchemaProps.xKubernetesValidations`]: 'x-kubernetes-validations',
};

const INLINE = [
  `${CORE}.ConfigMapEnvSource.localObjectReference`,
  `${CORE}.ConfigMapKeySelector.localObjectReference`,
  `${CORE}.ConfigMapProjection.localObjectReference`,
  `${CORE}.ConfigMapVolumeSource.localObjectReference`,
  `${CORE}.SecretEnvSource.localObjectReference`,
  `${CORE}.SecretKeySelector.localObjectReference`,
  `${CORE}.SecretProjection.localObjectReference`,
  `${CORE}.EphemeralContainer.ephemeralContainerCommon`,
  `${CORE}.PersistentVolumeSpec.persistentVolumeSource`,
  `${CORE}.Probe.handler`,
  `${CORE}.Volume.volumeSource`,
  'k8s.io.api.networking.v1.IngressRule.ingressRuleValue',
];

/** package -> message -> pointer-typed scalar fields (proto names). */
const POINTERS = {
  [META]: {
    ObjectMeta: ['deletionGracePeriodSeconds'],
    OwnerReference: ['controller', 'blockOwnerDeletion'],
    DeleteOptions: ['gracePeriodSeconds', 'orphanDependents', 'propagationPolicy', 'ignoreStoreReadErrorWithClusterBreakingPotential'],
    Preconditions: ['uid', 'resourceVersion'],
    ListMeta: ['remainingItemCount'],
    ListOptions: ['timeoutSeconds', 'sendInitialEvents'],
    PatchOptions: ['force'],
  },
  [CORE]: {
    AppArmorProfile: ['localhostProfile'],
    AzureDiskVolumeSource: ['cachingMode', 'fsType', 'readOnly', 'kind'],
    AzureFilePersistentVolumeSource: ['secretNamespace'],
    CSIVolumeSource: ['readOnly', 'fsType'],
    ClientIPConfig: ['timeoutSeconds'],
    ClusterTrustBundleProjection: ['name', 'signerName', 'optional'],
    ConfigMap: ['immutable'],
    ConfigMapEnvSource: ['optional'],
    ConfigMapKeySelector: ['optional'],
    ConfigMapProjection: ['optional'],
    ConfigMapVolumeSource: ['defaultMode', 'optional'],
    Container: ['restartPolicy'],
    ContainerStatus: ['started'],
    DownwardAPIVolumeFile: ['mode'],
    DownwardAPIVolumeSource: ['defaultMode'],
    EndpointAddress: ['nodeName'],
    EndpointPort: ['appProtocol'],
    EphemeralContainerCommon: ['restartPolicy'],
    FCVolumeSource: ['lun'],
    GRPCAction: ['service'],
    GlusterfsPersistentVolumeSource: ['endpointsNamespace'],
    HostPathVolumeSource: ['type'],
    ISCSIPersistentVolumeSource: ['initiatorName'],
    ISCSIVolumeSource: ['initiatorName'],
    KeyToPath: ['mode'],
    LoadBalancerIngress: ['ipMode'],
    LocalVolumeSource: ['fsType'],
    NodeFeatures: ['supplementalGroupsPolicy'],
    NodeRuntimeHandlerFeatures: ['recursiveReadOnlyMounts', 'userNamespaces'],
    PersistentVolumeClaimSpec: ['storageClassName', 'volumeMode', 'volumeAttributesClassName'],
    PersistentVolumeClaimStatus: ['currentVolumeAttributesClassName'],
    PersistentVolumeSpec: ['volumeMode', 'volumeAttributesClassName'],
    PodDNSConfigOption: ['value'],
    PodLogOptions: ['sinceSeconds', 'tailLines', 'limitBytes', 'stream'],
    PodResourceClaim: ['resourceClaimName', 'resourceClaimTemplateName'],
    PodResourceClaimStatus: ['resourceClaimName'],
    PodSecurityContext: [
      'runAsUser',
      'runAsGroup',
      'runAsNonRoot',
      'supplementalGroupsPolicy',
      'fsGroup',
      'fsGroupChangePolicy',
      'seLinuxChangePolicy',
    ],
    PodSpec: [
      'terminationGracePeriodSeconds',
      'activeDeadlineSeconds',
      'automountServiceAccountToken',
      'shareProcessNamespace',
      'priority',
      'enableServiceLinks',
      'preemptionPolicy',
      'setHostnameAsFQDN',
      'hostUsers',
      'runtimeClassName',
    ],
    PortStatus: ['error'],
    Preconditions: ['uid'],
    Probe: ['terminationGracePeriodSeconds'],
    ProjectedVolumeSource: ['defaultMode'],
    ReplicationControllerSpec: ['replicas'],
    SeccompProfile: ['localhostProfile'],
    Secret: ['immutable'],
    SecretEnvSource: ['optional'],
    SecretKeySelector: ['optional'],
    SecretProjection: ['optional'],
    SecretVolumeSource: ['defaultMode', 'optional'],
    SecurityContext: [
      'privileged',
      'runAsUser',
      'runAsGroup',
      'runAsNonRoot',
      'readOnlyRootFilesystem',
      'allowPrivilegeEscalation',
      'procMount',
    ],
    ServiceAccount: ['automountServiceAccountToken'],
    ServiceAccountTokenProjection: ['expirationSeconds'],
    ServicePort: ['appProtocol'],
    ServiceSpec: ['ipFamilyPolicy', 'allocateLoadBalancerNodePorts', 'loadBalancerClass', 'internalTrafficPolicy', 'trafficDistribution'],
    Toleration: ['tolerationSeconds'],
    TopologySpreadConstraint: ['minDomains', 'nodeAffinityPolicy', 'nodeTaintsPolicy'],
    TypedLocalObjectReference: ['apiGroup'],
    TypedObjectReference: ['apiGroup', 'namespace'],
    VolumeMount: ['recursiveReadOnly'],
    VolumeMountStatus: ['recursiveReadOnly'],
    WindowsSecurityContextOptions: ['gmsaCredentialSpecName', 'gmsaCredentialSpec', 'runAsUserName', 'hostProcess'],
  },
  'k8s.io.api.apps.v1': {
    DaemonSetSpec: ['revisionHistoryLimit'],
    DaemonSetStatus: ['collisionCount'],
    DeploymentSpec: ['replicas', 'revisionHistoryLimit', 'progressDeadlineSeconds'],
    DeploymentStatus: ['collisionCount'],
    ReplicaSetSpec: ['replicas'],
    RollingUpdateStatefulSetStrategy: ['partition'],
    StatefulSetSpec: ['replicas', 'revisionHistoryLimit'],
    StatefulSetStatus: ['collisionCount'],
  },
  'k8s.io.api.batch.v1': {
    CronJobSpec: ['timeZone', 'startingDeadlineSeconds', 'suspend', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'],
    JobSpec: [
      'parallelism',
      'completions',
      'activeDeadlineSeconds',
      'backoffLimit',
      'backoffLimitPerIndex',
      'maxFailedIndexes',
      'manualSelector',
      'ttlSecondsAfterFinished',
      'completionMode',
      'suspend',
      'podReplacementPolicy',
      'managedBy',
    ],
    JobStatus: ['terminating', 'failedIndexes', 'ready'],
    PodFailurePolicyOnExitCodesRequirement: ['containerName'],
    SuccessPolicyRule: ['succeededIndexes', 'succeededCount'],
  },
  'k8s.io.api.autoscaling.v1': {
    ContainerResourceMetricSource: ['targetAverageUtilization'],
    ContainerResourceMetricStatus: ['currentAverageUtilization'],
    HorizontalPodAutoscalerSpec: ['minReplicas', 'targetCPUUtilizationPercentage'],
    HorizontalPodAutoscalerStatus: ['observedGeneration', 'currentCPUUtilizationPercentage'],
    ResourceMetricSource: ['targetAverageUtilization'],
    ResourceMetricStatus: ['currentAverageUtilization'],
  },
  'k8s.io.api.autoscaling.v2': {
    HPAScalingRules: ['stabilizationWindowSeconds', 'selectPolicy'],
    HorizontalPodAutoscalerSpec: ['minReplicas'],
    HorizontalPodAutoscalerStatus: ['observedGeneration'],
    MetricTarget: ['averageUtilization'],
    MetricValueStatus: ['averageUtilization'],
  },
  'k8s.io.api.coordination.v1': {
    LeaseSpec: ['holderIdentity', 'leaseDurationSeconds', 'leaseTransitions', 'strategy', 'preferredHolder'],
  },
  'k8s.io.api.discovery.v1': {
    Endpoint: ['hostname', 'nodeName', 'zone'],
    EndpointConditions: ['ready', 'serving', 'terminating'],
    EndpointPort: ['name', 'protocol', 'port', 'appProtocol'],
  },
  'k8s.io.api.policy.v1': {
    PodDisruptionBudgetSpec: ['unhealthyPodEvictionPolicy'],
  },
  'k8s.io.api.networking.v1': {
    HTTPIngressPath: ['pathType'],
    IngressClassParametersReference: ['aPIGroup', 'scope', 'namespace'],
    IngressPortStatus: ['error'],
    IngressSpec: ['ingressClassName'],
    NetworkPolicyPort: ['protocol', 'endPort'],
  },
  'k8s.io.api.storage.v1': {
    CSIDriverSpec: ['attachRequired', 'podInfoOnMount', 'storageCapacity', 'fsGroupPolicy', 'requiresRepublish', 'seLinuxMount'],
    StorageClass: ['reclaimPolicy', 'allowVolumeExpansion', 'volumeBindingMode'],
    TokenRequest: ['expirationSeconds'],
    VolumeAttachmentSource: ['persistentVolumeName'],
    VolumeNodeResources: ['count'],
  },
  'k8s.io.api.scheduling.v1': {
    PriorityClass: ['preemptionPolicy'],
  },
  'k8s.io.api.authentication.v1': {
    TokenRequestSpec: ['expirationSeconds'],
  },
  [APIEXT]: {
    CustomResourceDefinitionVersion: ['deprecationWarning'],
    CustomResourceSubresourceScale: ['labelSelectorPath'],
    JSONSchemaProps: [
      'maximum',
      'minimum',
      'maxLength',
      'minLength',
      'maxItems',
      'minItems',
      'multipleOf',
      'maxProperties',
      'minProperties',
      'xKubernetesPreserveUnknownFields',
      'xKubernetesListType',
      'xKubernetesMapType',
    ],
    ServiceReference: ['path', 'port'],
    ValidationRule: ['reason', 'optionalOldSelf'],
    WebhookClientConfig: ['url'],
  },
};

/** client-node class-name prefixes used when two groups define the same type name. */
const MODEL_PREFIX = {
  [CORE]: 'Core',
  'k8s.io.api.discovery.v1': 'Discovery',
  'k8s.io.api.events.v1': 'Events',
  'k8s.io.api.rbac.v1': 'Rbac',
  'k8s.io.api.storage.v1': 'Storage',
  'k8s.io.api.authentication.v1': 'Authentication',
  [APIEXT]: 'Apiextensions',
};

const SCALARS = new Set([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
]);

/** Parses the subset of proto2 that go-to-protobuf emits: flat messages, optional/repeated/map. */
function parseProto(text) {
  const noComments = text.replace(/\/\*[\s\S]*?\*\//g, '');
  const pkg = /^\s*package\s+([\w.]+)\s*;/m.exec(noComments)?.[1];
  if (!pkg) throw new Error('proto file without package');
  const messages = [];
  let current;
  let nullable = false;
  for (const raw of noComments.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('//')) {
      if (line.includes('+protobuf.nullable=true')) nullable = true;
      continue;
    }
    const open = /^message\s+(\w+)\s*\{\s*(\})?$/.exec(line);
    if (open) {
      current = { name: open[1], fields: [], nullable };
      messages.push(current);
      nullable = false;
      if (open[2]) current = undefined;
      continue;
    }
    if (line === '}') {
      current = undefined;
      continue;
    }
    if (!current || line === '') continue;
    const map = /^map<\s*(\w+)\s*,\s*([\w.]+)\s*>\s+(\w+)\s*=\s*(\d+)\s*;$/.exec(line);
    if (map) {
      current.fields.push({ label: 'map', key: map[1], type: map[2], name: map[3], number: Number(map[4]) });
      continue;
    }
    const field = /^(optional|repeated|required)\s+([\w.]+)\s+(\w+)\s*=\s*(\d+)\s*;$/.exec(line);
    if (!field) throw new Error(`${pkg}.${current.name}: cannot parse "${line}"`);
    current.fields.push({ label: field[1], type: field[2], name: field[3], number: Number(field[4]) });
  }
  return { pkg, messages };
}

function qualify(type, pkg) {
  if (SCALARS.has(type)) return type;
  return type.startsWith('.') ? type.slice(1) : `${pkg}.${type}`;
}

/** Table form of a type: same-package messages by bare name, others fully qualified. */
function shorten(fqn, pkg) {
  return fqn.startsWith(`${pkg}.`) && !fqn.slice(pkg.length + 1).includes('.') ? fqn.slice(pkg.length + 1) : fqn;
}

function modelFields(cls, modelsDir) {
  const rows = cls.attributeTypeMap;
  if (!Array.isArray(rows)) return undefined;
  const dts = join(modelsDir, `${cls.name}.d.ts`);
  const optional = new Set();
  if (existsSync(dts)) {
    for (const m of readFileSync(dts, 'utf8').matchAll(/^\s+'([^']+)'(\?)?:/gm)) if (m[2]) optional.add(m[1]);
  }
  return new Map(rows.map((r) => [r.baseName, { required: !optional.has(r.name) }]));
}

async function main() {
  const srcDir = process.argv[2];
  if (!srcDir) throw new Error('usage: proto-schema.generator.mjs <dir with generated.proto texts>');
  const require = createRequire(join(projectRoot, 'package.json'));
  const k8s = await import(require.resolve('@kubernetes/client-node'));
  const modelsDir = join(dirname(require.resolve('@kubernetes/client-node')), 'gen', 'models');

  const parsed = readdirSync(srcDir)
    .filter((f) => f.endsWith('.proto'))
    .sort()
    .map((f) => parseProto(readFileSync(join(srcDir, f), 'utf8')));
  const known = new Set(parsed.flatMap((p) => p.messages.map((m) => `${p.pkg}.${m.name}`)));
  const inline = new Set(INLINE);
  const used = { names: new Set(), inline: new Set(), pointers: new Set() };
  const out = {};
  const warnings = [];

  for (const { pkg, messages } of parsed) {
    const version = pkg.split('.').pop();
    for (const msg of messages) {
      const fqn = `${pkg}.${msg.name}`;
      const V = version.charAt(0).toUpperCase() + version.slice(1);
      const cls = [MODEL_PREFIX[pkg] && `${MODEL_PREFIX[pkg]}${V}${msg.name}`, `${V}${msg.name}`]
        .filter(Boolean)
        .map((n) => k8s[n])
        .find((c) => typeof c === 'function');
      const model = cls ? modelFields(cls, modelsDir) : undefined;
      const pointers = new Set(POINTERS[pkg]?.[msg.name] ?? []);
      const fields = [];
      for (const f of msg.fields) {
        const key = `${fqn}.${f.name}`;
        const jsonName = JSON_NAMES[key] ?? f.name;
        if (JSON_NAMES[key]) used.names.add(key);
        const target = qualify(f.type, pkg);
        if (!SCALARS.has(target) && !known.has(target)) warnings.push(`${key}: unknown type ${target}`);
        const type = f.label === 'map' ? `map:${f.key}:${shorten(target, pkg)}` : shorten(target, pkg);
        let flags = '';
        if (f.label === 'repeated') flags += 'r';
        if (inline.has(key)) {
          flags += 'i';
          used.inline.add(key);
        }
        if (pointers.has(f.name)) {
          flags += 'p';
          used.pointers.add(key);
        }
        const modelField = model?.get(jsonName);
        if (model && !modelField && !inline.has(key)) warnings.push(`${key}: JSON name "${jsonName}" not in ${cls.name}`);
        if (modelField?.required && SCALARS.has(type)) flags += 'q';
        fields.push(flags ? [f.number, jsonName, type, flags] : [f.number, jsonName, type]);
      }
      out[pkg] ??= {};
      out[pkg][msg.name] = msg.nullable ? { list: fields } : fields;
    }
  }
  for (const key of Object.keys(JSON_NAMES)) if (!used.names.has(key)) warnings.push(`unused JSON name override ${key}`);
  for (const key of INLINE) if (!used.inline.has(key)) warnings.push(`unused inline entry ${key}`);
  for (const [pkg, byMsg] of Object.entries(POINTERS)) {
    for (const [m, names] of Object.entries(byMsg)) {
      for (const n of names) if (!used.pointers.has(`${pkg}.${m}.${n}`)) warnings.push(`unused pointer entry ${pkg}.${m}.${n}`);
    }
  }
  for (const w of warnings) console.warn(`warning: ${w}`);
  writeFileSync(outFile, `${JSON.stringify({ kubernetes: '1.32', packages: out })}\n`);
  console.log(`wrote ${known.size} messages to ${outFile}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
