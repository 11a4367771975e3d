/** Files both audit engines must read alike (test/e2e/engines.test.ts, test/scale/engines.test.ts). */
import { dedent } from '../dedent.js';

/** eslint-disable lines and blocks, an eslint-env comment: only the read after eslint-enable is reported. */
export const DIRECTIVES = dedent`
  /* eslint-env browser */
  import { supabase } from './supabase';
  export async function a() {
    // eslint-disable-next-line supabase-scale/require-pagination
    const { data } = await supabase.from('a').select('*');
    const { data: b } = await supabase.from('b').select('*'); // eslint-disable-line supabase-scale/require-pagination
    /* eslint-disable supabase-scale/require-pagination */
    const { data: c } = await supabase.from('c').select('*');
    /* eslint-enable supabase-scale/require-pagination */
    const { data: d } = await supabase.from('d').select('*');
    return [data, b, c, d];
  }
`;

/** An inline config comment turning one rule off: only the full sync is reported. */
export const INLINE_CONFIG = dedent`
  /* eslint supabase-scale/require-pagination: off */
  import { supabase } from './supabase';
  export const rows = async () => (await supabase.from('e').select('*')).data;
  export const sync = (s: { fullSync(): void }) => s.fullSync();
`;
