// Shared by the proposal form (browser) and its checks (server).
export const PROPOSAL_TEXT_MIN = 10;
export const PROPOSAL_TEXT_MAX = 2000;
export const CONTACT_MAX = 200;
