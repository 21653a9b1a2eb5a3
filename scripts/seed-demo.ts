// Seeds the "Acme Analytics" demo company into a running moto server and prints a JSON summary.
//   tsx scripts/seed-demo.ts --endpoint http://127.0.0.1:PORT [--scale N] [--region us-east-1] [--facts]
// --facts prints every planted fact instead of the summary.
import { parseArgs } from 'node:util';
import { seedDemoCompany, type DemoCompanyFacts } from '../shared/demo/company/index.js';

function summary(f: DemoCompanyFacts, ms: number) {
  return {
    company: f.company,
    seconds: Math.round(ms) / 1000,
    accounts: Object.fromEntries(Object.values(f.accounts).map((a) => [a.role, a.id])),
    organization: f.organization.id,
    users: f.iam.users.map((u) => u.userName),
    usersWithoutMfa: f.iam.usersWithoutMfa,
    staleKeyUsers: f.iam.staleKeyUsers,
    adminUsers: f.iam.adminUsers,
    bucketsByPosture: f.s3.byPosture,
    trails: f.cloudTrail.trails.map((t) => `${t.account}:${t.name}`),
    openSecurityGroups: f.ec2.securityGroups.filter((g) => g.posture !== 'restricted').map((g) => g.groupId),
    dbInstances: f.rds.instances.map((d) => `${d.id} (${d.posture})`),
    clock: f.clock,
    scale: { users: f.scale.users.length, buckets: f.scale.buckets.length },
  };
}

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string' },
    region: { type: 'string', default: 'us-east-1' },
    scale: { type: 'string', default: '0' },
    facts: { type: 'boolean', default: false },
  },
  strict: true,
});
if (!values.endpoint || !/^https?:\/\//.test(values.endpoint)) {
  console.error('usage: tsx scripts/seed-demo.ts --endpoint http://127.0.0.1:PORT [--scale N] [--facts]');
  process.exit(2);
}
const scale = Number(values.scale);
const started = performance.now();
const facts = await seedDemoCompany({ endpoint: values.endpoint, region: values.region }, { scale });
console.log(JSON.stringify(values.facts ? facts : summary(facts, performance.now() - started), null, 2));
