// The fixes `npm run demo` makes by hand after `supabase-scale codemod all` on
// the demo app: the full-sync uses the codemod leaves (with its reasons), the
// delta read's tiebreaker (the verdict's cursor-tiebreak check), and the room
// sync, which orders its changes newest first and that nothing runs (its
// cursor-order, cursor-tiebreak and called checks). The e2e test applies the
// same list and expects a verified verdict.
export const DEMO_FIXES = [
  {
    file: 'src/sync/scheduler.ts',
    why: 'the focus listener is added and removed as deltaSync (left: also used to unregister)',
    apply: (/** @type {string} */ text) => text.replace(/sync\.fullSync\b/g, 'sync.deltaSync'),
  },
  {
    file: 'src/sync/conversation-sync.ts',
    why: 'the delta read pages by (updated_at, id): rows sharing a timestamp are not skipped',
    apply: (/** @type {string} */ text) =>
      text
        .replace(
          '  private lastSyncedAt: string | null = null;',
          "  private lastSyncedAt: string | null = null;\n  private lastSyncedId = '';",
        )
        .replace(
          '    let cursor = this.lastSyncedAt;',
          '    let cursor = this.lastSyncedAt;\n    let lastId = this.lastSyncedId;',
        )
        .replace(
          "        .gt('updated_at', cursor)\n        .order('updated_at', { ascending: true })",
          "        .or(`updated_at.gt.${cursor},and(updated_at.eq.${cursor},id.gt.${lastId})`)\n        .order('updated_at', { ascending: true })\n        .order('id', { ascending: true })",
        )
        .replace(
          '      cursor = data[data.length - 1]!.updated_at;',
          '      cursor = data[data.length - 1]!.updated_at;\n      lastId = data[data.length - 1]!.id;',
        )
        .replace(
          '    this.lastSyncedAt = cursor;\n',
          '    this.lastSyncedAt = cursor;\n    this.lastSyncedId = lastId;\n',
        ),
  },
  {
    file: 'src/sync/room-sync.ts',
    why: 'the room sync reads its changes oldest first, pages by (updated_at, id), and keeps the last row as its cursor',
    apply: (/** @type {string} */ text) =>
      text
        .replace(
          '  private cursor = new Date(0).toISOString();',
          "  private cursor = new Date(0).toISOString();\n  private cursorId = '';",
        )
        .replace(
          "      .gt('updated_at', this.cursor)\n      .order('updated_at', { ascending: false })",
          "      .or(`updated_at.gt.${this.cursor},and(updated_at.eq.${this.cursor},id.gt.${this.cursorId})`)\n      .order('updated_at', { ascending: true })\n      .order('id', { ascending: true })",
        )
        .replace(
          '    this.cursor = data[0]!.updated_at;',
          '    this.cursor = data[data.length - 1]!.updated_at;\n    this.cursorId = data[data.length - 1]!.id;',
        ),
  },
  {
    file: 'src/sync/scheduler.ts',
    why: 'the room sync runs with the conversation sync',
    apply: (/** @type {string} */ text) =>
      text
        .replace(
          "import { LocalStore } from './local-store';",
          "import { LocalStore } from './local-store';\nimport { RoomSyncService } from './room-sync';",
        )
        .replace(
          '  const timer = setInterval(',
          "  const rooms = new RoomSyncService(supabase, new LocalStore());\n  const roomTimer = setInterval(() => rooms.syncRoom('lobby'), SYNC_INTERVAL_MS);\n  const timer = setInterval(",
        )
        .replace('    clearInterval(timer);', '    clearInterval(timer);\n    clearInterval(roomTimer);'),
  },
];
