// Puts 400 more commune police members into Sa Rài through member.create mutations (the way a
// device adds them), for the 406-card board benchmarks; prints the commune's and the 2021
// campaign's ids. Works on either engine: it only talks to the server.
// Usage: node end2end/bench/cards.mjs BASE_URL
import { randomUUID } from 'node:crypto';
import { login, newDevice, push } from './sync-client.mjs';

const [base] = process.argv.slice(2);
const cookie = await login(base, 'sarai');
const reply = await fetch(`${base}/api/sync/pull?since=0`, { headers: { cookie } });
if (!reply.ok) throw new Error(`pull: ${reply.status}`);
const s = { unit: [], branch: [], campaign: [] };
for (const c of (await reply.json()).changes) s[c.entity]?.push(c.data);
const commune = s.unit.find((u) => u.parent === null && u.name === 'Thị trấn Sa Rài').id;
const homes = s.branch.filter((b) => b.commune_id === commune && b.kind === 'residential' && !b.dissolved);
const campaign = s.campaign.find((c) => c.code === '314-CV/TU').id;
const given = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Lan', 'Mai', 'Nam', 'Phúc', 'Quang', 'Sơn', 'Tâm', 'Thảo', 'Vinh'];
const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Võ', 'Huỳnh', 'Đặng', 'Bùi'];
const mutations = Array.from({ length: 400 }, (_, i) => {
  const home = homes[i % homes.length];
  const member = {
    full_name: `${family[i % 8]} Văn ${given[i % 15]}`, gender: 'male', birth_date: '1988-05-01',
    party_card_no: `90.${String(i).padStart(6, '0')}`, record_no: `B-${String(i).padStart(5, '0')}`, joined_on: '2012-03-02',
    status: 'full', commune_id: commune, residence_id: home.hamlet_id, job_category: 'commune_police', field: 'security',
    is_committee_member: false, is_key_leader: false,
  };
  return { id: randomUUID(), client_seq: i + 1, name: 'member.create', args: { member_id: randomUUID(), member, branch_id: home.id },
    base_version: null, created_at: 0 };
});
const results = await push(base, cookie, newDevice(), mutations);
const applied = results.filter((r) => r.status === 'applied').length;
if (applied !== 400) throw new Error(`only ${applied} of 400 members created: ${JSON.stringify(results.find((r) => r.status !== 'applied'))}`);
console.log(`${commune} ${campaign}`);
