export * from "./groups.js";
export type * from "./payloads.js";
