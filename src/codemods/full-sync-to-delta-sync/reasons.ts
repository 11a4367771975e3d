/** Why full-sync-to-delta-sync leaves a use, by id: the texts the CLI reports, and the phrases they are built from. */
import { type Reason, reasonText } from '../reasons.js';

export const REASONS = {
  // any use
  insideReplacement: 'inside {{replacement}} itself: renaming would make it call itself',
  alsoUsedNotRun:
    'also used on line {{line}} where it is not run (an unregistering or a comparison): rename every use together by hand',

  // `recv.fullSync`: what the receiver is
  spreadArguments: 'called with a spread: cannot check that {{replacement}} takes the same arguments',
  receiverUnseen:
    "cannot see what '{{receiver}}' is (no type information for this file: a tsconfig that includes it, or --project <tsconfig>)",
  receiverAny: "cannot see what '{{receiver}}' is: the type checker knows it only as any",
  classModuleUnread:
    "'{{className}}' comes from '{{specifier}}', which cannot be read here (no type information for this file: a tsconfig that includes it, or --project <tsconfig>)",
  noExportedClass: "'{{specifier}}' does not visibly export a class '{{className}}'",
  noReplacementOn: 'no {{replacement}} on {{owner}}',
  otherArgumentsOn: '{{replacement}} on {{owner}} does not take the same arguments as {{name}}',
  rejectsArgumentsOn: '{{replacement}} on {{owner}} does not accept what {{name}} is given here',
  incompatibleOn: '{{replacement}} on {{owner}} is not compatible with {{name}}',

  // a bare name: declared where it is used
  notDeclared: "'{{name}}' is not declared in this file: cannot see that it has {{replacement}}",
  replacementNotFunction: "cannot see that '{{replacement}}' here is a function",
  otherArguments: '{{replacement}} does not take the same arguments as {{name}}',

  // a bare name: imported
  relativeModuleUnread:
    "imported from '{{specifier}}', which cannot be read here: cannot see that it exports {{replacement}}",
  packageUnread:
    "imported from '{{specifier}}', which cannot be read here: cannot see that it exports {{replacement}} (no type information for this file: a tsconfig that includes it, or --project <tsconfig>)",
  noVisibleExport:
    "'{{specifier}}' does not visibly export {{replacement}} (re-exports are followed with type information: a tsconfig that includes this file, or --project <tsconfig>)",
  noExport: "'{{specifier}}' does not export {{replacement}}",
  importedOtherArguments: "{{replacement}} from '{{specifier}}' does not take the same arguments as {{name}}",
  importedRejectsArguments: "{{replacement}} from '{{specifier}}' does not accept what {{name}} is given here",
  importedIncompatible: "{{replacement}} from '{{specifier}}' is not compatible with {{name}}",
  aliasAlsoUsed:
    "'{{alias}}' ({{name}}) is also used on line {{line}}, which is not rewritten: rename every use together by hand",

  // a bare name: destructured
  destructuredUnseen:
    'destructured from {{source}}: cannot see that it has {{replacement}} (no type information for this file: a tsconfig that includes it, or --project <tsconfig>)',
  typeUnread: 'cannot read the type of {{source}}',
  alsoUsed: "'{{local}}' is also used on line {{line}}, which is not rewritten: rename every use together by hand",
  replacementDeclared: "a '{{replacement}}' is already declared where '{{local}}' is used",

  // a bare name: anything else
  noReplacementInScope:
    "'{{local}}' is {{what}} and no {{replacement}} is in scope: cannot see that its source has {{replacement}}",
} as const;

/** Parts of the reasons above: what a local name is (noReplacementInScope). */
export const PHRASES = {
  parameter: 'a parameter',
  aliasOf: 'an alias of {{name}}',
  variable: 'declared here as a variable',
  somethingElse: 'declared here as something else',
} as const;

export type Why = Reason<typeof REASONS>;

export const phrase = (part: Reason<typeof PHRASES>): string => reasonText(PHRASES, part);
