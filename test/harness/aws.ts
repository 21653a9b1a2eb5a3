import { resetMoto } from '../../shared/emulator/moto-server.js';

/** The moto endpoint of this jest worker (started by global-setup.ts). */
export function motoEndpoint(): string {
  const endpoints = (process.env.FLUX_TEST_MOTO_ENDPOINTS ?? '').split(',').filter(Boolean);
  if (endpoints.length === 0) throw new Error('no moto endpoint: run the tests with `npm test`');
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  return endpoints[(worker - 1) % endpoints.length]!;
}

/** SDK v3 client options that send everything to this worker's moto. */
export function awsTestConfig(region = 'us-east-1') {
  return {
    endpoint: motoEndpoint(),
    region,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    forcePathStyle: true,
    maxAttempts: 2,
  };
}

/** Wipes this worker's emulator. */
export function resetEmulator(): Promise<void> {
  return resetMoto(motoEndpoint());
}
