/** The plugin's namespace: its rules are `supabase-scale/<rule>` in a config and in `eslint-disable` comments. */
export const namespace = 'supabase-scale';
