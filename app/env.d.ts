/// <reference types="@remix-run/dev" />

import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }

  /** What our Express server hands every loader and action (getLoadContext). */
  interface AppLoadContext {
    clientIp: string;
    /** This response's Content-Security-Policy nonce. */
    cspNonce: string;
  }
}
