/**
 * Runs the built `mig` on a real pseudo-terminal (Python's pty module, as `script` would), so
 * that stdin and stdout are TTYs: each time a `[y/N]` question appears, the next answer is typed.
 */
import { spawnSync } from 'node:child_process';
import { BIN } from './project';

const DRIVER = String.raw`
import json, os, pty, sys, time
args, answers = json.loads(sys.argv[1]), json.loads(sys.argv[2])
pid, fd = pty.fork()
if pid == 0:
    os.execv(args[0], args)
out, asked, seen = b'', 0, 0
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
    while out.count(b'[y/N]') > seen:
        seen += 1
        answer = answers[asked] if asked < len(answers) else ''
        asked += 1
        os.write(fd, (answer + '\r').encode())
_, status = os.waitpid(pid, 0)
sys.stdout.write(json.dumps({'status': os.waitstatus_to_exitcode(status), 'output': out.decode('utf8', 'replace'), 'asked': asked}))
`;

export interface TerminalRun {
  status: number;
  /** What the terminal showed (prompts, answers echoed, output), with \r\n line ends. */
  output: string;
  /** How many `[y/N]` questions were asked. */
  asked: number;
}

export function migOnTerminal(cwd: string, args: string[], answers: string[]): TerminalRun {
  const r = spawnSync('python3', ['-c', DRIVER, JSON.stringify([process.execPath, BIN, ...args]), JSON.stringify(answers)], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', MIG_CONFIG: undefined, TERM: 'dumb' },
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`the terminal driver failed: ${r.stderr}`);
  const result = JSON.parse(r.stdout) as TerminalRun;
  return { ...result, output: result.output.replace(/\r\n/g, '\n') };
}
