// Entry of the Cosmos DB emulator's own process (started by services/cosmos.ts):
//   node cosmosMain.js <folder> <host> <port>
// <folder> holds cert.pem, key.pem and the journal; the bound port is written to <folder>/cosmos.port
// once the emulator answers.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCosmosEmulator } from './cosmosEmulator';

async function main(): Promise<void> {
  const [folder, host = '127.0.0.1', portText = '0'] = process.argv.slice(2);
  if (!folder) throw new Error('usage: cosmosMain <folder> [host] [port]');
  const emulator = await createCosmosEmulator({
    cert: readFileSync(join(folder, 'tls', 'cert.pem')),
    key: readFileSync(join(folder, 'tls', 'key.pem')),
    journalPath: join(folder, 'journal.jsonl'),
  });
  const port = await emulator.listen(Number(portText), host);
  writeFileSync(join(folder, 'cosmos.port'), `${process.pid} ${port}`, { mode: 0o600 });
  console.log(
    `cosmosdb-server on https://${host}:${port} (pid ${process.pid}), ${emulator.replayed} journaled write(s) replayed`,
  );
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
