// Two app servers on one PostgreSQL database (run by `make test` through scripts/with-postgres.sh):
// 1. a commit on server A pokes a live feed opened on server B;
// 2. a device pushes queued moves to A, A is killed with SIGKILL in the middle of its pushes, and
//    the device sends whatever was not acknowledged to B (as its outbox does on the next try): in
//    the end no acknowledged change is lost and none is applied twice.
// Usage: scripts/with-postgres.sh node end2end/scale-out/failover.mjs SERVER_BINARY
import { login, movable, newDevice, push } from '../bench/sync-client.mjs';
import { after, database, fail as failed, pokedWithin, pushAll, startServer, stop } from './cluster.mjs';

const [binary] = process.argv.slice(2);
if (!binary) throw new Error('usage: node end2end/scale-out/failover.mjs SERVER_BINARY');
const QUEUED = 600;
const fail = (message) => failed('failover', message);
const db = database('failover');

const a = await startServer(binary, db, 'A');
const b = await startServer(binary, db, 'B'); // the demo data is already there: B loads nothing
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
const { poked, text } = await pokedWithin(reader, first.seq, 5000);
if (!poked) fail(`no poke for change ${first.seq} on B within 5 s (got ${JSON.stringify(text)})`);
console.log(`failover: a commit on A (change ${first.seq}) poked a feed on B after ${Date.now() - sent} ms`);
await reader.cancel();

// 2. SIGKILL of A under push load; the device goes on with B.
const mutations = Array.from({ length: QUEUED }, (_, i) => next(i + 2));
const changesBefore = Number(db.sql('SELECT COUNT(*) FROM changes'));
const acknowledged = new Set();
let killedAt = null;
const killer = after(acknowledged, QUEUED / 4).then((n) => {
  killedAt = n;
  a.child.kill('SIGKILL');
});
let target = a;
const retarget = (e) => {
  if (target === b) fail(`B failed too: ${e}`);
  target = b; // A died with the batch: the next try goes to B
  return b.base;
};
const { retries, duplicates } = await pushAll({ base: a.base, retarget, cookie: sarai, device, mutations, batch: 25, acknowledged, test: 'failover' });
await killer;
const applied = Number(db.sql('SELECT COUNT(*) FROM changes')) - changesBefore;
const outcomes = Number(db.sql(`SELECT COUNT(*) FROM sync_mutations WHERE client_id = '${device}'`));
const distinct = Number(db.sql(`SELECT COUNT(DISTINCT mutation_id) FROM sync_mutations WHERE client_id = '${device}'`));
await stop(b);
db.drop();
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
