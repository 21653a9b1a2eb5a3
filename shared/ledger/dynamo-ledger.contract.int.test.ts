import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { awsTestConfig } from '../../test/harness/aws.js';
import { describeLedgerContract } from '../../test/contracts/ledger.contract.js';
import { DynamoLedger } from './dynamo-ledger.js';
import { createLedgerTable, leafKey } from './dynamo-schema.js';

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
      rewriteLeaf: async (index, sha256) => {
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: leafKey(index),
            UpdateExpression: 'SET sha256 = :s',
            ExpressionAttributeValues: { ':s': sha256 },
          }),
        );
      },
      deleteLeaf: async (index) => {
        await doc.send(new DeleteCommand({ TableName: tableName, Key: leafKey(index) }));
      },
    },
  };
});
