// Preloaded with `node --import` into the linted process: reports its peak RSS on exit.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\n@@bench ${JSON.stringify({ maxRSSkB: process.resourceUsage().maxRSS })}\n`);
});
