import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../libs/testing/src/test-server.js';

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
    for (let i = 0; i < 4; i++) await json('/api/v1/namespaces/default/configmaps', { method: 'POST', body: JSON.stringify({ metadata: { name: `c${i}` } }) });
    const page = await json('/api/v1/namespaces/default/configmaps?limit=2');
    const cont = (page.body['metadata'] as { continue: string; resourceVersion: string }).continue;
    const oldRv = (page.body['metadata'] as { resourceVersion: string }).resourceVersion;
    for (let i = 0; i < 3; i++) await json('/api/v1/namespaces/default/configmaps/c0', { method: 'PUT', body: JSON.stringify({ metadata: { name: 'c0' }, data: { i: String(i) } }) });
    const compactor = t.server.stack.compactor;
    await compactor.tick(Date.now());
    await compactor.tick(Date.now() + 2000);
    const watch = await json(`/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${Number(oldRv) - 1}`);
    assert.equal(watch.status, 410);
    assert.equal(watch.body['reason'], 'Expired');
    const stale = await json(`/api/v1/namespaces/default/configmaps?limit=2&continue=${cont}`);
    assert.equal(stale.status, 410);
    assert.equal(stale.body['reason'], 'Expired');
    const relist = await json('/api/v1/namespaces/default/configmaps');
    assert.equal(relist.status, 200);
    assert.equal((relist.body['items'] as unknown[]).length, 4);
  });
});
