import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredEvent } from '../storage.interface.js';
import { EventRing } from './event.ring.js';

function change(resource: string, rv: number): StoredEvent {
  const name = `${resource}-${rv}`;
  return {
    type: 'ADDED',
    rv,
    key: { resource, namespace: 'default', name },
    object: { metadata: { name, namespace: 'default', resourceVersion: String(rv) } },
  };
}

describe('event ring', () => {
  it("resuming on one resource reads only that resource's changes, however many other resources' changes are held", () => {
    const ring = new EventRing(100_000);
    ring.reset(0);
    let rv = 0;
    const leases: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      ring.push(change('configmaps', ++rv));
      if (i % 5000 === 4999) {
        ring.push(change('leases', ++rv));
        leases.push(rv);
      }
    }
    ring.trim();
    assert.equal(ring.size, 20_004);
    const got = ring.after('leases', leases[0]!);
    assert.deepEqual(
      got.map((e) => e.rv),
      leases.slice(1),
    );
    // Binary searches (the lease index, then the ring per change found): a few dozen steps, not the 20,000 configmap changes.
    assert.ok(ring.lastScan <= 64, `examined ${ring.lastScan} changes`);
    assert.deepEqual(
      ring.after('leases', 0).map((e) => e.rv),
      leases,
    );
    assert.deepEqual(ring.after('pods', 0), []);
  });

  it('holds at most its capacity across resources, dropping the oldest change first; each resource keeps its own floor', () => {
    const ring = new EventRing(4);
    ring.reset(10);
    for (const [resource, rv] of [
      ['leases', 11],
      ['configmaps', 12],
      ['configmaps', 13],
      ['leases', 14],
      ['configmaps', 15],
      ['configmaps', 16],
    ] as const) {
      ring.push(change(resource, rv));
    }
    ring.trim();
    assert.equal(ring.size, 4);
    assert.equal(ring.floor('leases'), 11);
    assert.equal(ring.floor('configmaps'), 12);
    assert.equal(ring.floor('pods'), 10, 'a resource without changes is complete since the load');
    assert.deepEqual(
      ring.after('leases', 11).map((e) => e.rv),
      [14],
    );
    assert.deepEqual(
      ring.after('configmaps', 12).map((e) => e.rv),
      [13, 15, 16],
    );
    // Many more: still bounded, still in order.
    for (let rv = 17; rv < 5017; rv++) ring.push(change(rv % 2 ? 'leases' : 'configmaps', rv));
    ring.trim();
    assert.equal(ring.size, 4);
    assert.deepEqual(
      ring.after('leases', 0).map((e) => e.rv),
      [5013, 5015],
    );
    assert.equal(ring.floor('leases'), 5011);
    ring.reset(6000);
    assert.equal(ring.size, 0);
    assert.equal(ring.floor('leases'), 6000);
  });
});
