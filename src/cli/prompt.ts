/** Yes/no questions on the terminal (rename candidates): one readline for the run, closed after. */
import * as readline from 'node:readline/promises';

export interface YesNo {
  ask(question: string): Promise<boolean>;
  close(): void;
}

/** `question [y/N] `: only y or yes (any case) is yes; the end of input is no. */
export function yesNo(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): YesNo {
  const rl = readline.createInterface({ input, output });
  let closed = false;
  rl.on('close', () => (closed = true));
  return {
    async ask(question) {
      if (closed) return false;
      const answer = await Promise.race([rl.question(`${question} [y/N] `), new Promise<string>((resolve) => rl.once('close', () => resolve('')))]);
      return /^\s*y(es)?\s*$/i.test(answer);
    },
    close: () => rl.close(),
  };
}

/** Whether the run can ask: both ends are a terminal. */
export const canPrompt = () => !!process.stdin.isTTY && !!process.stdout.isTTY;
