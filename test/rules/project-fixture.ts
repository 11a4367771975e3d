/**
 * fixtures/project-facts, a small app spread over several modules, read for the
 * rule tests that follow code across functions and files (`<rule>.project.test.ts`):
 * each file is linted under its own name, so its imports resolve.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const APP = path.resolve(import.meta.dirname, '../../fixtures/project-facts');

export function source(relative: string): { code: string; filename: string } {
  const filename = path.join(APP, relative);
  return { code: readFileSync(filename, 'utf8'), filename };
}

/** How a message names a place: relative to the project's root (the repository, here). */
export const cwdPlace = (relative: string, line: number) => `fixtures/project-facts/${relative}:${line}`;
