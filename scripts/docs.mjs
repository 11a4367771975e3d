#!/usr/bin/env node
// `npm run docs`: writes the rule table into README.md from the built rules.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDist } from './dist.mjs';
import { replaceTable, ruleTable } from './rule-table.mjs';

/** @type {typeof import('../src/configs.js')} */
const { configsOf } = await loadDist('configs.js');
/** @type {typeof import('../src/index.js')} */
const { rules } = await loadDist('index.js');

const readmePath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'README.md');
const before = readFileSync(readmePath, 'utf8');
const after = replaceTable(before, ruleTable(rules, configsOf));
if (after !== before) writeFileSync(readmePath, after);
console.log(after === before ? 'README.md rule table is up to date' : 'README.md rule table updated');
