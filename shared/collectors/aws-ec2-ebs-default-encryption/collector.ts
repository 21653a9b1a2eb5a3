import {
  EC2Client,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
} from '@aws-sdk/client-ec2';
import { defineCollector } from '../../kernel/types.js';
import { meta } from './meta.js';
import { schema, type EbsDefaultEncryptionData } from './schema.js';

/** Reads the region's EBS encryption-by-default switch and the default KMS key it uses. */
export const collector = defineCollector<EbsDefaultEncryptionData>({
  meta,
  schema,
  async collect(ctx) {
    const ec2 = ctx.aws(EC2Client);
    const { EbsEncryptionByDefault } = await ec2.send(new GetEbsEncryptionByDefaultCommand({}));
    const key = await ctx.tryResource('ebs-default-kms-key', 'GetEbsDefaultKmsKeyId', () =>
      ec2.send(new GetEbsDefaultKmsKeyIdCommand({})),
    );
    return {
      data: {
        // An answer without the flag is malformed: left undefined so the schema rejects it.
        encryptionByDefault: EbsEncryptionByDefault as boolean,
        defaultKmsKeyId: key ? (key.KmsKeyId as string) : null,
      },
    };
  },
});
