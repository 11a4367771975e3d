#!/usr/bin/env node
// The `supabase-scale` executable.
import { main } from './index.js';

void main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then((status) => {
  process.exitCode = status;
});
