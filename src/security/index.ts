// The turn middleware that guards the bot, built from the environment, in the order it runs:
// tenant allow-list (before anything reads or writes state), dedupe of redelivered activities
// (before the rate limit, so a retry spends no token), per-user rate limit, malformed invokes.
import type { Middleware, Storage } from 'botbuilder';
import type { Logger } from '../logger';
import { DEFAULT_DEDUPE_TTL_MS, DedupeMiddleware } from './dedupe';
import { InvokeGuardMiddleware } from './invokeGuard';
import { RateLimitMiddleware } from './rateLimiter';
import { parseTenantList, TenantAllowListMiddleware } from './tenantAllowList';

export { DedupeMiddleware, dedupeKey, DEFAULT_DEDUPE_TTL_MS } from './dedupe';
export { RateLimitMiddleware, rateLimitKey, TokenBuckets } from './rateLimiter';
export { parseTenantList, TenantAllowListMiddleware, tenantOf } from './tenantAllowList';

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 20;

export interface SecuritySettings {
  /** Lower-case tenant ids; empty allows every tenant. */
  allowedTenants: string[];
  /** Turns per user per minute; 0 turns the limit off. */
  rateLimitPerMinute: number;
  dedupeTtlMs: number;
}

export function securitySettings(env: NodeJS.ProcessEnv): SecuritySettings {
  return {
    allowedTenants: parseTenantList(env.ALLOWED_TENANTS),
    rateLimitPerMinute: wholeNumber(env, 'RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMIT_PER_MINUTE),
    dedupeTtlMs: wholeNumber(env, 'DEDUPE_TTL_SECONDS', DEFAULT_DEDUPE_TTL_MS / 1000) * 1000,
  };
}

export interface SecurityDeps {
  storage: Storage;
  logger?: Logger;
}

export function securityMiddleware(env: NodeJS.ProcessEnv, deps: SecurityDeps): Middleware[] {
  const settings = securitySettings(env);
  const middleware: Middleware[] = [new TenantAllowListMiddleware(settings.allowedTenants, deps.logger)];
  if (settings.dedupeTtlMs > 0) middleware.push(new DedupeMiddleware(deps.storage, { ttlMs: settings.dedupeTtlMs, logger: deps.logger }));
  if (settings.rateLimitPerMinute > 0) {
    middleware.push(new RateLimitMiddleware({ perMinute: settings.rateLimitPerMinute, logger: deps.logger }));
  }
  middleware.push(new InvokeGuardMiddleware());
  return middleware;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = (env[name] ?? '').trim();
  if (raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0, got "${raw}"`);
  return value;
}
