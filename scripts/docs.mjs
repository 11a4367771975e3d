#!/usr/bin/env node
// `npm run docs`: writes the rule table into README.md from the built rules.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configsOf } from '../dist/configs.js';
import { rules } from '../dist/index.js';
import { replaceTable, ruleTable } from './rule-table.mjs';

const readmePath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'README.md');
const before = readFileSync(readmePath, 'utf8');
const after = replaceTable(before, ruleTable(rules, configsOf));
if (after !== before) writeFileSync(readmePath, after);
console.log(after === before ? 'README.md rule table is up to date' : 'README.md rule table updated');
