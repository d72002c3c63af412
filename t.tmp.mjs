import { spawn } from 'node:child_process';
import { createTestDatabase } from '/work/main/dist/libs/testing/src/test-database.js';
import { rate, request, freePort } from '/work/main/dist/bench/bench.util.js';
const db = await createTestDatabase();
const port = await freePort();
const child = spawn(process.execPath, ['/work/main/dist/apps/apiserver/src/main.js'], { env: { ...process.env, DATABASE_URL: db.url, KOP_PORT: String(port) }, stdio: 'ignore' });
const url = `http://127.0.0.1:${port}`;
for (;;) { try { if ((await fetch(url + '/readyz')).ok) break; } catch {} await new Promise(r => setTimeout(r, 100)); }
await request(url + '/api/v1/namespaces', 'POST', JSON.stringify({ metadata: { name: 'p' } }));
const body = (i) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' + i }, data: { key: 'value' } });
await rate(500, 1, async (i) => { await request(url + '/api/v1/namespaces/p/configmaps', 'POST', body(900000+i)); });
for (let k = 0; k < 3; k++) console.log('create 1c', (await rate(1500, 1, async (i) => { await request(url + '/api/v1/namespaces/p/configmaps', 'POST', body(k*10000+i + 1)); })).toFixed(0));
console.log('create dry 1c', (await rate(1500, 1, async (i) => { await request(url + '/api/v1/namespaces/p/configmaps?dryRun=All', 'POST', body(i + 100000)); })).toFixed(0));
console.log('healthz 1c', (await rate(1500, 1, async () => { await request(url + '/healthz', 'GET'); })).toFixed(0));
child.kill('SIGINT'); await new Promise(r => setTimeout(r, 500)); await db.drop(); process.exit(0);
