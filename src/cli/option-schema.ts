/**
 * Checks a value against a rule's option schema with the validator ESLint
 * checks rule options with: Ajv, which ESLint depends on, loaded from ESLint's
 * own folder (so whichever ESLint the project has, its Ajv answers). A
 * setting of the config file that is a rule's option is then valid exactly
 * when the rule accepts it in eslint.config.js.
 */
import { createRequire } from 'node:module';
import { rules, type RuleName } from '../rules/index.js';

/** One error of Ajv 6 (`dataPath`, JSON pointer with `jsonPointers`) or later (`instancePath`). */
export interface SchemaError {
  keyword: string;
  dataPath?: string;
  instancePath?: string;
  /** The failing value (Ajv's `verbose`). */
  data?: unknown;
  /** The keyword's value in the schema: for `type`, the expected type. */
  schema?: unknown;
  params: Record<string, unknown>;
  message?: string;
}

interface ValidateFunction {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

interface Ajv {
  compile(schema: object): ValidateFunction;
}

let ajv: Ajv | null = null;
const compiled = new Map<RuleName, ValidateFunction>();

function validatorOf(rule: RuleName): ValidateFunction {
  let validate = compiled.get(rule);
  if (!validate) {
    if (!ajv) {
      const fromEslint = createRequire(createRequire(import.meta.url).resolve('eslint/package.json'));
      const AjvClass = fromEslint('ajv') as new (options: object) => Ajv;
      ajv = new AjvClass({ verbose: true, jsonPointers: true });
    }
    const [schema] = rules[rule].meta.schema as readonly object[];
    validate = ajv.compile(schema ?? {});
    compiled.set(rule, validate);
  }
  return validate;
}

/** The steps into an option's value an error is at: none for the value itself. */
function stepsIn(error: SchemaError, option: string): string[] {
  const pointer = error.instancePath ?? error.dataPath ?? '';
  const steps = pointer
    .split('/')
    .slice(1)
    .map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'));
  return steps[0] === option ? steps.slice(1) : [];
}

export interface OptionProblem {
  /** Where in the value: '' for the value itself, else `[1]`, `.rooms[0]`. */
  path: string;
  error: SchemaError;
}

/**
 * Why `value` is not a valid `option` of `rule`, or null when it is. Of
 * several errors (the branches of a `oneOf`), the deepest: the one that says
 * which item is wrong.
 */
export function optionProblem(rule: RuleName, option: string, value: unknown): OptionProblem | null {
  const validate = validatorOf(rule);
  if (validate({ [option]: value })) return null;
  let worst: { steps: string[]; error: SchemaError } | null = null;
  for (const error of validate.errors ?? []) {
    const steps = stepsIn(error, option);
    if (!worst || steps.length > worst.steps.length) worst = { steps, error };
  }
  if (!worst) return { path: '', error: { keyword: 'unknown', params: {} } };
  const path = worst.steps.map((step) => (/^\d+$/.test(step) ? `[${step}]` : `.${step}`)).join('');
  return { path, error: worst.error };
}
