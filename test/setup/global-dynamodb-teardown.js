/** Jest global teardown: stops the DynamoDB Local that global-dynamodb.js started. */
export default async function teardown() {
  await globalThis.__dynamodbLocal?.stop();
}
