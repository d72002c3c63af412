import { ServerConfig } from '/work/main/dist/apps/apiserver/src/config/server.config.js';
import { createApiServer } from '/work/main/dist/apps/apiserver/src/server.js';
import { createTestDatabase } from '/work/main/dist/libs/testing/src/test-database.js';
import { rate, request } from '/work/main/dist/bench/bench.util.js';
const db = await createTestDatabase();
const s = await createApiServer(ServerConfig.fromEnv({DATABASE_URL: db.url},{port: 0}), {logger:false});
const f = s.app.getHttpAdapter().getInstance();
const url = s.url;
await request(url + '/api/v1/namespaces', 'POST', JSON.stringify({ metadata: { name: 'p' } }));
const body = (i) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' + i }, data: { key: 'value' } });
// time the storage call alone
const store = s.stack.cache;
let t0 = performance.now();
for (let i = 0; i < 1000; i++) await store.create({resource:'configmaps',namespace:'p',name:'d'+i},{apiVersion:'v1',kind:'ConfigMap',metadata:{name:'d'+i,namespace:'p',uid:'u'+i},data:{key:'value'}});
console.log('storage.create sequential', (1000/((performance.now()-t0)/1000)).toFixed(0), '/s');
console.log('http create 1c in-proc', (await rate(1000, 1, async (i) => { await request(url + '/api/v1/namespaces/p/configmaps', 'POST', body(i)); })).toFixed(0));
await s.close(); await db.drop(); process.exit(0);
