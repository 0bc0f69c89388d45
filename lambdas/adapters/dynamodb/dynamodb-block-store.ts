import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { itemFromAttributes } from './document-client';
import { canonicalJson } from '../../core/canonical';
import type { Block } from '../../core/integrity/block';
import { BlockConflictError, type BlockStore } from '../../core/integrity/ports';
import { AUDIT_TABLE, ITEM_KEYS } from './table-schema';

const PK = AUDIT_TABLE.partitionKey.name;
const SK = AUDIT_TABLE.sortKey.name;

/**
 * The table's copy of the chain: one item per block under partition `BLOCK`, sort key the
 * zero-padded seq, so the newest block is one reverse query away. A block is written with
 * a condition that its seq is new, so no block is ever overwritten.
 */
export class DynamoDbBlockStore implements BlockStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putBlock(block: Block): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...block, [PK]: ITEM_KEYS.blockPk, [SK]: ITEM_KEYS.blockSk(block.seq) },
          ConditionExpression: `attribute_not_exists(${PK})`,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // A retry of the same block (crash after the write) is success; anything else is a conflict.
      const existing = error.Item ? fromBlockItem(itemFromAttributes(error.Item)) : await this.getBlock(block.seq);
      if (!existing || canonicalJson(existing) !== canonicalJson(block)) throw new BlockConflictError(block.seq);
    }
  }

  async getBlock(seq: number): Promise<Block | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [PK]: ITEM_KEYS.blockPk, [SK]: ITEM_KEYS.blockSk(seq) },
        ConsistentRead: true,
      }),
    );
    return Item ? fromBlockItem(Item) : undefined;
  }

  async latestBlock(): Promise<Block | undefined> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: `${PK} = :pk`,
        ExpressionAttributeValues: { ':pk': ITEM_KEYS.blockPk },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = Items?.[0];
    return item ? fromBlockItem(item) : undefined;
  }

  async listBlocks(fromSeq: number, toSeq: number): Promise<Block[]> {
    if (toSeq <= fromSeq) return [];
    const blocks: Block[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: `${PK} = :pk AND ${SK} BETWEEN :from AND :to`,
          ExpressionAttributeValues: {
            ':pk': ITEM_KEYS.blockPk,
            ':from': ITEM_KEYS.blockSk(Math.max(0, fromSeq)),
            ':to': ITEM_KEYS.blockSk(toSeq - 1),
          },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) blocks.push(fromBlockItem(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return blocks;
  }
}

/**
 * The block held in an item: the key attributes removed. Not parsed here: a tampered,
 * malformed block must reach the verifier to be named, not fail the read.
 */
function fromBlockItem(item: Record<string, unknown>): Block {
  const { [PK]: _pk, [SK]: _sk, ...block } = item;
  return block as unknown as Block;
}
