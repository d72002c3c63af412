import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import protobuf from 'protobufjs/light.js';
import { parse } from 'yaml';
import { gnosticOpenApiV2Namespace } from '../../../libs/api/src/openapi/gnostic-openapiv2.descriptor.js';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';

/**
 * /openapi/v2 as protobuf (issue #10, item 24): kubectl downloads it to validate `kind: List`
 * manifests and multi-object files client-side; a 406 made `kubectl create -f list.yaml` fail.
 */
let t: TestServer;
let dir: string;
before(async () => {
  t = await startTestServer();
  dir = mkdtempSync(path.join(os.tmpdir(), 'kop-openapi-pb-'));
});
after(async () => {
  await t.stop();
  rmSync(dir, { recursive: true, force: true });
});

const PB = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
const PB_DOTTED = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

interface NamedAny {
  name: string;
  value: { yaml: string };
}
interface NamedSchema {
  name: string;
  value: { vendorExtension?: NamedAny[]; properties?: { additionalProperties: NamedSchema[] } };
}

describe('/openapi/v2 as protobuf', () => {
  it('answers both protobuf media types with the gnostic Document, an ETag and 304 on a match', async () => {
    for (const accept of [PB, PB_DOTTED]) {
      const r = await fetch(`${t.url}/openapi/v2`, { headers: { accept } });
      assert.equal(r.status, 200, accept);
      // kube-openapi names it with dots: Go's mime parser rejects `@` when client-go replays its HTTP cache.
      assert.equal(r.headers.get('content-type'), PB_DOTTED);
      assert.equal(r.headers.get('cache-control'), 'no-cache, private');
      const etag = r.headers.get('etag') ?? '';
      assert.match(etag, /^"[0-9A-F]{128}"$/);
      const bytes = new Uint8Array(await r.arrayBuffer());
      const Document = protobuf.Root.fromJSON(gnosticOpenApiV2Namespace()).lookupType('openapi.v2.Document');
      const doc = Document.toObject(Document.decode(bytes)) as { swagger: string; definitions: { additionalProperties: NamedSchema[] } };
      assert.equal(doc.swagger, '2.0');
      const cm = doc.definitions.additionalProperties.find((d) => d.name === 'io.k8s.api.core.v1.ConfigMap');
      assert.ok(cm, 'ConfigMap definition');
      const gvk = cm.value.vendorExtension?.find((e) => e.name === 'x-kubernetes-group-version-kind');
      assert.deepEqual(parse(gvk?.value.yaml ?? ''), [{ group: '', kind: 'ConfigMap', version: 'v1' }]);
      assert.ok(cm.value.properties?.additionalProperties.some((p) => p.name === 'data'));

      const again = await fetch(`${t.url}/openapi/v2`, { headers: { accept, 'if-none-match': etag } });
      assert.equal(again.status, 304);
      assert.equal(again.headers.get('etag'), etag);
    }
    const json = await fetch(`${t.url}/openapi/v2`, { headers: { accept: 'application/json' } });
    assert.match(json.headers.get('content-type') ?? '', /^application\/json/);
    assert.notEqual(json.headers.get('etag'), (await fetch(`${t.url}/openapi/v2`, { headers: { accept: PB } })).headers.get('etag'));
    assert.equal(((await json.json()) as { swagger: string }).swagger, '2.0');
  });

  it('prefers by q and answers 406 with a Status for media types it cannot serve', async () => {
    const r = await fetch(`${t.url}/openapi/v2`, { headers: { accept: `application/json;q=0.5, ${PB}` } });
    assert.equal(r.headers.get('content-type'), PB_DOTTED);
    const bad = await fetch(`${t.url}/openapi/v2`, { headers: { accept: 'application/xml' } });
    assert.equal(bad.status, 406);
    const status = (await bad.json()) as { kind: string; reason: string; code: number };
    assert.deepEqual([status.kind, status.reason, status.code], ['Status', 'NotAcceptable', 406]);
  });

  it('lets kubectl create a kind: List with default validation', async () => {
    const list = file(
      'list.yaml',
      `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: listed-a}
  data: {x: "1"}
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: listed-b}
`,
    );
    const r = await t.kubectl(['create', '-f', list]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /configmap\/listed-a created/);
    assert.match(r.stdout, /configmap\/listed-b created/);
    const got = await t.kubectl(['get', 'configmap', 'listed-a', '-o', 'jsonpath={.data.x}']);
    assert.equal(got.stdout, '1');
  });

  it('validates List items client-side against the protobuf schemas, as kubectl does with a real server', async () => {
    const bad = file(
      'bad-list.yaml',
      `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: listed-bad}
  bogus: true
`,
    );
    const r = await t.kubectl(['create', '-f', bad]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /ValidationError\(ConfigMap\): unknown field "bogus" in io\.k8s\.api\.core\.v1\.ConfigMap/);
    assert.equal((await t.kubectl(['get', 'configmap', 'listed-bad'])).code, 1, 'nothing was created');
  });

  it('lets kubectl apply a file of several objects, twice (the second time from its HTTP cache)', async () => {
    const multi = file(
      'multi.yaml',
      `apiVersion: v1
kind: ConfigMap
metadata: {name: multi-cm}
data: {a: "1"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: multi-web}
spec:
  selector: {matchLabels: {app: multi-web}}
  template:
    metadata: {labels: {app: multi-web}}
    spec: {containers: [{name: web, image: nginx}]}
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: multi-listed}
`,
    );
    const first = await t.kubectl(['apply', '-f', multi]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /configmap\/multi-cm created\ndeployment\.apps\/multi-web created\nconfigmap\/multi-listed created/);
    const second = await t.kubectl(['apply', '-f', multi]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /configmap\/multi-cm unchanged\ndeployment\.apps\/multi-web unchanged\nconfigmap\/multi-listed unchanged/);
  });
});
