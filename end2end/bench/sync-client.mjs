// What the sync benchmarks share: signing in, and queuing plan moves with chained versions.
import { randomUUID } from 'node:crypto';

export async function login(base, username) {
  const reply = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'tanhong' }),
  });
  if (!reply.ok) throw new Error(`login ${username}: ${reply.status}`);
  return reply.headers.get('set-cookie').split(';')[0];
}

/** The 2021 campaign's unconfirmed police members of the user's commune and its hamlet branches. */
export async function movable(base, cookie) {
  const reply = await fetch(`${base}/api/sync/pull?since=0`, { headers: { cookie } });
  if (!reply.ok) throw new Error(`pull: ${reply.status}`);
  const s = { branch: [], campaign: [], member: [], plan: [] };
  for (const c of (await reply.json()).changes) s[c.entity]?.push(c.data);
  const campaign = s.campaign.find((c) => c.code === '314-CV/TU');
  const plans = new Map(s.plan.filter((p) => p.campaign_id === campaign.id).map((p) => [p.member_id, p]));
  const members = s.member.filter((m) => m.job_category === 'commune_police' && !plans.get(m.id)?.confirmed);
  const branches = s.branch.filter((b) => b.commune_id === members[0].commune_id && b.kind === 'residential' && !b.dissolved);
  const version = new Map(members.map((m) => [m.id, plans.get(m.id)?.version ?? 0]));
  let n = 0;
  /** The next move (member i, a branch that changes each time), with its base version. */
  const next = (seq) => {
    const m = members[n % members.length];
    const target = branches[(Math.floor(n / members.length) + n) % branches.length];
    n += 1;
    const mutation = {
      id: randomUUID(), client_seq: seq, name: 'plan.move_member',
      args: { campaign_id: campaign.id, member_id: m.id, target_branch_id: target.id },
      base_version: version.get(m.id), created_at: Date.now(),
    };
    version.set(m.id, version.get(m.id) + 1);
    return mutation;
  };
  return { members, next };
}

export async function push(base, cookie, client_id, mutations) {
  const reply = await fetch(`${base}/api/sync/push`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ client_id, mutations }),
  });
  if (!reply.ok) throw new Error(`push: ${reply.status} ${await reply.text()}`);
  return (await reply.json()).results;
}

export const newDevice = () => randomUUID();
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
export const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
