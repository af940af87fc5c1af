/**
 * The operator's tool for the payload keys and the sealed files: `npm run -s secrets -- <command>`.
 * It works on the key file the service uses (CADRE_CODEC_KEY_FILE, else data/codec-keys.json), on the
 * machine that holds it; it never prints a key.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { addKey, defaultKeyFile, loadKeyring, readKeyFile, useKey } from '../security/keyring';
import { isSealedText, openSealedText } from '../security/text-sealer';
import { dataDir } from '../worker/temporal-binaries';

function keyFilePath(): string {
  if (process.env.CADRE_CODEC_KEYS) {
    throw new Error(
      'The keys come from CADRE_CODEC_KEYS: change them where that variable is kept (your secret store).',
    );
  }
  return process.env.CADRE_CODEC_KEY_FILE || defaultKeyFile(dataDir());
}

const program = new Command()
  .name('npm run -s secrets --')
  .description(
    'Payload keys (AES-256-GCM) and the files they seal. Keys come from CADRE_CODEC_KEYS, CADRE_CODEC_KEY_FILE or data/codec-keys.json.',
  )
  .showHelpAfterError('(add --help for usage)');

program
  .command('keys')
  .description('list the key ids (never the keys), the current one first')
  .action(() => {
    const { keyring, source } = loadKeyring(dataDir(), { create: false });
    console.log(`keys from ${source}`);
    for (const id of keyring.ids) console.log(`${id === keyring.currentId ? '* ' : '  '}${id}`);
  });

program
  .command('rotate')
  .description(
    'add a fresh key and make it current (one process); with --stage, add it without sealing with it yet (the first step of a rolling rotation)',
  )
  .option('--stage', 'add the key, keep the current one')
  .action((options: { stage?: boolean }) => {
    const file = keyFilePath();
    const { added, current } = addKey(file, !options.stage);
    console.log(
      `added ${added} to ${file}; current: ${current}. Restart every process that uses these keys.`,
    );
  });

program
  .command('use <id>')
  .description('make a key the file holds the current one (the second step of a rolling rotation)')
  .action((id: string) => {
    const file = keyFilePath();
    useKey(file, id);
    console.log(`current: ${id} (${file}). Restart every process that uses these keys.`);
  });

program
  .command('open <file>')
  .description('print a sealed file (an archived record, the outbox, the personnel registry) as plaintext')
  .action((file: string) => {
    const { keyring } = loadKeyring(dataDir(), { create: false });
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    for (const line of lines) console.log(isSealedText(line) ? openSealedText(keyring, line).text : line);
  });

program
  .command('check')
  .description('validate the key file')
  .action(() => {
    const file = keyFilePath();
    const parsed = readKeyFile(file);
    console.log(`${file}: ${parsed.keys.length} key(s), current ${parsed.current}`);
  });

program.parseAsync().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
