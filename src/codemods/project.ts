/**
 * `--project tsconfig.json`: a ts-morph project with the type checker, for
 * the codemods that follow references across files.
 */
import { Project } from 'ts-morph';

export interface TypeInfo {
  project: Project;
}

export function loadTypeInfo(tsconfig: string): TypeInfo {
  return { project: new Project({ tsConfigFilePath: tsconfig }) };
}
