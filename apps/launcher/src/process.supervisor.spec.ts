import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ProcessSupervisor } from './process.supervisor.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kop-supervisor-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function waitFor(cond: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const t = setInterval(() => {
      if (cond()) {
        clearInterval(t);
        resolve();
      } else if (Date.now() - start > timeoutMs) {
        clearInterval(t);
        reject(new Error('timed out'));
      }
    }, 20);
  });
}

describe('ProcessSupervisor', () => {
  it('restarts a process that dies, says why, and gives up after 5 restarts within a minute', async () => {
    const events: string[] = [];
    const s = new ProcessSupervisor({
      onRestart: (name, why) => events.push(`restart ${name}: ${why}`),
      onGiveUp: (name, why) => events.push(`give up ${name}: ${why}`),
    });
    s.start('crasher', { command: process.execPath, args: ['-e', 'process.exit(3)'] });
    await waitFor(() => events.some((e) => e.startsWith('give up')), 30_000);
    assert.deepEqual(events, [
      ...Array.from({ length: 5 }, () => 'restart crasher: exited with code 3'),
      'give up crasher: exited with code 3',
    ]);
    await s.stopAll();
  });

  it('reports a binary that cannot be executed (EACCES) instead of crashing on the error event', async () => {
    const notExecutable = path.join(dir, 'postgres');
    writeFileSync(notExecutable, '#!/bin/sh\n', { mode: 0o644 });
    const events: string[] = [];
    const s = new ProcessSupervisor({
      onRestart: (name, why) => events.push(`restart ${name}: ${why}`),
      onGiveUp: (name, why) => events.push(`give up ${name}: ${why}`),
    });
    // Root may execute anything with an x bit; a file with none fails for everyone.
    s.start('postgres', { command: notExecutable, args: [] });
    await waitFor(() => events.length > 0, 10_000);
    assert.match(events[0] ?? '', /^restart postgres: could not be started: spawn .*EACCES/);
    await s.stopAll();
  });

  it("stops with the process's own stop signal, in the order asked", async () => {
    const s = new ProcessSupervisor({ onGiveUp: () => assert.fail('nothing should die') });
    const lines: string[] = [];
    const script =
      "process.on('SIGINT', () => { console.log('got SIGINT'); process.exit(0); }); console.log('up'); setInterval(() => undefined, 1000);";
    s.start('db', { command: process.execPath, args: ['-e', script], stopSignal: 'SIGINT', onOutput: (l) => lines.push(l) });
    await waitFor(() => lines.includes('up'), 10_000);
    await s.stop(['db']);
    assert.deepEqual(lines, ['up', 'got SIGINT']);
    assert.notEqual(s.child('db')?.exitCode, null);
  });
});
