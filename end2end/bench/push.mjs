// Benchmark: a device reconnects with 1,000 queued moves; time until the server has
// acknowledged all of them, pushed the way the browser's engine does (in order, batches of
// PUSH_BATCH = 500, each request waiting for the previous reply). Release server, SQLite.
// Usage: node end2end/bench/push.mjs BASE_URL USERNAME
import { randomUUID } from 'node:crypto';

const [base, username] = process.argv.slice(2);
const BATCH = 500;
const QUEUED = 1000;
const ROUNDS = 5;

const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username, password: 'tanhong' }),
});
if (!login.ok) throw new Error(`login: ${login.status}`);
const cookie = login.headers.get('set-cookie').split(';')[0];

async function snapshot() {
  const reply = await fetch(`${base}/api/sync/pull?since=0`, { headers: { cookie } });
  if (!reply.ok) throw new Error(`pull: ${reply.status}`);
  const entities = { branch: [], campaign: [], member: [], plan: [] };
  for (const c of (await reply.json()).changes) entities[c.entity]?.push(c.data);
  return entities;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const times = [];
for (let round = 0; round < ROUNDS; round++) {
  const s = await snapshot();
  const campaign = s.campaign.find((c) => c.code === '314-CV/TU');
  const plans = new Map(s.plan.filter((p) => p.campaign_id === campaign.id).map((p) => [p.member_id, p]));
  const members = s.member.filter((m) => m.job_category === 'commune_police' && !plans.get(m.id)?.confirmed);
  const commune = members[0].commune_id;
  const branches = s.branch.filter((b) => b.commune_id === commune && b.kind === 'residential' && !b.dissolved);
  const version = new Map(members.map((m) => [m.id, plans.get(m.id)?.version ?? 0]));
  const mutations = [];
  for (let i = 0; i < QUEUED; i++) {
    const m = members[i % members.length];
    const target = branches[(Math.floor(i / members.length) + round + i) % branches.length];
    mutations.push({
      id: randomUUID(), client_seq: i + 1, name: 'plan.move_member',
      args: { campaign_id: campaign.id, member_id: m.id, target_branch_id: target.id },
      base_version: version.get(m.id), created_at: Date.now(),
    });
    version.set(m.id, version.get(m.id) + 1);
  }
  const client_id = randomUUID();
  const start = performance.now();
  let applied = 0;
  for (let at = 0; at < QUEUED; at += BATCH) {
    const reply = await fetch(`${base}/api/sync/push`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ client_id, mutations: mutations.slice(at, at + BATCH) }),
    });
    if (!reply.ok) throw new Error(`push: ${reply.status} ${await reply.text()}`);
    applied += (await reply.json()).results.filter((r) => r.status === 'applied').length;
  }
  const ms = performance.now() - start;
  if (applied !== QUEUED) throw new Error(`only ${applied} of ${QUEUED} applied`);
  times.push(ms);
  console.log(`round ${round + 1}: ${QUEUED} mutations (${members.length} members) acknowledged in ${ms.toFixed(0)} ms`);
}
console.log(`1,000 queued mutations pushed after reconnecting: median ${median(times).toFixed(0)} ms over ${ROUNDS} rounds (budget 1,000 ms)`);
