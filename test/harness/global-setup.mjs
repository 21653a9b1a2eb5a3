// Jest's globalSetup is loaded outside the ts-jest module mapper, so the TypeScript launcher is
// imported through tsx. Starts one moto server per jest worker: a worker runs one test file at a
// time, so a file may reset its own server without disturbing a file running in parallel.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup(globalConfig) {
  const { startMoto } = await tsImport('../../shared/emulator/moto-server.ts', import.meta.url);
  const count = Math.max(1, Math.min(globalConfig.maxWorkers, 4));
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      startMoto({ root: process.cwd(), log: (l) => process.stderr.write(`\n[moto] ${l}\n`) }),
    ),
  );
  globalThis.__motoServers = servers;
  process.env.FLUX_TEST_MOTO_ENDPOINTS = servers.map((s) => s.endpoint).join(',');
  // No test may reach real AWS: static fake credentials, no profile, and every client gets an endpoint.
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  process.env.AWS_REGION = 'us-east-1';
  // The lockfile pins the SDK we test; its Node 20 end-of-support notice is noise in test output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  process.stderr.write(`\n[moto] ${servers.length} emulator(s) on ${process.env.FLUX_TEST_MOTO_ENDPOINTS}\n`);
}
