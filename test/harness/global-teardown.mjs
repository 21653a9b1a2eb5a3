export default async function globalTeardown() {
  await Promise.all((globalThis.__motoServers ?? []).map((s) => s.stop()));
}
