// The jscodeshift baseline for `supabase-scale codemod all --dry-run`: parse
// every file and print it back, change nothing (a transform must parse to
// know that it has nothing to do).
/**
 * @param {{ source: string }} file
 * @param {{ jscodeshift: (source: string) => { toSource(): string } }} api
 * @returns {string}
 */
module.exports = function noop(file, api) {
  return api.jscodeshift(file.source).toSource();
};
module.exports.parser = 'tsx';
