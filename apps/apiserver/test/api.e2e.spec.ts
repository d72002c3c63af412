import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';

let t: TestServer;
let http: ReturnType<typeof request>;

before(async () => {
  t = await startTestServer();
  http = request(t.url);
});
after(async () => {
  await t.stop();
});

const cm = (name: string, data: Record<string, string> = { a: '1' }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

describe('discovery and health', () => {
  it('serves /version, health and legacy discovery', async () => {
    const v = await http.get('/version').expect(200);
    assert.equal(v.body.major, '1');
    assert.equal(v.body.minor, '32');
    await http.get('/healthz').expect(200, 'ok');
    const api = await http.get('/api').expect(200);
    assert.deepEqual(api.body.versions, ['v1']);
    const v1 = await http.get('/api/v1').expect(200);
    const pods = v1.body.resources.find((r: { name: string }) => r.name === 'pods');
    assert.deepEqual(pods.shortNames, ['po']);
    assert.ok(v1.body.resources.some((r: { name: string }) => r.name === 'pods/status'));
    const apis = await http.get('/apis').expect(200);
    assert.ok(apis.body.groups.some((g: { name: string }) => g.name === 'apps'));
    const apps = await http.get('/apis/apps/v1').expect(200);
    assert.ok(apps.body.resources.some((r: { name: string; kind: string }) => r.name === 'deployments/scale'));
  });

  it('serves aggregated discovery when asked for it', async () => {
    const res = await http
      .get('/apis')
      .set('Accept', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json')
      .expect(200);
    assert.match(String(res.headers['content-type']), /as=APIGroupDiscoveryList/);
    const apps = res.body.items.find((i: { metadata: { name: string } }) => i.metadata.name === 'apps');
    const deploy = apps.versions[0].resources.find((r: { resource: string }) => r.resource === 'deployments');
    assert.equal(deploy.scope, 'Namespaced');
    assert.deepEqual(deploy.shortNames, ['deploy']);
  });

  it('unknown paths are 404 Status objects', async () => {
    const res = await http.get('/api/v1/namespaces/default/nothings').expect(404);
    assert.equal(res.body.kind, 'Status');
    assert.equal(res.body.reason, 'NotFound');
  });
});

describe('CRUD with upstream errors', () => {
  it('creates, gets, conflicts, updates and deletes a ConfigMap', async () => {
    const created = await http.post('/api/v1/namespaces/default/configmaps').send(cm('one')).expect(201);
    assert.ok(created.body.metadata.uid);
    assert.match(created.body.metadata.resourceVersion, /^\d+$/);
    assert.match(created.body.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const dup = await http.post('/api/v1/namespaces/default/configmaps').send(cm('one')).expect(409);
    assert.equal(dup.body.reason, 'AlreadyExists');
    assert.equal(dup.body.message, 'configmaps "one" already exists');
    const stale = { ...created.body, data: { a: '2' } };
    await http.put('/api/v1/namespaces/default/configmaps/one').send(stale).expect(200);
    const conflict = await http.put('/api/v1/namespaces/default/configmaps/one').send(stale).expect(409);
    assert.equal(conflict.body.reason, 'Conflict');
    assert.equal(
      conflict.body.message,
      'Operation cannot be fulfilled on configmaps "one": the object has been modified; please apply your changes to the latest version and try again',
    );
    const got = await http.get('/api/v1/namespaces/default/configmaps/one').expect(200);
    assert.deepEqual(got.body.data, { a: '2' });
    const del = await http.delete('/api/v1/namespaces/default/configmaps/one').expect(200);
    assert.equal(del.body.status, 'Success');
    const missing = await http.get('/api/v1/namespaces/default/configmaps/one').expect(404);
    assert.equal(missing.body.message, 'configmaps "one" not found');
  });

  it('refuses objects in a namespace that does not exist', async () => {
    const res = await http.post('/api/v1/namespaces/nope/configmaps').send(cm('x')).expect(404);
    assert.equal(res.body.message, 'namespaces "nope" not found');
  });

  it('rejects invalid names with 422 and field causes, storing nothing', async () => {
    const res = await http.post('/api/v1/namespaces/default/configmaps').send(cm('Bad_Name')).expect(422);
    assert.equal(res.body.reason, 'Invalid');
    assert.equal(res.body.details.causes[0].field, 'metadata.name');
    await http.get('/api/v1/namespaces/default/configmaps/Bad_Name').expect(404);
  });

  it('generateName yields a fresh name', async () => {
    const res = await http
      .post('/api/v1/namespaces/default/configmaps')
      .send({ metadata: { generateName: 'gen-' }, data: {} })
      .expect(201);
    assert.match(res.body.metadata.name, /^gen-[a-z0-9]{5}$/);
  });

  it('bad bodies are 4xx: malformed JSON, invalid UTF-8, protobuf, oversize, YAML alias bomb', async () => {
    const base = '/api/v1/namespaces/default/configmaps';
    const bad = await http.post(base).set('Content-Type', 'application/json').send('{"metadata":').expect(400);
    assert.equal(bad.body.kind, 'Status');
    const utf8 = await fetch(`${t.url}${base}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
    });
    assert.equal(utf8.status, 400);
    const proto = await fetch(`${t.url}${base}`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.kubernetes.protobuf' },
      body: Buffer.from('k8s\0\x0a\xff'),
    });
    assert.equal(proto.status, 400);
    const cbor = await http
      .post(base)
      .set('Content-Type', 'application/cbor')
      .send(Buffer.from([0xa0]))
      .expect(415);
    assert.equal(cbor.body.reason, 'UnsupportedMediaType');
    const huge = JSON.stringify(cm('big', { x: 'a'.repeat(3 * 1024 * 1024 + 10) }));
    const tooBig = await http.post(base).set('Content-Type', 'application/json').send(huge).expect(413);
    assert.equal(tooBig.body.kind, 'Status');
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`,
      );
    bomb.push('metadata: {name: bomb}');
    await http.post(base).set('Content-Type', 'application/yaml').send(bomb.join('\n')).expect(400);
    await http.get('/api/v1/namespaces/default/configmaps/bomb').expect(404);
  });

  it('accepts YAML bodies', async () => {
    await http
      .post('/api/v1/namespaces/default/configmaps')
      .set('Content-Type', 'application/yaml')
      .send('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  k: v\n')
      .expect(201);
  });

  it('rejects bad resourceVersions, selectors and continue tokens with 4xx', async () => {
    const base = '/api/v1/namespaces/default/configmaps';
    await http.get(`${base}?resourceVersion=abc`).expect(400);
    const future = await http.get(`${base}?resourceVersion=999999999&resourceVersionMatch=NotOlderThan`);
    assert.ok(future.status === 504 || future.status === 410, String(future.status));
    await http.get(`${base}?labelSelector=${encodeURIComponent('a in')}`).expect(400);
    await http.get(`${base}?fieldSelector=${encodeURIComponent('spec.nope=1')}`).expect(400);
    await http.get(`${base}?limit=1&continue=not-a-token`).expect(400);
    await http.get(`${base}?resourceVersionMatch=Exact`).expect(422);
  });
});

describe('lists, selectors and pages', () => {
  it('pages with limit/continue at a consistent snapshot, with remainingItemCount', async () => {
    await http
      .post('/api/v1/namespaces')
      .send({ metadata: { name: 'pages' } })
      .expect(201);
    for (let i = 0; i < 5; i++) {
      await http
        .post('/api/v1/namespaces/pages/configmaps')
        .send({ metadata: { name: `p${i}`, labels: { idx: String(i), even: String(i % 2 === 0) } } })
        .expect(201);
    }
    const p1 = await http.get('/api/v1/namespaces/pages/configmaps?limit=2').expect(200);
    assert.deepEqual(
      p1.body.items.map((i: { metadata: { name: string } }) => i.metadata.name),
      ['p0', 'p1'],
    );
    assert.equal(p1.body.metadata.remainingItemCount, 3);
    await http.delete('/api/v1/namespaces/pages/configmaps/p4').expect(200);
    const p2 = await http.get(`/api/v1/namespaces/pages/configmaps?limit=10&continue=${p1.body.metadata.continue}`).expect(200);
    assert.deepEqual(
      p2.body.items.map((i: { metadata: { name: string } }) => i.metadata.name),
      ['p2', 'p3', 'p4'],
    );
    const sel = await http.get('/api/v1/namespaces/pages/configmaps?labelSelector=even%3Dtrue,idx%20notin%20(0)').expect(200);
    assert.deepEqual(
      sel.body.items.map((i: { metadata: { name: string } }) => i.metadata.name),
      ['p2'],
    );
    const byName = await http.get('/api/v1/configmaps?fieldSelector=metadata.name%3Dp1').expect(200);
    assert.equal(byName.body.items.length, 1);
    assert.equal(byName.body.kind, 'ConfigMapList');
  });

  it('answers Table output with upstream columns', async () => {
    const res = await http
      .get('/api/v1/namespaces/pages/configmaps')
      .set('Accept', 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json')
      .expect(200);
    assert.equal(res.body.kind, 'Table');
    assert.deepEqual(
      res.body.columnDefinitions.map((c: { name: string }) => c.name),
      ['Name', 'Data', 'Age'],
    );
    assert.equal(res.body.rows[0].object.kind, 'PartialObjectMetadata');
  });
});

describe('status and scale subresources, finalizers', () => {
  it('spec and status change separately; generation moves only with spec', async () => {
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      },
      status: { replicas: 99 },
    };
    const c = await http.post('/apis/apps/v1/namespaces/default/deployments').send(dep).expect(201);
    assert.equal(c.body.metadata.generation, 1);
    assert.equal(c.body.status?.replicas, undefined);
    const st = await http
      .put('/apis/apps/v1/namespaces/default/deployments/web/status')
      .send({ ...c.body, spec: { ...c.body.spec, replicas: 7 }, status: { replicas: 1 } })
      .expect(200);
    assert.equal(st.body.status.replicas, 1);
    assert.equal(st.body.spec.replicas, 1);
    assert.equal(st.body.metadata.generation, 1);
    const scale = await http.get('/apis/apps/v1/namespaces/default/deployments/web/scale').expect(200);
    assert.equal(scale.body.kind, 'Scale');
    assert.equal(scale.body.status.selector, 'app=web');
    await http
      .patch('/apis/apps/v1/namespaces/default/deployments/web/scale')
      .set('Content-Type', 'application/merge-patch+json')
      .send({ spec: { replicas: 3 } })
      .expect(200);
    const after = await http.get('/apis/apps/v1/namespaces/default/deployments/web').expect(200);
    assert.equal(after.body.spec.replicas, 3);
    assert.equal(after.body.metadata.generation, 2);
    assert.equal(after.body.status.replicas, 1);
  });

  it('a metadata-only update keeps generation and an identical update keeps resourceVersion, whatever the key order', async () => {
    const spec = {
      replicas: 1,
      selector: { matchLabels: { app: 'order' } },
      template: { metadata: { labels: { app: 'order' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    };
    const c = await http
      .post('/apis/apps/v1/namespaces/default/deployments')
      .send({ metadata: { name: 'order' }, spec })
      .expect(201);
    const reversed = (o: unknown): unknown =>
      Array.isArray(o)
        ? o.map(reversed)
        : o && typeof o === 'object'
          ? Object.fromEntries(
              Object.entries(o)
                .reverse()
                .map(([k, v]) => [k, reversed(v)]),
            )
          : o;
    const sameButReordered = reversed(c.body) as { metadata: Record<string, unknown> };
    const same = await http.put('/apis/apps/v1/namespaces/default/deployments/order').send(sameButReordered).expect(200);
    assert.equal(same.body.metadata.resourceVersion, c.body.metadata.resourceVersion);
    const labelled = reversed({ ...same.body, metadata: { ...same.body.metadata, labels: { extra: 'yes' } } }) as object;
    const after = await http.put('/apis/apps/v1/namespaces/default/deployments/order').send(labelled).expect(200);
    assert.equal(after.body.metadata.generation, 1);
    assert.notEqual(after.body.metadata.resourceVersion, c.body.metadata.resourceVersion);
  });

  it('an object with finalizers stays with deletionTimestamp until they are removed', async () => {
    await http
      .post('/api/v1/namespaces/default/configmaps')
      .send({ metadata: { name: 'fin', finalizers: ['example.com/x'] } })
      .expect(201);
    const del = await http.delete('/api/v1/namespaces/default/configmaps/fin').expect(200);
    assert.ok(del.body.metadata.deletionTimestamp);
    const still = await http.get('/api/v1/namespaces/default/configmaps/fin').expect(200);
    assert.ok(still.body.metadata.deletionTimestamp);
    await http
      .patch('/api/v1/namespaces/default/configmaps/fin')
      .set('Content-Type', 'application/merge-patch+json')
      .send({ metadata: { finalizers: null } })
      .expect(200);
    await http.get('/api/v1/namespaces/default/configmaps/fin').expect(404);
  });

  it('a terminating namespace refuses new objects with 403 Forbidden', async () => {
    await http
      .post('/api/v1/namespaces')
      .send({ metadata: { name: 'closing' } })
      .expect(201);
    const del = await http.delete('/api/v1/namespaces/closing').expect(200);
    assert.equal(del.body.status.phase, 'Terminating');
    assert.ok(del.body.metadata.deletionTimestamp);
    const res = await http.post('/api/v1/namespaces/closing/configmaps').send(cm('late')).expect(403);
    assert.equal(res.body.reason, 'Forbidden');
    assert.equal(
      res.body.message,
      'namespaces is forbidden: unable to create new content in namespace closing because it is being terminated',
    );
  });

  it('the system namespaces cannot be deleted', async () => {
    const res = await http.delete('/api/v1/namespaces/kube-system').expect(403);
    assert.equal(res.body.message, 'namespaces "kube-system" is forbidden: this namespace may not be deleted');
  });

  it('priority admission resolves priorityClassName into spec.priority and refuses unknown classes', async () => {
    const pod = (name: string, extra: Record<string, unknown> = {}) => ({
      metadata: { name },
      spec: { containers: [{ name: 'c', image: 'nginx' }], ...extra },
    });
    const plain = await http.post('/api/v1/namespaces/default/pods').send(pod('prio-none')).expect(201);
    assert.equal(plain.body.spec.priority, 0);
    assert.equal(plain.body.spec.preemptionPolicy, 'PreemptLowerPriority');
    const crit = await http
      .post('/api/v1/namespaces/default/pods')
      .send(pod('prio-crit', { priorityClassName: 'system-cluster-critical' }))
      .expect(201);
    assert.equal(crit.body.spec.priority, 2000000000);
    await http
      .post('/apis/scheduling.k8s.io/v1/priorityclasses')
      .send({ metadata: { name: 'high' }, value: 1000, preemptionPolicy: 'Never' })
      .expect(201);
    const high = await http
      .post('/api/v1/namespaces/default/pods')
      .send(pod('prio-high', { priorityClassName: 'high' }))
      .expect(201);
    assert.equal(high.body.spec.priority, 1000);
    assert.equal(high.body.spec.preemptionPolicy, 'Never');
    const missing = await http
      .post('/api/v1/namespaces/default/pods')
      .send(pod('prio-missing', { priorityClassName: 'nope' }))
      .expect(403);
    assert.equal(missing.body.message, 'pods "prio-missing" is forbidden: no PriorityClass with name nope was found');
  });

  it('pods/eviction honours PodDisruptionBudgets: 429 when no disruption is allowed, consumes one otherwise', async () => {
    const running = async (name: string) => {
      await http
        .post('/api/v1/namespaces/default/pods')
        .send({ metadata: { name, labels: { app: 'guarded' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } })
        .expect(201);
      await http
        .patch(`/api/v1/namespaces/default/pods/${name}/status`)
        .set('Content-Type', 'application/merge-patch+json')
        .send({ status: { phase: 'Running' } })
        .expect(200);
    };
    await running('g1');
    await running('g2');
    const pdb = await http
      .post('/apis/policy/v1/namespaces/default/poddisruptionbudgets')
      .send({ metadata: { name: 'guard' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'guarded' } } } })
      .expect(201);
    const setAllowed = (n: number) =>
      http
        .patch('/apis/policy/v1/namespaces/default/poddisruptionbudgets/guard/status')
        .set('Content-Type', 'application/merge-patch+json')
        .send({
          status: {
            disruptionsAllowed: n,
            currentHealthy: 2,
            desiredHealthy: 1,
            expectedPods: 2,
            observedGeneration: pdb.body.metadata.generation,
          },
        })
        .expect(200);
    await setAllowed(0);
    const evict = (name: string) =>
      http.post(`/api/v1/namespaces/default/pods/${name}/eviction`).send({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name } });
    const refused = await evict('g1').expect(429);
    assert.equal(refused.body.reason, 'TooManyRequests');
    assert.equal(refused.body.message, "Cannot evict pod as it would violate the pod's disruption budget.");
    assert.equal(refused.body.details.causes[0].reason, 'DisruptionBudget');
    await http.get('/api/v1/namespaces/default/pods/g1').expect(200);
    await setAllowed(1);
    await evict('g1').expect(201);
    await http.get('/api/v1/namespaces/default/pods/g1').expect(404);
    const after = await http.get('/apis/policy/v1/namespaces/default/poddisruptionbudgets/guard').expect(200);
    assert.equal(after.body.status.disruptionsAllowed, 0);
    assert.ok(after.body.status.disruptedPods.g1);
    await evict('g2').expect(429);
  });

  it('a patch that makes the object invalid is 422 with field causes and stores nothing', async () => {
    await http
      .post('/apis/apps/v1/namespaces/default/deployments')
      .send({
        metadata: { name: 'patched-bad' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'pb' } },
          template: { metadata: { labels: { app: 'pb' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
        },
      })
      .expect(201);
    for (const [type, body] of [
      ['application/merge-patch+json', { spec: { replicas: -1 } }],
      ['application/json-patch+json', [{ op: 'replace', path: '/spec/replicas', value: -1 }]],
      ['application/strategic-merge-patch+json', { spec: { replicas: -1 } }],
    ] as const) {
      const res = await http
        .patch('/apis/apps/v1/namespaces/default/deployments/patched-bad')
        .set('Content-Type', type)
        .send(body as object)
        .expect(422);
      assert.equal(res.body.reason, 'Invalid');
      assert.equal(res.body.details.causes[0].field, 'spec.replicas');
    }
    const cur = await http.get('/apis/apps/v1/namespaces/default/deployments/patched-bad').expect(200);
    assert.equal(cur.body.spec.replicas, 1);
    const dry = await http
      .patch('/apis/apps/v1/namespaces/default/deployments/patched-bad?dryRun=All')
      .set('Content-Type', 'application/merge-patch+json')
      .send({ spec: { replicas: 5 } })
      .expect(200);
    assert.equal(dry.body.spec.replicas, 5);
    assert.equal((await http.get('/apis/apps/v1/namespaces/default/deployments/patched-bad').expect(200)).body.spec.replicas, 1);
  });

  it('unknown fields: Strict is 400, Warn (default) and Ignore drop them before storing, Warn says so', async () => {
    const base = '/api/v1/namespaces/default/configmaps';
    const body = (name: string) => ({ metadata: { name, bogusMeta: 1 }, data: { a: 'b' }, bogus: { deep: true } });
    const strict = await http.post(`${base}?fieldValidation=Strict`).send(body('fv-strict')).expect(400);
    assert.equal(
      strict.body.message,
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata.bogusMeta", unknown field "bogus"',
    );
    const warn = await http.post(base).send(body('fv-warn')).expect(201);
    assert.match(String(warn.headers['warning']), /unknown field \\"bogus\\"/);
    assert.equal(warn.body.bogus, undefined);
    const ignored = await http.post(`${base}?fieldValidation=Ignore`).send(body('fv-ignore')).expect(201);
    assert.equal(ignored.headers['warning'], undefined);
    for (const n of ['fv-warn', 'fv-ignore']) {
      const got = await http.get(`${base}/${n}`).expect(200);
      assert.equal(got.body.bogus, undefined);
      assert.equal(got.body.metadata.bogusMeta, undefined);
      assert.deepEqual(got.body.data, { a: 'b' });
    }
  });

  it('dryRun=All stores nothing', async () => {
    await http.post('/api/v1/namespaces/default/configmaps?dryRun=All').send(cm('dry')).expect(201);
    await http.get('/api/v1/namespaces/default/configmaps/dry').expect(404);
  });
});
