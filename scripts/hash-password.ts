// Prints the scrypt hash of a console password for an operator's `passwordHash` in the config.
//   npm run hash-password                 (asks on the terminal, without echo)
//   echo -n 'secret' | npm run hash-password --silent
//   npm run hash-password -- 'secret'     (the password lands in the shell history: avoid)
import { hashPassword } from '../src/console/password.ts';

async function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  let out = '';
  return new Promise((resolve, reject) => {
    stdin.on('data', (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          process.stderr.write('\n');
          resolve(out);
          return;
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          reject(new Error('cancelled'));
          return;
        }
        if (ch === '\u007f') out = out.slice(0, -1);
        else out += ch;
      }
    });
  });
}

const given = process.argv[2];
const password = given ?? (await readHidden('password: '));
try {
  process.stdout.write(`${await hashPassword(password)}\n`);
} catch (e) {
  process.stderr.write(`hash-password: ${(e as Error).message}\n`);
  process.exit(1);
}
