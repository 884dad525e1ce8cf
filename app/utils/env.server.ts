import { z } from "zod";

const booleanFlag = z
  .enum(["0", "1", "false", "true", "no", "yes", "off", "on", ""])
  .transform((value) => !["0", "false", "no", "off"].includes(value));

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().min(1).default("data/traffpunkt.db"),
  PUBLIC_URL: z.string().url().optional(),
  SESSION_SECRET: z.string().min(1).optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Träffpunkt <noreply@traffpunkt.example>"),
  SEED_DEMO: booleanFlag.default(true),
  MAIL_OUTBOX_DIR: z.string().min(1).default("data/outbox"),
  MAIL_POLL_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(10),
  // Abuse limits: settings, so a load test or a big event can raise them.
  SIGNUP_LIMIT_PER_IP: z.coerce.number().int().min(1).default(30),
  SIGNUP_LIMIT_PER_EMAIL: z.coerce.number().int().min(1).default(5),
  SIGNUP_LIMIT_WINDOW_MINUTES: z.coerce.number().positive().default(10),
  LOGIN_LIMIT_PER_IP: z.coerce.number().int().min(1).default(20),
  LOGIN_LIMIT_PER_EMAIL: z.coerce.number().int().min(1).default(5),
  SESSION_DAYS: z.coerce.number().positive().default(7),
  // Days after a session when its sign-ups lose names, emails, phones and notes.
  RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  BACKUP_DIR: z.string().min(1).default("data/backups"),
  // Kept outside the database on purpose: it must survive restoring an older database file.
  ERASURE_LOG: z.string().min(1).default("data/erasures.log"),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(65_536),
  MAX_PARTY_SIZE: z.coerce.number().int().min(1).max(1000).default(15),
  // How many reverse proxies stand in front (Express "trust proxy" hop count): the client address
  // is the one the outermost of them appended to X-Forwarded-For. 0 by default, so a client
  // cannot forge its address past the rate limits; anything it writes itself is never trusted.
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  // Megabytes of rendered public pages kept until the data changes (app/utils/page-cache.server.ts);
  // 0 renders every request, e.g. to measure rendering.
  PAGE_CACHE_MB: z.coerce.number().min(0).max(1024).default(16),
});

export type Env = z.infer<typeof envSchema> & { PUBLIC_URL: string; SESSION_SECRET: string };

function readEnv(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".")}: ${issue.message}`,
    );
    throw new Error(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  const env = parsed.data;
  return {
    ...env,
    PUBLIC_URL: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    // A fixed development secret keeps `npm start` working on a fresh machine; production sets its own.
    SESSION_SECRET: env.SESSION_SECRET ?? "traffpunkt-development-secret",
  };
}

export const env = readEnv();
