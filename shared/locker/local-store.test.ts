import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEvidenceStoreContract } from '../../test/contracts/evidence-store.contract.js';
import { LocalEvidenceStore } from './local-store.js';

describeEvidenceStoreContract('local locker directory', async () => {
  const root = await mkdtemp(join(tmpdir(), 'flux-locker-'));
  return {
    store: new LocalEvidenceStore(root),
    smallStore: (max) => new LocalEvidenceStore(root, max),
    overwrite: async (key, bytes) => {
      await chmod(join(root, key), 0o644);
      await writeFile(join(root, key), bytes);
    },
  };
});
