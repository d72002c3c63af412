import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';

/**
 * One HorizontalPodAutoscaler behind autoscaling/v1 and autoscaling/v2 (issue #10, item 25): an
 * HPA made through either version is the same object through the other, converted as upstream
 * (pkg/apis/autoscaling/v1/conversion.go), for kubectl and client-node alike.
 */
let t: TestServer;
let v1: k8s.AutoscalingV1Api;
let v2: k8s.AutoscalingV2Api;
let kc: k8s.KubeConfig;
before(async () => {
  t = await startTestServer();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(t.kubeconfig);
  v1 = kc.makeApiClient(k8s.AutoscalingV1Api);
  v2 = kc.makeApiClient(k8s.AutoscalingV2Api);
});
after(async () => {
  await t.stop();
});

const namespace = 'default';
const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };

async function kubectl(args: string[], stdin?: string): Promise<string> {
  const r = await t.kubectl(args, stdin === undefined ? undefined : { stdin });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function statusOf(p: Promise<unknown>): Promise<{ code: number; reason?: string }> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof k8s.ApiException, String(e));
    const body = (typeof e.body === 'string' ? JSON.parse(e.body) : e.body) as { reason?: string };
    return { code: e.code, reason: body.reason };
  }
  assert.fail('expected an error');
}

