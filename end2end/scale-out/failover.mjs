// Two app servers on one PostgreSQL database (run by `make test` through scripts/with-postgres.sh,
// which sets BRANCHBOARD_TEST_POSTGRES and POSTGRES_BIN):
// 1. a commit on server A pokes a live feed opened on server B;
// 2. a device pushes queued moves to A, A is killed with SIGKILL in the middle of its pushes, and
//    the device sends whatever was not acknowledged to B (as a reverse proxy would): in the end
//    no acknowledged change is lost and none is applied twice.
// Usage: node end2end/scale-out/failover.mjs SERVER_BINARY
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { login, movable, newDevice, push } from '../bench/sync-client.mjs';

const [binary] = process.argv.slice(2);
const server = process.env.BRANCHBOARD_TEST_POSTGRES;
if (!binary || !server || !process.env.POSTGRES_BIN) {
  throw new Error('usage: scripts/with-postgres.sh node end2end/scale-out/failover.mjs SERVER_BINARY');
}
const QUEUED = 600;
const BATCH = 25;
const name = `branchboard_failover_${process.pid}`;
const psql = (database, query) =>
  execFileSync(`${process.env.POSTGRES_BIN}/psql`, ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-c', query, `${server}/${database}`])
    .toString()
    .trim();
psql('postgres', `CREATE DATABASE ${name}`);
const sql = (query) => psql(name, query);

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const started = [];
const start = async (label) => {
  const port = await freePort();
  const child = spawn(binary, [], {
    env: { ...process.env, DATABASE_URL: `${server}/${name}`, LEPTOS_SITE_ADDR: `127.0.0.1:${port}`, RUST_LOG: 'warn', DATABASE_CONNECTIONS: '8' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  started.push(child);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { base, child, label };
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server ${label} did not start`);
};
const fail = (message) => {
  console.error(`failover: FAILED — ${message}`);
  for (const c of started) c.kill('SIGKILL');
  process.exit(1);
};

const a = await start('A');
const b = await start('B'); // the demo data is already there: B loads nothing
const district = await login(b.base, 'bantochuc');
const sarai = await login(a.base, 'sarai');

// 1. A commit on A pokes a feed on B.
const feed = await fetch(`${b.base}/api/events`, { headers: { cookie: district } });
if (feed.status !== 200) fail(`the feed on B answered ${feed.status}`);
const reader = feed.body.getReader();
const { next } = await movable(a.base, sarai);
const device = newDevice();
const sent = Date.now();
const [first] = await push(a.base, sarai, device, [next(1)]);
if (first.status !== 'applied') fail(`the first move: ${JSON.stringify(first)}`);
let text = '';
const poked = (async () => {
  while (!text.includes(`id: ${first.seq}\n`)) {
    const { value, done } = await reader.read();
    if (done) return false;
    text += new TextDecoder().decode(value).replaceAll('\r\n', '\n');
  }
  return true;
})();
const timeout = new Promise((r) => setTimeout(() => r(false), 5000));
if (!(await Promise.race([poked, timeout]))) fail(`no poke for change ${first.seq} on B within 5 s (got ${JSON.stringify(text)})`);
console.log(`failover: a commit on A (change ${first.seq}) poked a feed on B after ${Date.now() - sent} ms`);
await reader.cancel();

// 2. SIGKILL of A under push load; the device goes on with B.
const mutations = Array.from({ length: QUEUED }, (_, i) => next(i + 2));
const changesBefore = Number(sql('SELECT COUNT(*) FROM changes'));
const acknowledged = new Set();
let target = a;
let retries = 0;
let duplicates = 0;
let killedAt = null;
const killer = (async () => {
  while (acknowledged.size < QUEUED / 4) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, Math.random() * 40));
  killedAt = acknowledged.size;
  a.child.kill('SIGKILL');
})();
while (acknowledged.size < QUEUED) {
  const unsent = mutations.filter((m) => !acknowledged.has(m.id)).slice(0, BATCH);
  try {
    for (const r of await push(target.base, sarai, device, unsent)) {
      if (r.status !== 'applied' && r.status !== 'duplicate') fail(`refused: ${JSON.stringify(r)}`);
      if (r.status === 'duplicate') duplicates += 1;
      acknowledged.add(r.id);
    }
  } catch (e) {
    if (target === b) fail(`B failed too: ${e}`);
    retries += 1; // A died with the batch: the proxy sends it to B
    target = b;
  }
}
await killer;
const applied = Number(sql('SELECT COUNT(*) FROM changes')) - changesBefore;
const outcomes = Number(sql(`SELECT COUNT(*) FROM sync_mutations WHERE client_id = '${device}'`));
const distinct = Number(sql(`SELECT COUNT(DISTINCT mutation_id) FROM sync_mutations WHERE client_id = '${device}'`));
b.child.kill('SIGTERM');
await new Promise((r) => b.child.once('exit', r));
psql('postgres', `DROP DATABASE ${name}`);
// The first move and the queued ones: each written once.
if (target !== b) fail('A was never killed under load');
if (applied !== QUEUED || outcomes !== QUEUED + 1 || distinct !== QUEUED + 1) {
  fail(`${applied} changes written for ${QUEUED} moves, ${outcomes} outcomes (${distinct} distinct) for ${QUEUED + 1} mutations`);
}
console.log(
  `failover: ${QUEUED} moves, A killed (SIGKILL) after ${killedAt} were acknowledged, ${retries} batch sent again to B ` +
    `(${duplicates} of its moves had committed on A before it died: answered as duplicates): ` +
    `${applied} changes written, ${distinct} mutations recorded once each — nothing lost, nothing applied twice`,
);
