// Composition root, in the BotBuilder samples' order: environment → authentication → adapter and
// its error handler → storage and state → dialogs → bot → HTTP server. Nothing else lives here.
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as dotenv from 'dotenv';
import * as restify from 'restify';
import {
  CloudAdapter,
  UserState,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type StatePropertyAccessor,
  type Storage,
  type TurnContext,
} from 'botbuilder';
import { DiagnoseDialog, type DiagnoseDialogDeps, type LastDiagnosis } from '../dialogs/diagnoseDialog';
import { ConversationUserState, conversationUserKey } from './bot/conversationUserState';
import { FeedbackStore } from './bot/feedbackStore';
import { LanguageSettings } from './bot/language';
import { MailflowDoctorBot } from './bot/mailflowDoctorBot';
import { MessageRouter } from './bot/messageRouter';
import { RemoveMentionMiddleware } from './bot/removeMentionMiddleware';
import { t, toLang } from './i18n';
import { BotConnectorGateway, createEscalation, ExpertChannelSettings } from './escalation';
import { createLogger, type Logger } from './logger';
import { ReuseDialogStateConfiguration } from './performance/dialogStateConfiguration';
import { dedupeKey, securityMiddleware } from './security';
import { BotFrameworkTokenAuthentication } from './security/authentication';
import { maxRequestBytes, rejectLargeBodies } from './server/bodyLimit';
import { createStorage } from './storage';
import { TurnStorage, type TurnKeys } from './storage/turnStorage';
import { registerDialogRoutes } from './web/dialogRoutes';

export const DEFAULT_PORT = 3978;

export interface ServerOptions {
  /** Default: PORT from the environment, else 3978. 0 picks a free port. */
  port?: number;
  host?: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

export interface RunningServer {
  port: number;
  /** http://host:port/api/messages */
  endpoint: string;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger();

