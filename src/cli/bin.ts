#!/usr/bin/env node
// The `supabase-scale` executable.
import { main } from './index.js';

// `supabase-scale audit | head`: the reader has all it wants; stop quietly, exit 0 (not a crash CI reads as exit 1)
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

void main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then((status) => {
  process.exitCode = status;
});
