/**
 * Asks the OS for a free TCP port by binding port 0, then releases it. Another process
 * could take the port before the caller binds it; callers that spawn a server detect that
 * (the child exits) and try again with a new port.
 */
import { createServer } from 'node:net';

/** Resolves a TCP port that was free a moment ago on all interfaces. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    // Bind all interfaces: DynamoDB Local listens on every interface, not only loopback.
    probe.listen(0, () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        reject(new Error('could not read the port the OS assigned'));
        return;
      }
      probe.close(() => resolve(address.port));
    });
  });
}