describe('HorizontalPodAutoscaler through autoscaling/v1 and autoscaling/v2', () => {
  it('kubectl autoscale (v1) is what kubectl get hpa (v2) shows, and a second autoscale is AlreadyExists', async () => {
    await kubectl(['create', 'deployment', 'web', '--image=nginx']);
    await kubectl(['autoscale', 'deployment', 'web', '--max=5', '--cpu-percent=50']);
    const table = await kubectl(['get', 'hpa']);
    assert.match(table, /^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE\n/);
    assert.match(table, /\nweb\s+Deployment\/web\s+cpu: <unknown>\/50%\s+1\s+5\s+0\s+/);
    const asV2 = JSON.parse(
      await kubectl(['get', 'horizontalpodautoscalers.v2.autoscaling', 'web', '-o', 'json']),
    ) as k8s.V2HorizontalPodAutoscaler;
    assert.equal(asV2.apiVersion, 'autoscaling/v2');
    assert.deepEqual(asV2.spec?.metrics, [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
    ]);
    const asV1 = JSON.parse(
      await kubectl(['get', 'horizontalpodautoscalers.v1.autoscaling', 'web', '-o', 'json']),
    ) as k8s.V1HorizontalPodAutoscaler;
    assert.equal(asV1.apiVersion, 'autoscaling/v1');
    assert.equal(asV1.spec?.targetCPUUtilizationPercentage, 50);
    assert.equal(asV1.spec?.minReplicas, 1);
    assert.equal(asV1.metadata?.uid, asV2.metadata?.uid);
    assert.equal(asV1.metadata?.resourceVersion, asV2.metadata?.resourceVersion);
    const again = await t.kubectl(['autoscale', 'deployment', 'web', '--max=5']);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /AlreadyExists.*horizontalpodautoscalers\.autoscaling "web" already exists/);
    await kubectl(['get', 'hpa.v1.autoscaling', 'web']);
    await kubectl(['delete', 'horizontalpodautoscalers.v1.autoscaling', 'web']);
    const gone = await t.kubectl(['get', 'hpa', 'web']);
    assert.match(gone.stderr, /NotFound/);
  });

  it('client-node: a v2 HPA with several metrics and behavior reads as v1 and survives a v1 update', async () => {
    await v2.createNamespacedHorizontalPodAutoscaler({
      namespace,
      body: {
        metadata: { name: 'multi', labels: { tier: 'web' } },
        spec: {
          scaleTargetRef: ref,
          maxReplicas: 8,
          metrics: [
            { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } },
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
          ],
          behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
        },
      },
    });
    const seen = await v1.readNamespacedHorizontalPodAutoscaler({ name: 'multi', namespace });
    assert.equal(seen.spec?.targetCPUUtilizationPercentage, 70);
    assert.equal(seen.spec?.minReplicas, 1);
    const annotations = seen.metadata?.annotations ?? {};
    assert.deepEqual(JSON.parse(annotations['autoscaling.alpha.kubernetes.io/metrics'] ?? '[]'), [
      { type: 'Pods', pods: { metricName: 'qps', targetAverageValue: '10' } },
    ]);
    assert.ok(annotations['autoscaling.alpha.kubernetes.io/behavior']);

    seen.spec = { ...seen.spec!, maxReplicas: 9 };
    await v1.replaceNamespacedHorizontalPodAutoscaler({ name: 'multi', namespace, body: seen });
    const back = await v2.readNamespacedHorizontalPodAutoscaler({ name: 'multi', namespace });
    assert.equal(back.spec?.maxReplicas, 9);
    assert.deepEqual(
      back.spec?.metrics?.map((m) => m.type),
      ['Pods', 'Resource'],
    );
    assert.equal(back.spec?.behavior?.scaleDown?.stabilizationWindowSeconds, 60);
    assert.equal(back.spec?.behavior?.scaleUp?.selectPolicy, 'Max', 'v2 defaults the rest of a set behavior');
    assert.equal(back.metadata?.annotations, undefined, 'no round-trip annotations are stored');
    assert.equal(back.metadata?.generation, 2);
  });

  it('status written through v2 shows in v1; a v1 update keeps the v2-only conditions', async () => {
    const cur = await v2.readNamespacedHorizontalPodAutoscaler({ name: 'multi', namespace });
    cur.status = {
      currentReplicas: 2,
      desiredReplicas: 3,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 91 } } }],
      conditions: [
        { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', lastTransitionTime: new Date('2026-12-07T10:00:00Z') },
      ],
    };
    await v2.replaceNamespacedHorizontalPodAutoscalerStatus({ name: 'multi', namespace, body: cur });
    const asV1 = await v1.readNamespacedHorizontalPodAutoscaler({ name: 'multi', namespace });
    assert.equal(asV1.status?.currentCPUUtilizationPercentage, 91);
    assert.equal(asV1.status?.desiredReplicas, 3);
    // Table rows come from the whole (v2-shaped) object whichever version is listed, as upstream prints its internal one.
    const row = (await kubectl(['get', 'horizontalpodautoscalers.v1.autoscaling', 'multi', '--no-headers'])).trim();
    assert.match(row, /^multi\s+Deployment\/web\s+<unknown>\/10, cpu: <unknown>\/70%\s+1\s+9\s+2\s+/);
    // A v1 client that drops the annotations still cannot wipe the status through the main resource.
    asV1.metadata = { ...asV1.metadata, annotations: {} };
    asV1.spec = { ...asV1.spec!, maxReplicas: 6 };
    await v1.replaceNamespacedHorizontalPodAutoscaler({ name: 'multi', namespace, body: asV1 });
    const after = await v2.readNamespacedHorizontalPodAutoscaler({ name: 'multi', namespace });
    assert.equal(after.spec?.maxReplicas, 6);
    assert.deepEqual(
      after.status?.conditions?.map((c) => c.reason),
      ['ValidMetricFound'],
    );
    assert.equal(after.status?.currentMetrics?.[0]?.resource?.current.averageUtilization, 91);
    // That client wrote back no metrics annotation, so only the CPU target remains (as upstream).
    assert.deepEqual(
      after.spec?.metrics?.map((m) => m.type),
      ['Resource'],
    );
    assert.match(
      (await kubectl(['get', 'hpa', 'multi', '--no-headers'])).trim(),
      /^multi\s+Deployment\/web\s+cpu: 91%\/70%\s+1\s+6\s+2\s+/,
    );
  });

  it('lists, field selectors and watches of either version see the other version’s objects converted', async () => {
    await v1.createNamespacedHorizontalPodAutoscaler({
      namespace,
      body: { metadata: { name: 'old' }, spec: { scaleTargetRef: ref, maxReplicas: 2, targetCPUUtilizationPercentage: 30 } },
    });
    const l2 = await v2.listNamespacedHorizontalPodAutoscaler({ namespace });
    assert.deepEqual(l2.items.map((h) => h.metadata?.name).sort(), ['multi', 'old']);
    assert.ok(l2.items.every((h) => Array.isArray(h.spec?.metrics)));
    const l1 = await v1.listNamespacedHorizontalPodAutoscaler({ namespace, fieldSelector: 'metadata.name=multi' });
    assert.deepEqual(
      l1.items.map((h) => [h.metadata?.name, h.spec?.targetCPUUtilizationPercentage]),
      [['multi', 70]],
    );
    const byLabel = await v1.listNamespacedHorizontalPodAutoscaler({ namespace, labelSelector: 'tier=web' });
    assert.deepEqual(
      byLabel.items.map((h) => h.metadata?.name),
      ['multi'],
    );

    const events: Array<{ type: string; apiVersion: string; name: string; target: unknown }> = [];
    let first: () => void = () => undefined;
    const got = new Promise<void>((resolve) => (first = resolve));
    // From the list's resourceVersion: the change below is delivered even if it lands before the watch opens.
    const ctl = await new k8s.Watch(kc).watch(
      `/apis/autoscaling/v1/namespaces/${namespace}/horizontalpodautoscalers`,
      { resourceVersion: l2.metadata?.resourceVersion ?? '0' },
      (type, obj: k8s.V1HorizontalPodAutoscaler) => {
        events.push({
          type,
          apiVersion: obj.apiVersion ?? '',
          name: obj.metadata?.name ?? '',
          target: obj.spec?.targetCPUUtilizationPercentage,
        });
        first();
      },
      () => first(),
    );
    try {
      await v2.patchNamespacedHorizontalPodAutoscaler(
        { name: 'old', namespace, body: [{ op: 'replace', path: '/spec/metrics/0/resource/target/averageUtilization', value: 35 }] },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
      );
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([got, new Promise((r) => (timer = setTimeout(r, 20_000)))]);
      clearTimeout(timer);
    } finally {
      ctl.abort();
    }
    assert.deepEqual(events[0], { type: 'MODIFIED', apiVersion: 'autoscaling/v1', name: 'old', target: 35 });
  });

  it('kubectl patch and server-side apply through either version change the one object', async () => {
    await kubectl(['patch', 'horizontalpodautoscalers.v1.autoscaling', 'old', '--type=merge', '-p', '{"spec":{"maxReplicas":4}}']);
    const v2Old = await v2.readNamespacedHorizontalPodAutoscaler({ name: 'old', namespace });
    assert.equal(v2Old.spec?.maxReplicas, 4);
    await kubectl(
      ['apply', '--server-side', '--field-manager=ops', '-f', '-'],
      `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: applied}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 3
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 45}}
`,
    );
    await kubectl(
      ['apply', '--server-side', '--field-manager=ops-v1', '-f', '-'],
      `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: applied}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 3
  targetCPUUtilizationPercentage: 55
`,
    );
    const applied = await v2.readNamespacedHorizontalPodAutoscaler({ name: 'applied', namespace });
    assert.equal(applied.spec?.metrics?.[0]?.resource?.target.averageUtilization, 55);
    const table = await kubectl(['get', 'horizontalpodautoscalers.v1.autoscaling']);
    assert.match(table, /\napplied\s+Deployment\/web\s+cpu: <unknown>\/55%\s+1\s+3\s+0\s+/);
    assert.deepEqual(await statusOf(v1.readNamespacedHorizontalPodAutoscaler({ name: 'nope', namespace })), {
      code: 404,
      reason: 'NotFound',
    });
    assert.deepEqual(
      await statusOf(
        v2.createNamespacedHorizontalPodAutoscaler({
          namespace,
          body: { metadata: { name: 'old' }, spec: { scaleTargetRef: ref, maxReplicas: 2 } },
        }),
      ),
      { code: 409, reason: 'AlreadyExists' },
    );
    // A malformed round-trip annotation is the client's error, and nothing is stored.
    assert.deepEqual(
      await statusOf(
        v1.createNamespacedHorizontalPodAutoscaler({
          namespace,
          body: {
            metadata: { name: 'broken', annotations: { 'autoscaling.alpha.kubernetes.io/metrics': '[{' } },
            spec: { scaleTargetRef: ref, maxReplicas: 2 },
          },
        }),
      ),
      { code: 400, reason: 'BadRequest' },
    );
    assert.deepEqual(await statusOf(v2.readNamespacedHorizontalPodAutoscaler({ name: 'broken', namespace })), {
      code: 404,
      reason: 'NotFound',
    });
  });
});
