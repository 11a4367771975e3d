/** The output formats of `supabase-scale audit`. */
export const FORMATS = ['pretty', 'json', 'markdown', 'sarif'] as const;
