import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject } from '../../generic/strategy.interface.js';
import { addDefaultTolerations } from './pod.admission.js';
import { podStrategy } from './pod.strategy.js';
import { POD_UPDATE_FORBIDDEN } from './pod-update.validation.js';

function pod(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec };
}

function created(spec: Record<string, unknown>): KubeObject {
  const p = pod(spec);
  podStrategy.applyDefaults(p);
  podStrategy.prepareForCreate(p);
  // The DefaultTolerationSeconds admission plugin's part of a create.
  addDefaultTolerations(p.spec as Record<string, unknown>);
  return p;
}

function messages(p: KubeObject): string[] {
  return podStrategy.validate(p).map((e) => e.toString());
}

describe('pod defaults', () => {
  it('fills the spec, container and status defaults a real apiserver shows', () => {
    const p = created({ containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] });
    assert.deepEqual(p.spec, {
      containers: [
        {
          name: 'web',
          image: 'nginx',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          imagePullPolicy: 'Always',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          resources: {},
        },
      ],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
      serviceAccountName: 'default',
      serviceAccount: 'default',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    });
    assert.deepEqual(p.status, { phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('pulls tagged images only if absent', () => {
    const p = created({
      containers: [
        { name: 'a', image: 'nginx:1.27' },
        { name: 'b', image: 'nginx:latest' },
        { name: 'c', image: 'r.io:5000/x' },
      ],
    });
    const pulls = (p.spec as { containers: Array<{ imagePullPolicy: string }> }).containers.map((c) => c.imagePullPolicy);
    assert.deepEqual(pulls, ['IfNotPresent', 'Always', 'Always']);
  });

  it('defaults requests to limits, canonicalises quantities and computes Guaranteed', () => {
    const p = created({ containers: [{ name: 'a', image: 'x:1', resources: { limits: { cpu: '0.5', memory: '1024Mi' } } }] });
    const c = (p.spec as { containers: Array<{ resources: unknown }> }).containers[0];
    assert.deepEqual(c?.resources, { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } });
    assert.deepEqual(p.status, { phase: 'Pending', qosClass: 'Guaranteed' });
  });

  it('computes Burstable when requests are below limits', () => {
    const p = created({ containers: [{ name: 'a', image: 'x:1', resources: { requests: { cpu: '100m' }, limits: { cpu: '1' } } }] });
    assert.deepEqual(p.status, { phase: 'Pending', qosClass: 'Burstable' });
  });

  it('keeps an existing NoExecute toleration and the given service account', () => {
    const p = created({
      serviceAccountName: 'robot',
      tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }],
      containers: [{ name: 'a', image: 'x:1' }],
    });
    const spec = p.spec as { tolerations: Array<{ key: string }>; serviceAccount: string };
    assert.deepEqual(
      spec.tolerations.map((t) => t.key),
      ['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready'],
    );
    assert.equal(spec.serviceAccount, 'robot');
  });

  it('rejects a malformed quantity as the decoder does', () => {
    const p = pod({ containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: 'lots' } } }] });
    assert.throws(
      () => podStrategy.applyDefaults(p),
      (e: unknown) => {
        assert.ok(e instanceof ApiError);
        assert.equal(e.code, 400);
        assert.equal(
          e.message,
          `Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
        );
        return true;
      },
    );
  });
});

describe('pod validation', () => {
  it('requires containers', () => {
    assert.deepEqual(messages(created({})), ['spec.containers: Required value']);
  });

  it('reports name, image, duplicate and port problems with upstream text', () => {
    const p = created({
      containers: [
        { name: 'a', image: '', ports: [{ containerPort: 70000 }] },
        { name: 'a', image: 'x' },
        { name: 'Bad_Name', image: 'x' },
        { image: 'x' },
      ],
    });
    assert.deepEqual(messages(p), [
      'spec.containers[0].image: Required value',
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[1].name: Duplicate value: "a"',
      `spec.containers[2].name: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      'spec.containers[3].name: Required value',
    ]);
  });

  it('rejects unsupported restartPolicy and protocol', () => {
    const p = created({
      restartPolicy: 'Sometimes',
      containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80, protocol: 'HTTP' }] }],
    });
    assert.deepEqual(messages(p), [
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
  });

  it('requires requests not to exceed limits and forbids negative amounts', () => {
    const p = created({
      containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '2', memory: '-1' }, limits: { cpu: '1' } } }],
    });
    assert.deepEqual(messages(p), [
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
      'spec.containers[0].resources.requests[memory]: Invalid value: "-1": must be greater than or equal to 0',
    ]);
  });

  it('reports a mount of an undeclared volume', () => {
    const p = created({ containers: [{ name: 'a', image: 'x', volumeMounts: [{ name: 'data', mountPath: '/d' }] }] });
    assert.deepEqual(messages(p), ['spec.containers[0].volumeMounts[0].name: Not found: "data"']);
  });
});

describe('pod update', () => {
  const before = created({ containers: [{ name: 'a', image: 'x:1' }] });

  it('allows changing the image', () => {
    const next = structuredClone(before);
    (next.spec as { containers: Array<{ image: string }> }).containers[0]!.image = 'x:2';
    assert.deepEqual(podStrategy.validateUpdate(next, before), []);
  });

  it('forbids other spec changes with upstream text', () => {
    const next = structuredClone(before);
    (next.spec as { restartPolicy: string }).restartPolicy = 'Never';
    const errs = podStrategy.validateUpdate(next, before).map((e) => e.toString());
    assert.equal(errs.length, 1);
    assert.ok(errs[0]!.startsWith(`spec: Forbidden: ${POD_UPDATE_FORBIDDEN}\n`));
    assert.ok(
      POD_UPDATE_FORBIDDEN.startsWith(
        'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`',
      ),
    );
  });

  it('forbids adding containers', () => {
    const next = structuredClone(before);
    (next.spec as { containers: unknown[] }).containers.push({ name: 'b', image: 'y' });
    assert.deepEqual(
      podStrategy.validateUpdate(next, before).map((e) => e.toString()),
      ['spec.containers: Forbidden: pod updates may not add or remove containers'],
    );
  });
});
