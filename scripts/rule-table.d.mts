export declare const TABLE_START: string;
export declare const TABLE_END: string;
export declare function ruleTable(rules: Record<string, unknown>, configsOf: (rule: never) => string[]): string;
export declare function replaceTable(readme: string, table: string): string;
