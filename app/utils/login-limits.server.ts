import { env } from "./env.server";
import { RateLimiter } from "./rate-limit.server";

// Server-only: the limits read the environment, which the browser bundle has no access to.
const windowMs = 10 * 60_000;
export const loginLimits = {
  perIp: new RateLimiter(env.LOGIN_LIMIT_PER_IP, windowMs),
  perEmail: new RateLimiter(env.LOGIN_LIMIT_PER_EMAIL, windowMs),
};
