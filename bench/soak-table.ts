import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ITEM_KEYS } from '../lambdas/adapters/dynamodb/table-schema';
import { createLocalClients } from '../local/clients';
import type { LocalRuntime } from '../local/runtime';

/** Every eventId stored in the runtime's table (a full scan: fine for a soak's few ten thousand events). */
export async function storedIds(runtime: LocalRuntime): Promise<Set<string>> {
  const { client, documentClient } = createLocalClients(runtime.dynamodbEndpoint);
  const ids = new Set<string>();
  const prefix = ITEM_KEYS.eventPk('');
  try {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await documentClient.send(new ScanCommand({ TableName: runtime.tableName, ExclusiveStartKey, ProjectionExpression: 'pk' }));
      for (const item of page.Items ?? []) if (String(item.pk).startsWith(prefix)) ids.add(String(item.pk).slice(prefix.length));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  } finally {
    client.destroy();
  }
  return ids;
}
