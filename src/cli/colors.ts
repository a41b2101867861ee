/**
 * Colours for a terminal. oclif's colorize (ansis) writes plain text when stdout or stderr is
 * not a TTY and when NO_COLOR is set, so piped output and CI logs stay plain.
 */
import { ux } from '@oclif/core';

export const paint = {
  id: (text: string) => ux.colorize('yellow', text),
  mark: (text: string) => ux.colorize('cyan', text),
  ok: (text: string) => ux.colorize('green', text),
  bad: (text: string) => ux.colorize('red', text),
  warn: (text: string) => ux.colorize('yellow', text),
  dim: (text: string) => ux.colorize('gray', text),
};
