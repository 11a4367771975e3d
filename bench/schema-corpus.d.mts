export declare function writeMigrationCorpus(dir: string, count?: number): string[];
