import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { decodeEntry, encodeEntry, itemToPagedFrom } from '../dynamo-log-items.js';
import { HEAD_KEY, LAYOUT_KEY, leafKey, PAGE_SIZE, pageKey } from '../dynamo-schema.js';
import { CompactRange, leafHash } from '../merkle.js';
import type { LedgerEntry } from '../types.js';

/**
 * Tests' attacker: plain writes with the table permissions a collector role once had, rewriting a DynamoDB
 * ledger's entries wherever they are stored (pages, or LEAF# items before pages began).
 */
export class LedgerTamper {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Changes fields of the entry at `index`. */
  async rewrite(index: number, fields: Partial<LedgerEntry>): Promise<void> {
    if (!(await this.paged(index))) {
      const names = Object.keys(fields);
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: leafKey(index),
          UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
          ExpressionAttributeValues: Object.fromEntries(
            names.map((n, i) => [`:v${i}`, fields[n as keyof LedgerEntry]]),
          ),
        }),
      );
      return;
    }
    await this.editPage(index, (e) => ({ ...e, ...fields }));
  }

  /** Removes the entry at `index`. */
  async remove(index: number): Promise<void> {
    if (!(await this.paged(index))) {
      await this.doc.send(new DeleteCommand({ TableName: this.table, Key: leafKey(index) }));
      return;
    }
    await this.editPage(index, () => undefined);
  }

  /** Replaces the head with one of these leaves (artifact hashes, in order): its root and compact range agree. */
  async setHead(sha256s: readonly string[]): Promise<string> {
    const range = CompactRange.empty();
    for (const s of sha256s) range.append(leafHash(Buffer.from(s, 'hex')));
    const rootHash = range.root().toString('hex');
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...HEAD_KEY,
          treeSize: range.size,
          rootHash,
          edge: range.hashes().map((h) => h.toString('hex')),
        },
      }),
    );
    return rootHash;
  }

  private async paged(index: number): Promise<boolean> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: LAYOUT_KEY }));
    const from = itemToPagedFrom(out.Item);
    return from !== undefined && index >= from;
  }

  /** Rewrites the page holding `index`: `edit` maps each entry to its replacement (undefined drops it). */
  private async editPage(
    index: number,
    edit: (entry: LedgerEntry) => LedgerEntry | undefined,
  ): Promise<void> {
    const key = pageKey(Math.floor(index / PAGE_SIZE));
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: key }));
    const strings = (out.Item?.entries ?? []) as unknown[];
    const edited = strings.flatMap((s) => {
      const entry = decodeEntry(s);
      if (!entry || entry.index !== index) return [s]; // other entries, readable or not, stay as stored
      const next = edit(entry);
      return next ? [encodeEntry(next)] : [];
    });
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...key, entries: edited } }));
  }
}
