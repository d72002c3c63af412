import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';
import { at, fieldGetter } from '../src/registry/fields/field.getter.js';
import { defineResource } from '../src/registry/generic/resource.definition.js';
import type { TablePrinter } from '../src/registry/printers/table.types.js';
import { ResourceRegistry } from '../src/registry/resource.registry.js';

/**
 * A kind added to the running server's registry is served at once, everywhere a user looks
 * (discovery, aggregated discovery, OpenAPI, Table output, field selectors, list and watch), and
 * removing it takes it away again and ends its open watches, without a restart: the door custom
 * resources will use.
 */
let t: TestServer;
let http: ReturnType<typeof request>;
let registry: ResourceRegistry;

before(async () => {
  t = await startTestServer();
  http = request(t.url);
  registry = t.server.app.get(ResourceRegistry);
});
after(async () => {
  await t.stop();
});

const widgetPrinter: TablePrinter = {
  columns: [
    { name: 'Name', type: 'string', format: 'name', description: 'Name of the widget', priority: 0 },
    { name: 'Color', type: 'string', format: '', description: 'data.color', priority: 0 },
  ],
  row: (o) => [o.metadata?.name ?? '', String((o['data'] as Record<string, string> | undefined)?.['color'] ?? '<none>')],
};

const widgets = defineResource(
  {
    group: 'widgets.example.com',
    version: 'v1',
    resource: 'widgets',
    singular: 'widget',
    kind: 'Widget',
    namespaced: true,
    shortNames: ['wd'],
    model: 'V1ConfigMap',
  },
  { printer: widgetPrinter, fields: fieldGetter({ readers: { 'data.color': at('data', 'color') } }, true) },
);

const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
const base = '/apis/widgets.example.com/v1/namespaces/default/widgets';
const widget = (name: string, color: string) => ({
  apiVersion: 'widgets.example.com/v1',
  kind: 'Widget',
  metadata: { name },
  data: { color },
});

async function groupsServed(): Promise<{ legacy: boolean; aggregated: boolean; openapi: boolean }> {
  const apis = await http.get('/apis').expect(200);
  const agg = await http.get('/apis').set('Accept', AGGREGATED).expect(200);
  const v3 = await http.get('/openapi/v3').expect(200);
  return {
    legacy: (apis.body.groups as Array<{ name: string }>).some((g) => g.name === 'widgets.example.com'),
    aggregated: (agg.body.items as Array<{ metadata: { name: string } }>).some((i) => i.metadata.name === 'widgets.example.com'),
    openapi: Object.keys(v3.body.paths as object).includes('apis/widgets.example.com/v1'),
  };
}

describe('resources added and removed at run time', () => {
  it('are served everywhere once added and nowhere once removed', async () => {
    assert.deepEqual(await groupsServed(), { legacy: false, aggregated: false, openapi: false });
    await http.get(base).expect(404);
    const v2Before = (await http.get('/openapi/v2').expect(200)).headers['etag'];

    registry.add(widgets);

    assert.deepEqual(await groupsServed(), { legacy: true, aggregated: true, openapi: true });
    const list = await http.get('/apis/widgets.example.com/v1').expect(200);
    const res = (list.body.resources as Array<{ name: string; shortNames?: string[]; namespaced: boolean }>).find(
      (r) => r.name === 'widgets',
    );
    assert.deepEqual(res?.shortNames, ['wd']);
    assert.equal(res?.namespaced, true);
    assert.notEqual((await http.get('/openapi/v2').expect(200)).headers['etag'], v2Before);

    // A watch opened before the writes sees them.
    const events: Array<{ type: string; object: { metadata: { name: string } } }> = [];
    const ac = new AbortController();
    const watchRes = await fetch(`${t.url}${base}?watch=1&resourceVersion=0`, { signal: ac.signal });
    assert.equal(watchRes.status, 200);
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buf = '';
      for await (const chunk of watchRes.body as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line.trim()) events.push(JSON.parse(line) as (typeof events)[number]);
        }
        if (events.filter((e) => e.type === 'ADDED').length >= 2) return;
      }
    })();

    const created = await http.post(base).send(widget('blue-one', 'blue')).expect(201);
    assert.equal(created.body.kind, 'Widget');
    assert.equal(created.body.apiVersion, 'widgets.example.com/v1');
    await http.post(base).send(widget('red-one', 'red')).expect(201);
    await Promise.race([
      reading,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`watch saw ${JSON.stringify(events)}`)), 30_000)),
    ]);
    ac.abort();
    assert.deepEqual(
      events.filter((e) => e.type === 'ADDED').map((e) => e.object.metadata.name),
      ['blue-one', 'red-one'],
    );

    const all = await http.get(base).expect(200);
    assert.equal(all.body.kind, 'WidgetList');
    assert.deepEqual(
      (all.body.items as Array<{ metadata: { name: string } }>).map((i) => i.metadata.name),
      ['blue-one', 'red-one'],
    );
    const blue = await http.get(`${base}?fieldSelector=data.color%3Dblue`).expect(200);
    assert.deepEqual(
      (blue.body.items as Array<{ metadata: { name: string } }>).map((i) => i.metadata.name),
      ['blue-one'],
    );
    const bad = await http.get(`${base}?fieldSelector=spec.size%3D1`).expect(400);
    assert.equal(bad.body.reason, 'BadRequest');

    // Table output through the definition's printer, as kubectl prints it.
    const got = await t.kubectl(['get', 'widgets', '-n', 'default']);
    assert.equal(got.code, 0, got.stderr);
    assert.match(got.stdout, /^NAME\s+COLOR\n/);
    assert.match(got.stdout, /blue-one\s+blue\n/);
    const short = await t.kubectl(['get', 'wd', 'red-one', '-n', 'default', '-o', 'jsonpath={.data.color}']);
    assert.equal(short.stdout, 'red');

    // A watch still open when the kind goes is ended by the server.
    const open = await fetch(`${t.url}${base}?watch=1`);
    assert.equal(open.status, 200);
    const drained = (async () => {
      for await (const _ of open.body as AsyncIterable<Uint8Array>) {
        // initial events, then nothing until the server ends the stream
      }
      return 'ended';
    })();

    assert.equal(registry.remove('widgets.example.com', 'v1', 'widgets'), widgets);
    assert.equal(await Promise.race([drained, new Promise((resolve) => setTimeout(() => resolve('still open'), 30_000))]), 'ended');

    assert.deepEqual(await groupsServed(), { legacy: false, aggregated: false, openapi: false });
    const gone = await http.get(base).expect(404);
    assert.equal(gone.body.kind, 'Status');
    await http.get('/apis/widgets.example.com/v1').expect(404);
    assert.equal((await http.get('/openapi/v2').expect(200)).headers['etag'], v2Before);
  });
});
