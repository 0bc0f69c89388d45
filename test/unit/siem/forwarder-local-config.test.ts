import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadLocalSiemConfig, localSiemRoutes } from '../../../local/siem';

async function dirWith(config: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dmis-siem-config-'));
  await writeFile(join(dir, 'siem.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return dir;
}
const webhook = { name: 'hook', kind: 'webhook', format: 'json', url: 'https://siem.example.org/x', secret: 'sixteen-characters-at-least' };

describe('.local/siem.json', () => {
  it('is optional: no file, no forwarder', async () => {
    expect(await loadLocalSiemConfig(await mkdtemp(join(tmpdir(), 'dmis-siem-none-')))).toBeUndefined();
  });

  it('stops the start naming the bad field', async () => {
    const dir = await dirWith({ destinations: [webhook, { ...webhook, name: 'two', secret: 'short' }] });
    await expect(loadLocalSiemConfig(dir)).rejects.toThrow(`${join(dir, 'siem.json')}: destinations[1].secret: `);
  });

  it('refuses a field it does not know, and a name used twice', async () => {
    await expect(loadLocalSiemConfig(await dirWith({ destinations: [{ ...webhook, colour: 'red' }] }))).rejects.toThrow(/destinations\[0\]/);
    await expect(loadLocalSiemConfig(await dirWith({ destinations: [webhook, webhook] }))).rejects.toThrow('destinations: the name hook is used twice');
  });

  it('says when the file is not JSON', async () => {
    await expect(loadLocalSiemConfig(await dirWith('{ nope'))).rejects.toThrow(/siem\.json: not valid JSON$/);
  });

  it('refuses plain http to anything but this machine when the routes are built', async () => {
    const dir = await dirWith({ destinations: [{ ...webhook, url: 'http://siem.example.org/x' }] });
    const config = await loadLocalSiemConfig(dir);
    await expect(localSiemRoutes(config as never, dir)).rejects.toThrow('SIEM destination hook: url must be https, or http to a loopback address');
  });
});
