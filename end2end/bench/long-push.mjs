// Benchmark: a device pushes a body of about 2 MB (some 7,000 moves, one request) while another
// commune's office pushes one move every 50 ms; how long does the small push wait? The server
// holds its writer lock for chunks of about 50 ms, not for the whole long push.
// Usage: node end2end/bench/long-push.mjs BASE_URL
import { login, median, movable, newDevice, percentile, push } from './sync-client.mjs';

const [base] = process.argv.slice(2);
const LIMIT = 2 * 1024 * 1024 - 4096;

const sarai = await login(base, 'sarai');
const other = await login(base, 'tanhoco');
const big = await movable(base, sarai);
const mutations = [];
let size = 100;
for (let seq = 1; ; seq++) {
  const m = big.next(seq);
  size += JSON.stringify(m).length + 1;
  if (size > LIMIT) break;
  mutations.push(m);
}
const small = await movable(base, other);
const smallDevice = newDevice();

let done = false;
const started = performance.now();
const long = push(base, sarai, newDevice(), mutations).then((results) => {
  done = true;
  if (results.some((r) => r.status !== 'applied')) throw new Error('the long push was not applied whole');
  return performance.now() - started;
});
const waits = [];
let seq = 0;
while (!done) {
  await new Promise((r) => setTimeout(r, 50));
  if (done) break;
  seq += 1;
  const t = performance.now();
  const [result] = await push(base, other, smallDevice, [small.next(seq)]);
  if (result.status !== 'applied') throw new Error(`small push: ${JSON.stringify(result)}`);
  waits.push(performance.now() - t);
}
const longMs = await long;
const f = (x) => x.toFixed(1);
console.log(`long push: ${mutations.length} moves, ${(size / 1048576).toFixed(2)} MiB, applied in ${(longMs / 1000).toFixed(2)} s`);
console.log(
  `one-move push from another commune meanwhile: p50 ${f(median(waits))} ms, p95 ${f(percentile(waits, 95))} ms, ` +
    `max ${f(Math.max(...waits))} ms over ${waits.length} pushes (target p95 <= 150 ms)`,
);
