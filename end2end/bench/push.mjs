// Benchmark: a device reconnects with 1,000 queued moves; time until the server has
// acknowledged all of them, pushed the way the browser's engine does (in order, batches of
// PUSH_BATCH = 500, each request waiting for the previous reply). Release server, SQLite.
// Usage: node end2end/bench/push.mjs BASE_URL USERNAME
import { login, median, movable, newDevice, push } from './sync-client.mjs';

const [base, username] = process.argv.slice(2);
const BATCH = 500;
const QUEUED = 1000;
const ROUNDS = 5;

const cookie = await login(base, username);
const times = [];
for (let round = 0; round < ROUNDS; round++) {
  const { members, next } = await movable(base, cookie);
  const mutations = Array.from({ length: QUEUED }, (_, i) => next(i + 1));
  const device = newDevice();
  const start = performance.now();
  let applied = 0;
  for (let at = 0; at < QUEUED; at += BATCH) {
    applied += (await push(base, cookie, device, mutations.slice(at, at + BATCH))).filter((r) => r.status === 'applied').length;
  }
  const ms = performance.now() - start;
  if (applied !== QUEUED) throw new Error(`only ${applied} of ${QUEUED} applied`);
  times.push(ms);
  console.log(`round ${round + 1}: ${QUEUED} mutations (${members.length} members) acknowledged in ${ms.toFixed(0)} ms`);
}
console.log(`1,000 queued mutations pushed after reconnecting: median ${median(times).toFixed(0)} ms over ${ROUNDS} rounds (budget 1,000 ms)`);
