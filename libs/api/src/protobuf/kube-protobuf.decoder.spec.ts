import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeKubeProtobuf } from './kube-protobuf.decoder.js';
import { kubeEnvelope, ProtoTestEncoder } from './proto-message.test-encoder.js';
import { protoSchema } from './proto-schema.loader.js';

const encoder = new ProtoTestEncoder(protoSchema());

/** Encodes `object` as a Go client would, then decodes it through the server path. */
function roundTrip(message: string, object: Record<string, unknown>): Record<string, unknown> {
  const { kind, apiVersion, ...fields } = object;
  const body = kubeEnvelope(String(apiVersion), String(kind), encoder.encode(message, fields));
  const decoded = decodeKubeProtobuf(body);
  assert.equal(decoded.kind, kind);
  assert.equal(decoded.apiVersion, apiVersion);
  return decoded.object;
}

describe('decodeKubeProtobuf round trips', () => {
  it('ConfigMap with data and binaryData', () => {
    const cm = {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'cfg', namespace: 'default', creationTimestamp: null, labels: { a: 'b' } },
      data: { 'app.properties': 'x=1\ny=2', empty: '' },
      binaryData: { blob: Buffer.from([0, 1, 2, 255]).toString('base64') },
    };
    assert.deepEqual(roundTrip('k8s.io.api.core.v1.ConfigMap', cm), cm);
  });

  it('Secret bytes become base64 strings; immutable=false is kept (pointer)', () => {
    const secret = {
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: { name: 's', creationTimestamp: null },
      immutable: false,
      data: { password: Buffer.from('hunter2').toString('base64') },
      type: 'Opaque',
    };
    assert.deepEqual(roundTrip('k8s.io.api.core.v1.Secret', secret), secret);
  });

  it('Namespace as kubectl create namespace sends it', () => {
    const ns = { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'team-a', creationTimestamp: null }, spec: {}, status: {} };
    assert.deepEqual(roundTrip('k8s.io.api.core.v1.Namespace', ns), ns);
  });

  it('Deployment as kubectl create deployment web --image=nginx --replicas=2 sends it', () => {
    const deploy = {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] },
        },
        strategy: {},
      },
      status: {},
    };
    assert.deepEqual(roundTrip('k8s.io.api.apps.v1.Deployment', deploy), deploy);
  });

  it('drops the zero values Go writes for every non-pointer field', () => {
    const meta = {
      name: 'web',
      generateName: '',
      namespace: '',
      selfLink: '',
      uid: '',
      resourceVersion: '',
      generation: 0,
      creationTimestamp: null,
    };
    const container = {
      name: 'nginx',
      image: 'nginx',
      workingDir: '',
      resources: {},
      terminationMessagePath: '',
      terminationMessagePolicy: '',
      imagePullPolicy: '',
      stdin: false,
      stdinOnce: false,
      tty: false,
    };
    const goStyle = {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: meta,
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { ...meta, name: '' },
          spec: {
            containers: [container],
            restartPolicy: '',
            dnsPolicy: '',
            serviceAccountName: '',
            serviceAccount: '',
            nodeName: '',
            hostNetwork: false,
            hostPID: false,
            hostIPC: false,
            hostname: '',
            subdomain: '',
            schedulerName: '',
            priorityClassName: '',
          },
        },
        strategy: { type: '' },
        minReadySeconds: 0,
        paused: false,
      },
      status: { observedGeneration: 0, replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0 },
    };
    assert.deepEqual(roundTrip('k8s.io.api.apps.v1.Deployment', goStyle), {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'web', creationTimestamp: null },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { creationTimestamp: null }, spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] } },
        strategy: {},
      },
      status: {},
    });
  });

  it('keeps replicas: 0 because DeploymentSpec.replicas is a pointer', () => {
    const deploy = { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'z' }, spec: { replicas: 0, strategy: {} } };
    assert.deepEqual(roundTrip('k8s.io.api.apps.v1.Deployment', deploy), deploy);
  });

  it('batch/v1 Job with command and restartPolicy', () => {
    const job = {
      kind: 'Job',
      apiVersion: 'batch/v1',
      metadata: { name: 'pi', creationTimestamp: null },
      spec: {
        backoffLimit: 0,
        template: {
          metadata: { creationTimestamp: null },
          spec: {
            containers: [{ name: 'pi', image: 'perl', command: ['perl', '-e', 'print 1'], resources: {} }],
            restartPolicy: 'Never',
          },
        },
      },
      status: {},
    };
    assert.deepEqual(roundTrip('k8s.io.api.batch.v1.Job', job), job);
  });

  it('Service ports with numeric and named targetPort', () => {
    const svc = {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        ports: [
          { name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 },
          { name: 'https', protocol: 'TCP', port: 443, targetPort: 'https', nodePort: 30443 },
        ],
        selector: { app: 'web' },
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    };
    assert.deepEqual(roundTrip('k8s.io.api.core.v1.Service', svc), svc);
  });

  for (const apiVersion of ['v1', 'meta.k8s.io/v1', 'apps/v1']) {
    it(`DeleteOptions sent as ${apiVersion}`, () => {
      const opts = { kind: 'DeleteOptions', apiVersion, gracePeriodSeconds: 0, propagationPolicy: 'Background', dryRun: ['All'] };
      assert.deepEqual(roundTrip('k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions', opts), opts);
    });
  }

  it('policy/v1 Eviction carries DeleteOptions', () => {
    const ev = {
      kind: 'Eviction',
      apiVersion: 'policy/v1',
      metadata: { name: 'pod-1', namespace: 'ns', creationTimestamp: null },
      deleteOptions: { gracePeriodSeconds: 30 },
    };
    assert.deepEqual(roundTrip('k8s.io.api.policy.v1.Eviction', ev), ev);
  });

  it('TokenRequest as kubectl create token sends it', () => {
    const tr = {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: {
        audiences: ['https://kubernetes.default.svc'],
        expirationSeconds: 3600,
        boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uid: 'u-1' },
      },
      status: { expirationTimestamp: null },
    };
    assert.deepEqual(roundTrip('k8s.io.api.authentication.v1.TokenRequest', tr), tr);
  });

  it('keeps a zero in a field JSON always prints (ServicePort.port) and drops optional zeros', () => {
    const svc = {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: {},
      spec: { ports: [{ name: '', protocol: '', port: 0, targetPort: 0, nodePort: 0 }] },
    };
    const decoded = roundTrip('k8s.io.api.core.v1.Service', svc);
    assert.deepEqual(decoded.spec, { ports: [{ port: 0, targetPort: 0 }] });
  });

  it('Lease MicroTime keeps six fractional digits; Time drops them', () => {
    const lease = {
      kind: 'Lease',
      apiVersion: 'coordination.k8s.io/v1',
      metadata: { name: 'l', creationTimestamp: '2026-01-02T03:04:05Z' },
      spec: { holderIdentity: 'me', leaseDurationSeconds: 15, renewTime: '2026-01-02T03:04:05.123456Z', leaseTransitions: 0 },
    };
    assert.deepEqual(roundTrip('k8s.io.api.coordination.v1.Lease', lease), lease);
  });

  it('Pod: inline structs (probe handler, volume source, secret key selector) flatten into the parent', () => {
    const pod = {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'p' },
      spec: {
        volumes: [{ name: 'cfg', configMap: { name: 'cm', defaultMode: 420 } }],
        containers: [
          {
            name: 'c',
            image: 'busybox',
            env: [{ name: 'PW', valueFrom: { secretKeyRef: { name: 's', key: 'pw', optional: false } } }],
            resources: { limits: { cpu: '500m', memory: '128Mi' } },
            livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 3 },
          },
        ],
        securityContext: { runAsUser: 0 },
        hostNetwork: true,
      },
    };
    assert.deepEqual(roundTrip('k8s.io.api.core.v1.Pod', pod), pod);
  });

  it('CRD schema: $ref, x-kubernetes-*, unions, JSON defaults and doubles', () => {
    const crd = {
      kind: 'CustomResourceDefinition',
      apiVersion: 'apiextensions.k8s.io/v1',
      metadata: { name: 'widgets.example.com', creationTimestamp: null },
      spec: {
        group: 'example.com',
        names: { plural: 'widgets', kind: 'Widget' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: false,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    'x-kubernetes-preserve-unknown-fields': true,
                    additionalProperties: { type: 'string' },
                    properties: {
                      size: { type: 'number', maximum: 2.5, minimum: 0, default: 1 },
                      mode: { type: 'string', enum: ['a', 'b'] },
                      tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
                      any: { additionalProperties: false },
                    },
                  },
                },
              },
            },
          },
        ],
      },
      status: { acceptedNames: { plural: '', kind: '' }, storedVersions: null },
    };
    const expected = structuredClone(crd);
    delete (expected.status as Record<string, unknown>).storedVersions;
    assert.deepEqual(roundTrip('k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition', crd), expected);
  });

  it('ControllerRevision RawExtension data comes back as parsed JSON', () => {
    const rev = { kind: 'ControllerRevision', apiVersion: 'apps/v1', metadata: { name: 'r' }, data: { spec: { a: [1, 2] } }, revision: 3 };
    assert.deepEqual(roundTrip('k8s.io.api.apps.v1.ControllerRevision', rev), rev);
  });

  it('managedFields: FieldsV1 is the raw JSON object', () => {
    const cm = {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: {
        name: 'm',
        managedFields: [
          {
            manager: 'kubectl',
            operation: 'Update',
            apiVersion: 'v1',
            time: '2026-01-02T03:04:05Z',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:data': { '.': {} } },
          },
        ],
      },
    };
    assert.deepEqual(roundTrip('k8s.io.api.core.v1.ConfigMap', cm), cm);
  });
});