  // Authentication from the environment: no MicrosoftAppId → unauthenticated (local use).
  const authentication = new BotFrameworkTokenAuthentication(env as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new CloudAdapter(authentication);

  const storageHandle = await createStorage(env, { log: logger });
  // One read and one write per turn: dedupe marker, conversation state and user state together.
  const storage = new TurnStorage(storageHandle.storage, turnStorageKeys(() => composition.userState), SHARED_TURN_KEYS);
  const expertChannels = new ExpertChannelSettings(storage, env);
  const composition = composeBot(storage, {
    logger,
    escalationAvailable: () => expertChannels.isConfigured().catch(() => false),
  });
  const { bot, conversationUserState } = composition;
  const escalation = createEscalation({
    storage,
    env,
    channels: expertChannels,
    gateway: new BotConnectorGateway(authentication, env.MicrosoftAppId?.trim() ?? ''),
    language: composition.language,
    lastDiagnosis: composition.lastDiagnosis,
    logger,
  });
  escalation.attach(composition.router, bot);
  await escalation.start();

  adapter.onTurnError = turnErrorHandler(logger, conversationUserState);
  // Turn middleware, in order. Dedupe by activity id, rate limits and tenant checks go here.
  adapter.use(storage.middleware(), ...securityMiddleware(env, { storage, logger }), new RemoveMentionMiddleware(), new ReuseDialogStateConfiguration());

  const server = restify.createServer({ name: 'mailflow-doctor' });
  // Bodies over MAX_REQUEST_BYTES (1 MB) get a 413; pastes over 256 KB still get a reply in chat.
  server.pre(rejectLargeBodies(maxRequestBytes(env)));
  server.use(restify.plugins.bodyParser({ maxBodySize: maxRequestBytes(env) }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok', version: packageVersion(), storage: storageHandle.kind });
    return next();
  });
  registerDialogRoutes(server);

  const host = options.host ?? '0.0.0.0';
  const port = await listen(server, options.port ?? portFromEnv(env), host);
  const endpoint = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/api/messages`;
  logger.info({ endpoint, storage: storageHandle.kind, authenticated: Boolean(env.MicrosoftAppId) }, 'listening');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await escalation.close();
      await storageHandle.close();
      logger.info('stopped');
    })());
  return { port, endpoint, close };
}

export interface ComposeOptions {
  logger?: Logger;
  /** Whether diagnosis cards offer "Escalate" (an escalation channel is configured). */
  escalationAvailable?: DiagnoseDialogDeps['escalationAvailable'];
}

export interface BotComposition {
  bot: MailflowDoctorBot;
  router: MessageRouter;
  dialog: DiagnoseDialog;
  language: LanguageSettings;
  conversationUserState: ConversationUserState;
  userState: UserState;
  /** The last answer per user per conversation (its paste, finding ids, time). */
  lastDiagnosis: StatePropertyAccessor<LastDiagnosis | undefined>;
}

/** The keys a turn reads and writes, read together when it starts (src/storage/turnStorage.ts). */
export function turnStorageKeys(userState: () => UserState): TurnKeys {
  return (context) => [
    context.activity.type === 'message' ? dedupeKey(context.activity) : undefined,
    conversationUserKey(context),
    userState().getStorageKey(context),
  ];
}

/** Keys every turn reads (ExpertChannelSettings' key, until a channel is configured). */
export const SHARED_TURN_KEYS = ['escalation/expertChannel'];

/** State, dialogs and the bot over one storage (the server and the tests build the same bot). */
export function composeBot(storage: Storage, options: ComposeOptions = {}): BotComposition {
  const { logger } = options;
  const conversationUserState = new ConversationUserState(storage);
  const userState = new UserState(storage);
  const language = new LanguageSettings(userState, conversationUserState);
  const lastDiagnosis = conversationUserState.createProperty<LastDiagnosis | undefined>('lastDiagnosis');
  const dialog = new DiagnoseDialog({
    language,
    lastDiagnosis,
    ...(options.escalationAvailable ? { escalationAvailable: options.escalationAvailable } : {}),
  });
  const router = new MessageRouter({
    dialog,
    dialogState: conversationUserState.createProperty('dialogState'),
    language,
    feedback: new FeedbackStore(storage),
    ...(logger ? { logger } : {}),
  });
  const bot = new MailflowDoctorBot({ router, language, conversationUserState, userState });
  return { bot, router, dialog, language, conversationUserState, userState, lastDiagnosis };
}

/** Logs without pasted content; apologises only when the failing turn was a message. */
function turnErrorHandler(logger: Logger, conversationUserState: ConversationUserState) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const { activity } = context;
    logger.error(
      {
        error: { name: error?.name, stack: stackFrames(error) },
        activity: { id: activity.id, type: activity.type, channelId: activity.channelId, conversationId: activity.conversation?.id },
      },
      'turn failed',
    );
    logger.debug({ message: error?.message }, 'turn failure message');
    if (activity.type === 'message') {
      const lang = toLang(activity.locale) ?? 'en';
      await context.sendActivity(t(lang, 'bot.turnError')).catch(() => undefined);
    }
    // A broken dialog state must not fail every later turn: this user starts afresh.
    await conversationUserState.delete(context).catch(() => undefined);
  };
}

/** The stack's "at …" lines only: the first line repeats the message, which may quote a paste. */
function stackFrames(error: unknown): string | undefined {
  if (!(error instanceof Error) || !error.stack) return undefined;
  return error.stack
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .join('\n');
}

function listen(server: restify.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function portFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = (env.PORT ?? env.port ?? '').trim();
  if (raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${raw}"`);
  return port;
}

let cachedVersion: string | undefined;
export function packageVersion(): string {
  if (cachedVersion) return cachedVersion;
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'mailflow-doctor') return (cachedVersion = pkg.version ?? '0.0.0');
    }
    dir = path.dirname(dir);
  }
  return (cachedVersion = '0.0.0');
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const logger = createLogger();
  const running = await startServer({ logger });
  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ error: error instanceof Error ? error.name : String(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`Mailflow Doctor failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
