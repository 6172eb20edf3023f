import { createInterface } from 'node:readline/promises';

/** Whether the CLI can ask a question and read the answer at a terminal. */
export function atTerminal(): boolean {
  return process.stdin.isTTY === true;
}

/** Asks on stderr (stdout stays for results) and reads one line from stdin. */
export async function ask(question: string): Promise<string> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await prompt.question(question);
  } finally {
    prompt.close();
  }
}
