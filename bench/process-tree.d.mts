export function processTree(root: number): number[];
export function commandOf(pid: number): string;
export function rssOf(pid: number): number;
export function killTree(root: number): void;
