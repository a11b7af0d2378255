// The bot as the server wires it (HostAdapter and the /api/messages handler, the security middleware,
// mention stripping, composeBot, escalation), driven in-process: an activity goes through the
// server's messagesEndpoint with a request and response object instead of HTTP, with deliveryMode expectReplies, so the replies come back in
// the response body. Fast enough for thousands of turns.
import { MemoryStorage, type Activity, type ConfigurationBotFrameworkAuthenticationOptions, type Storage } from 'botbuilder';
import { RemoveMentionMiddleware } from '../../src/bot/removeMentionMiddleware';
import { BotConnectorGateway, createEscalation, ExpertChannelSettings } from '../../src/escalation';
import { composeBot } from '../../src/index';
import { createLogger, type Logger } from '../../src/logger';
import { ReuseDialogStateConfiguration } from '../../src/performance/dialogStateConfiguration';
import type { Request, Response } from 'restify';
import { securityMiddleware } from '../../src/security';
import { BotFrameworkTokenAuthentication } from '../../src/security/authentication';
import { HostAdapter, messagesEndpoint } from '../../src/security/messagesEndpoint';

export interface TurnResult {
  status: number;
  replies: Partial<Activity>[];
  body: unknown;
}

export interface InProcessBot {
  turn(activity: Record<string, unknown>): Promise<TurnResult>;
  /** Errors that reached the adapter's onTurnError (each would be an apology to the user). */
  turnErrors: Error[];
  storage: Storage;
}

export function inProcessBot(env: NodeJS.ProcessEnv = {}, options: { storage?: Storage; logger?: Logger } = {}): InProcessBot {
  const storage = options.storage ?? new MemoryStorage();
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const authentication = new BotFrameworkTokenAuthentication(env as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new HostAdapter(authentication);
  // as src/index.ts wires it, without the delivery retry loop (no expert channel is configured)
  const expertChannels = new ExpertChannelSettings(storage, env);
  const composition = composeBot(storage, { logger, escalationAvailable: () => expertChannels.isConfigured().catch(() => false) });
  const { bot } = composition;
  createEscalation({
    storage,
    env,
    channels: expertChannels,
    gateway: new BotConnectorGateway(authentication, ''),
    language: composition.language,
    lastDiagnosis: composition.lastDiagnosis,
    logger,
  }).attach(composition.router, bot);
  const turnErrors: Error[] = [];
  adapter.onTurnError = async (_context, error) => {
    turnErrors.push(error);
  };
  adapter.use(...securityMiddleware(env, { storage, logger }), new RemoveMentionMiddleware(), new ReuseDialogStateConfiguration());

  const handle = messagesEndpoint(adapter, (context) => bot.run(context), logger);

  async function turn(activity: Record<string, unknown>): Promise<TurnResult> {
    let status = 0;
    let body: unknown;
    const res = {
      send: (code: number, payload?: unknown) => {
        status = code;
        body = payload;
      },
    };
    await handle({ headers: {}, body: activity } as unknown as Request, res as unknown as Response);
    const activities = (body as { activities?: Partial<Activity>[] } | undefined)?.activities ?? [];
    return { status, body, replies: activities.filter((a) => a.type === 'message') };
  }

  return { turn, turnErrors, storage };
}
