export declare const THROTTLE: { offline: boolean; latency: number; downloadThroughput: number; uploadThroughput: number };
