import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';

let t: TestServer;
before(async () => {
  // Keep history for one second only, so the test can outlive it.
  t = await startTestServer({ retentionSeconds: 1, compactionIntervalSeconds: 3600 });
});
after(async () => {
  await t.stop();
});

async function json(path: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${t.url}${path}`, { ...init, headers: { 'content-type': 'application/json' } });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

describe('history retention', () => {
  it('watches and continue tokens older than the retained history get 410 Expired; a relist works', async () => {
    for (let i = 0; i < 4; i++)
      await json('/api/v1/namespaces/default/configmaps', { method: 'POST', body: JSON.stringify({ metadata: { name: `c${i}` } }) });
    const page = await json('/api/v1/namespaces/default/configmaps?limit=2');
    const cont = (page.body['metadata'] as { continue: string; resourceVersion: string }).continue;
    const oldRv = (page.body['metadata'] as { resourceVersion: string }).resourceVersion;
    for (let i = 0; i < 3; i++)
      await json('/api/v1/namespaces/default/configmaps/c0', {
        method: 'PUT',
        body: JSON.stringify({ metadata: { name: 'c0' }, data: { i: String(i) } }),
      });
    const compactor = t.server.stack.compactor;
    await compactor.tick(Date.now());
    await compactor.tick(Date.now() + 2000);
    // As upstream's watch cache: the watch is accepted and its one event is an ERROR carrying the 410.
    const watch = await json(`/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${Number(oldRv) - 1}`);
    assert.equal(watch.status, 200);
    assert.equal(watch.body['type'], 'ERROR');
    const status = watch.body['object'] as Record<string, unknown>;
    assert.equal(status['kind'], 'Status');
    assert.equal(status['code'], 410);
    assert.equal(status['reason'], 'Expired');
    assert.match(String(status['message']), /^too old resource version: \d+ \(\d+\)$/);
    const stale = await json(`/api/v1/namespaces/default/configmaps?limit=2&continue=${cont}`);
    assert.equal(stale.status, 410);
    assert.equal(stale.body['reason'], 'Expired');
    assert.match(
      String(stale.body['message']),
      /^The provided continue parameter is too old to display a consistent list result\. You can start a new list without the continue parameter, or use the continue token in this response/,
    );
    // The Status carries a token that resumes after the same key at the latest version.
    const resume = (stale.body['metadata'] as { continue?: string }).continue;
    assert.ok(resume, 'the expired Status carries metadata.continue');
    const rest = await json(`/api/v1/namespaces/default/configmaps?limit=2&continue=${resume}`);
    assert.equal(rest.status, 200);
    assert.deepEqual(
      (rest.body['items'] as Array<{ metadata: { name: string } }>).map((i) => i.metadata.name),
      ['c2', 'c3'],
    );
    const restMeta = rest.body['metadata'] as { resourceVersion: string; continue?: string };
    assert.ok(Number(restMeta.resourceVersion) > Number(oldRv), 'the remainder is read at the latest version');
    assert.equal(restMeta.continue, undefined);
    const relist = await json('/api/v1/namespaces/default/configmaps');
    assert.equal(relist.status, 200);
    assert.equal((relist.body['items'] as unknown[]).length, 4);
  });
});
