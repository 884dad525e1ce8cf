import { createContext, useContext } from "react";

// The per-response CSP nonce, handed from entry.server to the <Scripts> of the root. In the
// browser it is empty: browsers hide nonce values from scripts anyway.
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
