import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { awsTestConfig } from '../../test/harness/aws.js';
import { describeEvidenceStoreContract } from '../../test/contracts/evidence-store.contract.js';
import { ensureEvidenceBucket } from './evidence-bucket.js';
import { S3EvidenceStore } from './s3-store.js';

let n = 0;
describeEvidenceStoreContract('S3 bucket on the emulator', async () => {
  const s3 = new S3Client(awsTestConfig());
  // No Object Lock here, so the tamper cases can overwrite a stored object behind the store's back.
  const bucket = `contract-${++n}`;
  await ensureEvidenceBucket(s3, bucket, { objectLock: false });
  return {
    store: new S3EvidenceStore({ s3, bucket }),
    smallStore: (max) => new S3EvidenceStore({ s3, bucket, maxArtifactBytes: max }),
    overwrite: async (key, bytes) => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
    },
  };
});
