// Benchmark: 1,000 subscribers of GET /api/events (the district account) on loopback while a
// commune office commits one move every 100 ms; for every commit and subscriber, the time from
// sending the push to the poke carrying its change number, and to the poke carrying the
// commune's refreshed figures (the district hears both); p50/p95/max, and the server's RSS.
// With two app servers (PostgreSQL), the commits go to the first and the subscribers listen on
// the second: the poke crosses from one to the other by LISTEN/NOTIFY; RSS is the second's.
// Usage: node end2end/bench/events.mjs BASE_URL SERVER_PID [SUBSCRIBERS_URL SUBSCRIBERS_SERVER_PID]
import { readFileSync } from 'node:fs';
import { login, movable, newDevice, percentile, push } from './sync-client.mjs';

const [base, commitPid, listenBase, listenPid] = process.argv.slice(2);
const feeds = listenBase ?? base;
const pid = listenPid ?? commitPid;
const SUBSCRIBERS = 1000;
const COMMITS = 100;
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

const district = await login(base, 'bantochuc');
const office = await login(base, 'sarai');
const { next } = await movable(base, office);
const sentAt = new Map();
const received = [];
const withFigures = [];
let open = 0;

async function subscribe() {
  const reply = await fetch(`${feeds}/api/events`, { headers: { cookie: district } });
  if (!reply.ok) throw new Error(`events: ${reply.status}`);
  open += 1;
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of reply.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      const id = /^id: (\d+)$/m.exec(event);
      buffer = buffer.slice(end + 2);
      if (id) (event.includes('"figures"') ? withFigures : received).push([Number(id[1]), performance.now()]);
    }
  }
}

for (let i = 0; i < SUBSCRIBERS; i++) subscribe().catch((e) => console.error(`subscriber: ${e.message}`));
while (open < SUBSCRIBERS) await new Promise((r) => setTimeout(r, 50));
const idle = rss();
const device = newDevice();
let peak = idle;
for (let i = 1; i <= COMMITS; i++) {
  const started = performance.now();
  const pending = push(base, office, device, [next(i)]);
  // The change number is known once the reply comes, and the poke may come first: the pokes are
  // matched by number with the send times at the end.
  const [result] = await pending;
  if (result.status !== 'applied') throw new Error(`commit ${i}: ${JSON.stringify(result)}`);
  sentAt.set(result.seq, started);
  peak = Math.max(peak, rss());
  await new Promise((r) => setTimeout(r, Math.max(0, 100 - (performance.now() - started))));
}
await new Promise((r) => setTimeout(r, 1000));
const latency = (events) => events.filter(([seq]) => sentAt.has(seq)).map(([seq, at]) => at - sentAt.get(seq));
const [latencies, figures] = [latency(received), latency(withFigures)];
const expected = SUBSCRIBERS * COMMITS;
const where = listenBase ? ' (commits on server A, subscribers on server B)' : '';
console.log(`${SUBSCRIBERS} subscribers, ${COMMITS} commits every 100 ms${where}: ${latencies.length} of ${expected} pokes matched, ${figures.length} with figures`);
console.log(`commit → poke: p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${percentile(latencies, 100).toFixed(1)} ms (budget p95 <= 200 ms)`);
console.log(`commit → the commune's figures: p50 ${percentile(figures, 50).toFixed(1)} ms, p95 ${percentile(figures, 95).toFixed(1)} ms, max ${percentile(figures, 100).toFixed(1)} ms`);
console.log(`server RSS: ${idle.toFixed(0)} MB with ${SUBSCRIBERS} open feeds, peak ${peak.toFixed(0)} MB during the commits (budget 150 MB)`);
process.exit(0);
