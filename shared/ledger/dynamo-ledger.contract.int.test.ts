import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsTestConfig } from '../../test/harness/aws.js';
import { describeLedgerContract } from '../../test/contracts/ledger.contract.js';
import { DynamoLedger } from './dynamo-ledger.js';
import { createLedgerTable } from './dynamo-schema.js';
import { LedgerTamper } from './testing/dynamo-tamper.js';

let tables = 0;

// One table per case; the suite is sequential because moto cannot run concurrent transactions.
describeLedgerContract('DynamoDB table on the emulator', async ({ origin, clock }) => {
  const ddb = new DynamoDBClient(awsTestConfig());
  const doc = DynamoDBDocumentClient.from(ddb);
  const tableName = `ledger-contract-${++tables}`;
  await createLedgerTable(ddb, tableName);
  return {
    ledger: new DynamoLedger({ client: doc, tableName, origin, clock }),
    tamper: {
      rewriteLeaf: (index, sha256) => new LedgerTamper(doc, tableName).rewrite(index, { sha256 }),
      deleteLeaf: (index) => new LedgerTamper(doc, tableName).remove(index),
    },
  };
});
