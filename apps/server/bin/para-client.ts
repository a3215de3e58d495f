#!/usr/bin/env node
// para_client: runs one command on a para_server over the command port, output to stdout, log
// bands to stderr, stdin as the data of add{img,lyr,mood,pl}; exit status 0 iff the command
// succeeded. Without a command and with a terminal on stdin: an interactive prompt.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { KeyObject } from 'node:crypto';
import { PARAWEB_VERSION } from '../src/version.js';
import type { ClientConfig } from '../src/transports/tcp/client-options.js';
import {
  CLIENT_LOGLEVELS,
  CLIENT_USAGE,
  defaultKeyFile,
  parseClientArgs,
  splitWords,
} from '../src/transports/tcp/client-options.js';
// the client alone, not the command port's index: that loads the server and its command table
import type { ClientOptions, RunHandlers } from '../src/transports/tcp/client.js';
import { ClientError, runCommand } from '../src/transports/tcp/client.js';
import { parsePrivateKey } from '../src/users/index.js';

const ERROR_LEVEL = CLIENT_LOGLEVELS.indexOf('error');

function fail(message: string): number {
  process.stderr.write(`para_client: ${message}\n`);
  return 1;
}

function loadKey(config: ClientConfig): KeyObject {
  const file = config.keyFile ?? defaultKeyFile(config.user);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ClientError('usage', `key file ${file}: ${(err as Error).message}`);
  }
  try {
    return parsePrivateKey(text);
  } catch (err) {
    throw new ClientError('usage', `key file ${file}: ${(err as Error).message}`);
  }
}

function handlers(config: ClientConfig, data: RunHandlers['data']): RunHandlers {
  return {
    output: (buf) => void process.stdout.write(buf),
    // errors are always shown, the rest according to --loglevel
    log: (level, text) => {
      if (level >= Math.min(config.loglevel, ERROR_LEVEL)) process.stderr.write(text);
    },
    data,
  };
}

async function runOnce(opts: ClientOptions, config: ClientConfig, argv: string[]): Promise<number> {
  try {
    const result = await runCommand(
      opts,
      argv,
      handlers(config, () => process.stdin),
    );
    return result.success ? 0 : 1;
  } catch (err) {
    return fail((err as Error).message);
  }
}

async function commandNames(opts: ClientOptions): Promise<string[]> {
  let text = '';
  try {
    await runCommand(opts, ['help'], { output: (b) => (text += b.toString()) });
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((l) => l.split(/\s+/)[0] ?? '')
    .filter(Boolean);
}

async function interactive(opts: ClientOptions, config: ClientConfig): Promise<number> {
  const names = await commandNames(opts);
  const historyFile = path.join(os.homedir(), '.paraslash', 'client.history');
  let history: string[] = [];
  try {
    history = fs
      .readFileSync(historyFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .reverse()
      .slice(0, 1000);
  } catch {
    // no history yet
  }
  const rl = readline.createInterface({
    input: process.stdin,
    output: process.stdout,
    prompt: 'para_client> ',
    history,
    historySize: 1000,
    completer: (line: string): [string[], string] => {
      if (/\s/.test(line)) return [[], line];
      return [names.filter((n) => n.startsWith(line)), line];
    },
  });
  let running: AbortController | undefined;
  rl.on('SIGINT', () => {
    if (running) running.abort();
    else rl.close();
  });
  rl.prompt();
  for await (const line of rl) {
    const argv = splitWords(line);
    if (argv[0] === 'exit' || argv[0] === 'quit') break;
    if (argv.length > 0) {
      fs.promises
        .mkdir(path.dirname(historyFile), { recursive: true })
        .then(() => fs.promises.appendFile(historyFile, `${line}\n`))
        .catch(() => {});
      running = new AbortController();
      const noData: RunHandlers['data'] = () => {
        throw new Error(
          'in interactive mode there is no data: run para_client with stdin redirected',
        );
      };
      try {
        await runCommand(opts, argv, { ...handlers(config, noData), signal: running.signal });
      } catch (err) {
        fail((err as Error).message);
      }
      running = undefined;
    }
    rl.prompt();
  }
  rl.close();
  // each command's failure was shown where it happened; leaving the prompt is a success
  return 0;
}

async function main(): Promise<number> {
  const parsed = parseClientArgs(process.argv.slice(2));
  if (!parsed.ok) return fail(`${parsed.error}\n${CLIENT_USAGE}`);
  const { config, command } = parsed;
  if (parsed.exit === 'help') {
    process.stdout.write(CLIENT_USAGE);
    return 0;
  }
  if (parsed.exit === 'version') {
    process.stdout.write(`para_client ${PARAWEB_VERSION} (paraweb)\n`);
    return 0;
  }
  if (command.length === 0 && !process.stdin.isTTY)
    return fail(`no command given\n${CLIENT_USAGE}`);
  let key: KeyObject;
  try {
    key = loadKey(config);
  } catch (err) {
    return fail((err as Error).message);
  }
  const opts: ClientOptions = {
    host: config.hostname,
    port: config.serverPort,
    user: config.user,
    key,
  };
  return command.length === 0 ? interactive(opts, config) : runOnce(opts, config, command);
}

// `para_client stat | head -1`: a closed pipe ends the client quietly
process.stdout.on('error', () => process.exit(1));

main()
  .then((code) => {
    process.exitCode = code;
    // stdin may still be open (stat without data); nothing else should keep us alive
    process.stdin.destroy();
  })
  .catch((err: unknown) => {
    process.stderr.write(`para_client: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
