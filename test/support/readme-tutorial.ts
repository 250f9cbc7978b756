import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One shell command of the README: its leading `NAME=value` assignments and its words. */
export interface TutorialCommand {
  readonly env: Record<string, string>;
  readonly words: string[];
}

/**
 * The commands of the README's tutorial, as printed: every line of its `sh` blocks, with
 * backslash continuations joined, split into environment assignments and words. Tests run them,
 * so the README cannot drift from what works.
 */
export function tutorialCommands(): TutorialCommand[] {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('## The Hydra tutorial with Tessera');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]);
  return blocks
    .flatMap((block) => block.replace(/\\\n/g, ' ').split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map(parse);
}

function parse(line: string): TutorialCommand {
  const env: Record<string, string> = {};
  const words = line.split(/\s+/);
  while (words.length > 0 && /^[A-Z_]+=/.test(words[0])) {
    const [name, ...value] = (words.shift() as string).split('=');
    env[name] = value.join('=');
  }
  return { env, words };
}

/** The command whose words start with `prefix`. */
export function commandStartingWith(
  commands: TutorialCommand[],
  ...prefix: string[]
): TutorialCommand {
  const found = commands.filter((command) =>
    prefix.every((word, index) => command.words[index] === word),
  );
  if (found.length === 0)
    throw new Error(`The README's tutorial has no "${prefix.join(' ')}" command`);
  return found[0];
}

/**
 * Replaces the tutorial's fixed ports with the ones a test got: in `127.0.0.1:<port>` URLs, and
 * a value that is a port by itself (`SERVE_PUBLIC_PORT=9000`, `--port 9010`).
 */
export function withPorts(text: string, ports: ReadonlyMap<number, number>): string {
  const mapped = (port: string) => String(ports.get(Number(port)) ?? port);
  if (/^\d{4,5}$/.test(text)) return mapped(text);
  return text.replace(
    /127\.0\.0\.1:(\d{4,5})/g,
    (_all, port: string) => `127.0.0.1:${mapped(port)}`,
  );
}
