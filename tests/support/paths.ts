import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const TMP = fileURLToPath(new URL("../.tmp", import.meta.url));
export const SERVER_BUILD = fileURLToPath(new URL("../../build/index.js", import.meta.url));
