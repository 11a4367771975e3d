import { ESLint } from 'eslint';
import plugin from './dist/index.js';
import parser from '@typescript-eslint/parser';
const eslint = new ESLint({ overrideConfigFile: true, cwd: '/tmp/smoke', overrideConfig: [{ files: ['**/*.ts','**/*.tsx'], languageOptions: { parser } }, plugin.configs.all] });
const res = await eslint.lintFiles([process.argv[2]]);
for (const m of res[0].messages) console.log(m.line, m.column, m.ruleId, m.message.slice(0, 110), (m.suggestions||[]).map(s=>s.desc).join(' | '));
