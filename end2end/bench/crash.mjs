// Crash test: a device pushes 3,000 queued moves in batches while the server is killed with
// SIGKILL three times in the middle of its pushes and restarted on the same database file; the
// device sends again whatever was not acknowledged (same device id, same numbers). In the end no
// acknowledged change may be lost and none applied twice.
// Usage: node end2end/bench/crash.mjs SERVER_BINARY PORT DIR
import { spawn, execFileSync } from 'node:child_process';
import { login, movable, newDevice, push } from './sync-client.mjs';

const [binary, port, dir] = process.argv.slice(2);
const base = `http://127.0.0.1:${port}`;
const db = `${dir}/crash.db`;
const QUEUED = 3000;
const BATCH = 100;
const KILLS = 3;

let server;
const start = async () => {
  server = spawn(binary, [], {
    env: { ...process.env, DATABASE_URL: `sqlite:${db}`, LEPTOS_SITE_ADDR: `127.0.0.1:${port}`, RUST_LOG: 'warn' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the server did not start');
};
const sql = (query) => execFileSync('python3', ['-c', 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])', db, query]).toString().trim();

await start();
const cookie = await login(base, 'sarai');
const { next } = await movable(base, cookie);
const mutations = Array.from({ length: QUEUED }, (_, i) => next(i + 1));
const device = newDevice();
const changesBefore = Number(sql('SELECT COUNT(*) FROM changes'));

const acknowledged = new Set();
let kills = 0;
let retries = 0;
// Kills the server at a random moment of a push, three times.
const killer = (async () => {
  while (kills < KILLS) {
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 600));
    if (acknowledged.size >= QUEUED) return;
    server.kill('SIGKILL');
    kills += 1;
    await new Promise((r) => server.once('exit', r));
    await start();
  }
})();
while (acknowledged.size < QUEUED) {
  const unsent = mutations.filter((m) => !acknowledged.has(m.id)).slice(0, BATCH);
  try {
    for (const r of await push(base, cookie, device, unsent)) {
      if (r.status !== 'applied' && r.status !== 'duplicate') throw new Error(`refused: ${JSON.stringify(r)}`);
      acknowledged.add(r.id);
    }
  } catch (e) {
    if (String(e).includes('refused')) throw e;
    retries += 1; // the connection died with the server: send the same batch again
    await new Promise((r) => setTimeout(r, 50));
  }
}
await killer;
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));

const applied = Number(sql('SELECT COUNT(*) FROM changes')) - changesBefore;
const outcomes = Number(sql(`SELECT COUNT(*) FROM sync_mutations WHERE client_id = '${device}'`));
const distinct = Number(sql(`SELECT COUNT(DISTINCT mutation_id) FROM sync_mutations WHERE client_id = '${device}'`));
const check = sql('PRAGMA integrity_check');
const ok = applied === QUEUED && outcomes === QUEUED && distinct === QUEUED && check === 'ok';
console.log(
  `crash test: ${QUEUED} moves, server killed ${kills} times (SIGKILL) mid-push, ${retries} batches sent again: ` +
    `${applied} changes written, ${distinct} mutations recorded once each, integrity ${check} — ${ok ? 'nothing lost, nothing applied twice' : 'FAILED'}`,
);
if (!ok) process.exit(1);
