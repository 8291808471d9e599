// The repository's nginx configuration (deploy/nginx) in front of two app servers on one
// PostgreSQL database, run by `make test` through scripts/with-postgres.sh. Only the addresses
// and the certificate are changed (loopback ports, a self-signed certificate made here):
// 1. plain HTTP is sent to HTTPS;
// 2. the live feed through the proxy gets a poke at once (the feed is not buffered);
// 3. a device pushes queued moves through the proxy while one server is killed with SIGKILL:
//    nginx sends the interrupted pushes to the other server, and every move is written once.
// Usage: scripts/with-postgres.sh node end2end/scale-out/proxy.mjs SERVER_BINARY
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { login, movable, newDevice, push } from '../bench/sync-client.mjs';
import { after, database, fail as failed, freePort, pokedWithin, pushAll, started, startServer, stop } from './cluster.mjs';

const [binary] = process.argv.slice(2);
if (!binary) throw new Error('usage: node end2end/scale-out/proxy.mjs SERVER_BINARY');
const QUEUED = 600;
const fail = (message) => failed('proxy', message);
const deploy = resolve(import.meta.dirname, '../../deploy/nginx');
const dir = mkdtempSync(join(tmpdir(), 'branchboard-nginx-'));
chmodSync(dir, 0o755); // nginx's workers run as nobody
const [http, https] = [await freePort(), await freePort()];
const origin = `https://127.0.0.1:${https}`;
const env = { BRANCHBOARD_TRUST_FORWARDED_FOR: 'true', BRANCHBOARD_SECURE_COOKIES: 'true', BRANCHBOARD_ALLOWED_ORIGINS: origin };
const db = database('proxy');
const a = await startServer(binary, db, 'A', env);
const b = await startServer(binary, db, 'B', env);

// The site as deployed, with each address replaced (a replacement that finds nothing fails: the
// test must follow the file).
let site = readFileSync(join(deploy, 'branchboard.conf'), 'utf8');
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
  '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
for (const [from, to] of [
  ['/etc/nginx/snippets/branchboard-locations.conf', join(deploy, 'branchboard-locations.conf')],
  ['server 10.0.0.11:3000', `server 127.0.0.1:${a.port}`],
  ['server 10.0.0.12:3000', `server 127.0.0.1:${b.port}`],
  ['listen 80;', `listen 127.0.0.1:${http};`],
  ['listen [::]:80;', ''],
  ['listen 443 ssl http2;', `listen 127.0.0.1:${https} ssl http2;`],
  ['listen [::]:443 ssl http2;', ''],
  ['/etc/ssl/certs/branchboard.example.vn.pem', join(dir, 'cert.pem')],
  ['/etc/ssl/private/branchboard.example.vn.key', join(dir, 'key.pem')],
]) {
  if (!site.includes(from)) fail(`deploy/nginx/branchboard.conf no longer has ${JSON.stringify(from)}`);
  site = site.replace(from, to);
}
writeFileSync(join(dir, 'branchboard.conf'), site);
const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join(' ');
writeFileSync(join(dir, 'nginx.conf'), `worker_processes 1; daemon off; pid ${dir}/nginx.pid;
events { worker_connections 1024; }
http { access_log off; ${temp} include ${dir}/branchboard.conf; }
`);
const nginxArgs = ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')];
try {
  execFileSync('nginx', ['-t', '-q', ...nginxArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
} catch (e) {
  fail(`nginx -t: ${e.stderr}`);
}
const nginx = spawn('nginx', nginxArgs, { stdio: 'inherit' });
started(nginx, 'SIGTERM');
// The certificate is the one made above.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${origin}/healthz`)).ok) break;
  } catch {}
  if (i === 100) fail('nginx did not answer');
  await new Promise((r) => setTimeout(r, 50));
}

// 1. Plain HTTP goes to HTTPS.
const plain = await fetch(`http://127.0.0.1:${http}/xa`, { redirect: 'manual' });
if (plain.status !== 301 || !plain.headers.get('location')?.startsWith('https://127.0.0.1')) {
  fail(`http:// answered ${plain.status} ${plain.headers.get('location')}`);
}

// 2. The feed through the proxy: a poke arrives at once, not when a buffer fills.
const district = await login(origin, 'bantochuc');
const sarai = await login(origin, 'sarai');
// (A buffering proxy holds even the headers of the feed: they must come within 3 s.)
const opening = new AbortController();
const held = setTimeout(() => opening.abort(), 3000);
const feed = await fetch(`${origin}/api/events`, { headers: { cookie: district }, signal: opening.signal }).catch((e) =>
  fail(`the feed through nginx did not open within 3 s: ${e}`),
);
clearTimeout(held);
if (feed.status !== 200) fail(`the feed answered ${feed.status}`);
const reader = feed.body.getReader();
const { next } = await movable(origin, sarai);
const device = newDevice();
const sent = Date.now();
const [first] = await push(origin, sarai, device, [next(1)]);
if (first.status !== 'applied') fail(`the first move: ${JSON.stringify(first)}`);
const { poked, text } = await pokedWithin(reader, first.seq, 3000);
if (!poked) fail(`no poke for change ${first.seq} through nginx within 3 s (got ${JSON.stringify(text)})`);
console.log(`proxy: a move pushed through nginx poked a feed through nginx after ${Date.now() - sent} ms`);
await reader.cancel();

// 3. SIGKILL of A while the device pushes through the proxy.
const mutations = Array.from({ length: QUEUED }, (_, i) => next(i + 2));
const changesBefore = Number(db.sql('SELECT COUNT(*) FROM changes'));
const acknowledged = new Set();
let killedAt = null;
const killer = after(acknowledged, QUEUED / 4).then((n) => {
  killedAt = n;
  a.child.kill('SIGKILL');
});
// nginx sends a push whose server died to the other one: the device never sees the failure.
const retarget = (e) => fail(`a push through nginx failed at the device: ${e}`);
const { duplicates } = await pushAll({ base: origin, retarget, cookie: sarai, device, mutations, batch: 25, acknowledged, test: 'proxy' });
await killer;
const applied = Number(db.sql('SELECT COUNT(*) FROM changes')) - changesBefore;
const distinct = Number(db.sql(`SELECT COUNT(DISTINCT mutation_id) FROM sync_mutations WHERE client_id = '${device}'`));
nginx.kill('SIGQUIT');
await new Promise((r) => nginx.once('exit', r));
await stop(b);
db.drop();
rmSync(dir, { recursive: true, force: true });
if (applied !== QUEUED || distinct !== QUEUED + 1) {
  fail(`${applied} changes written for ${QUEUED} moves, ${distinct} mutations recorded for ${QUEUED + 1}`);
}
console.log(
  `proxy: ${QUEUED} moves pushed through nginx, server A killed (SIGKILL) after ${killedAt}: no push failed at the device, ` +
    `${duplicates} answered as duplicates, ${applied} changes written once each`,
);
