// Composition root, in the BotBuilder samples' order: environment → authentication → adapter and
// its error handler → storage and state → dialogs → bot → HTTP server. Nothing else lives here.
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as dotenv from 'dotenv';
import * as restify from 'restify';
import {
  UserState,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type StatePropertyAccessor,
  type Storage,
  type TurnContext,
} from 'botbuilder';
import { DiagnoseDialog, type DiagnoseDialogDeps } from '../dialogs/diagnoseDialog';
import { ConversationUserState } from './bot/conversationUserState';
import { FeedbackStore } from './bot/feedbackStore';
import { LanguageSettings } from './bot/language';
import { attachFiles } from './bot/attachments';
import { MailflowDoctorBot } from './bot/mailflowDoctorBot';
import { MessageRouter } from './bot/messageRouter';
import { RemoveMentionMiddleware } from './bot/removeMentionMiddleware';
import type { ConversationCase, LastDiagnosis } from './conversation';
import { t, toLang } from './i18n';
import { BotConnectorGateway, createEscalation, ExpertChannelSettings } from './escalation';
import { callTimeoutFromEnv, connectorTimeoutMiddleware } from './escalation/connectorRetry';
import { createLogger, stackFrames, type Logger } from './logger';
import { ReuseDialogStateConfiguration } from './performance/dialogStateConfiguration';
import { securityMiddleware } from './security';
import { BotFrameworkTokenAuthentication } from './security/authentication';
import { HostAdapter, messagesEndpoint } from './security/messagesEndpoint';
import { maxRequestBytes, rejectLargeBodies } from './server/bodyLimit';
import { requireJsonOnMessages } from './server/contentType';
import { createStorage, isStorageUnavailable, storageTurnScope } from './storage';
import { registerDialogRoutes } from './web/dialogRoutes';

export const DEFAULT_PORT = 3978;

export interface ServerOptions {
  /** Default: PORT from the environment, else 3978. 0 picks a free port. */
  port?: number;
  /** Default: HOST from the environment; else 0.0.0.0 with MicrosoftAppId set, 127.0.0.1 without. */
  host?: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

export interface RunningServer {
  port: number;
  /** http://host:port/api/messages */
  endpoint: string;
  /** SQLite only: an online backup to `target` (see README "Backup"). */
  backup?(target: string): Promise<number>;
  close(): Promise<void>;
}

/** Shutdown: in-flight requests get this long to finish, then their connections are closed. */
export const SHUTDOWN_GRACE_MS = 3_000;

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger();

  // Authentication from the environment: no MicrosoftAppId → unauthenticated (local use).
  const authentication = new BotFrameworkTokenAuthentication(env as ConfigurationBotFrameworkAuthenticationOptions, { logger });
  const adapter = new HostAdapter(authentication);

  const storageHandle = await createStorage(env, { log: logger });
  const expertChannels = new ExpertChannelSettings(storageHandle.storage, env);
  const composition = composeBot(storageHandle.storage, {
    logger,
    escalationAvailable: () => expertChannels.isConfigured().catch(() => false),
  });
  const { bot, conversationUserState } = composition;
  const escalation = createEscalation({
    storage: storageHandle.storage,
    env,
    channels: expertChannels,
    gateway: new BotConnectorGateway(authentication, env.MicrosoftAppId?.trim() ?? '', callTimeoutFromEnv(env)),
    language: composition.language,
    lastDiagnosis: composition.lastDiagnosis,
    logger,
  });
  escalation.attach(composition.router, bot);
  attachFiles(composition.router, { language: composition.language, env, logger, lastDiagnosis: composition.lastDiagnosis, saveState: (context) => conversationUserState.saveChanges(context, false) });
  await escalation.start();

  adapter.onTurnError = turnErrorHandler(logger, conversationUserState);
  // Turn middleware, in order. Dedupe by activity id, rate limits and tenant checks go here.
  // storageTurnScope first: a turn whose storage fails is answered without state (src/storage/guardedStorage.ts).
  adapter.use(storageTurnScope(), connectorTimeoutMiddleware(callTimeoutFromEnv(env)));
  adapter.use(...securityMiddleware(env, { storage: storageHandle.storage, logger }), new RemoveMentionMiddleware(), new ReuseDialogStateConfiguration());

  const server = restify.createServer({ name: 'mailflow-doctor' });
  // Bodies over MAX_REQUEST_BYTES (1 MB) get a 413; pastes over 256 KB still get a reply in chat.
  server.pre(rejectLargeBodies(maxRequestBytes(env)));
  // /api/messages: application/json only (415 otherwise); 400/401/500 answers are JSON, refusals logged at a bounded rate.
  server.pre(requireJsonOnMessages());
  server.use(restify.plugins.bodyParser({ maxBodySize: maxRequestBytes(env) }));
  server.post('/api/messages', messagesEndpoint(adapter, (context) => bot.run(context), logger));
  server.get('/healthz', (_req, res, next) => {
    const health = storageHandle.health();
    if (health.ok) res.send(200, { status: 'ok', version: packageVersion(), storage: storageHandle.kind });
    else res.send(503, { status: 'storage-failing', version: packageVersion(), storage: storageHandle.kind, storageError: health.error });
    return next();
  });
  registerDialogRoutes(server);

  const authenticated = authentication.credentialsConfigured;
  const host = options.host ?? listenHost(env, authenticated);
  const port = await listen(server, options.port ?? portFromEnv(env), host);
  const endpoint = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/api/messages`;
  logger.info(
    { endpoint, host, storage: storageHandle.kind, authenticated, accepts: 'application/json' },
    authenticated
      ? `listening on ${host}:${port}; Bot Framework tokens required; /api/messages accepts application/json only`
      : `listening on ${host}:${port} WITHOUT authentication (no MicrosoftAppId)${host === '127.0.0.1' ? ', on this machine only (set HOST to listen elsewhere)' : ''}; /api/messages accepts application/json only`,
  );

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      // No new connections; idle keep-alive ones close now, busy ones after the grace period.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections();
      const grace = setTimeout(() => server.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await closed;
      clearTimeout(grace);
      await escalation.close();
      await storageHandle.close();
      logger.info('stopped');
    })());
  return { port, endpoint, ...(storageHandle.backup ? { backup: storageHandle.backup } : {}), close };
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

/** State, dialogs and the bot over one storage (the server and the tests build the same bot). */
export function composeBot(storage: Storage, options: ComposeOptions = {}): BotComposition {
  const { logger } = options;
  const conversationUserState = new ConversationUserState(storage);
  const userState = new UserState(storage);
  const language = new LanguageSettings(userState, conversationUserState);
  const lastDiagnosis = conversationUserState.createProperty<LastDiagnosis | undefined>('lastDiagnosis');
  const conversationCase = conversationUserState.createProperty<ConversationCase | undefined>('case');
  const dialog = new DiagnoseDialog({
    language,
    lastDiagnosis,
    conversationCase,
    ...(options.escalationAvailable ? { escalationAvailable: options.escalationAvailable } : {}),
  });
  const router = new MessageRouter({
    dialog,
    dialogState: conversationUserState.createProperty('dialogState'),
    language,
    feedback: new FeedbackStore(storage),
    conversationCase,
    ...(logger ? { logger } : {}),
  });
  const bot = new MailflowDoctorBot({ router, language, conversationUserState, userState, storage });
  return { bot, router, dialog, language, conversationUserState, userState, lastDiagnosis };
}

/** Logs without pasted content; apologises only when the failing turn was a message. */
function turnErrorHandler(logger: Logger, conversationUserState: ConversationUserState) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const { activity } = context;
    (isStorageUnavailable(error) ? logger.warn.bind(logger) : logger.error.bind(logger))(
      {
        error: { name: error?.name, stack: stackFrames(error) },
        activity: { id: activity.id, type: activity.type, channelId: activity.channelId, conversationId: activity.conversation?.id },
      },
      'turn failed',
    );
    logger.debug({ message: error?.message }, 'turn failure message');
    if (isStorageUnavailable(error)) {
      // Logged once by the storage when it started failing; the diagnosis (if any) was sent.
      if (activity.type === 'message') {
        const lang = toLang(activity.locale) ?? 'en';
        await context.sendActivity(t(lang, 'storage.notSaved')).catch(() => undefined);
      }
      return;
    }
    if (activity.type === 'message') {
      const lang = toLang(activity.locale) ?? 'en';
      await context.sendActivity(t(lang, 'bot.turnError')).catch(() => undefined);
    }
    // A broken dialog state must not fail every later turn: this user starts afresh.
    await conversationUserState.delete(context).catch(() => undefined);
  };
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

/** HOST when set; otherwise every interface with credentials, this machine only without them. */
export function listenHost(env: NodeJS.ProcessEnv, authenticated: boolean): string {
  const explicit = (env.HOST ?? '').trim();
  if (explicit !== '') return explicit;
  return authenticated ? '0.0.0.0' : '127.0.0.1';
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
    // Whatever hangs (a connector that never answers), the process ends within a few seconds.
    setTimeout(() => {
      logger.error({ waitedMs: SHUTDOWN_LIMIT_MS }, 'shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
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
  // kill -USR2 <pid>: an online SQLite backup beside the file, turns going on meanwhile.
  if (running.backup) {
    const backup = running.backup;
    let backingUp = false;
    process.on('SIGUSR2', () => {
      if (backingUp) return;
      backingUp = true;
      const target = backupTarget(process.env);
      const started = Date.now();
      backup(target).then(
        (pages) => logger.info({ target, pages, ms: Date.now() - started }, 'backup written'),
        (error: unknown) => logger.error({ target, error: error instanceof Error ? error.message : String(error) }, 'backup failed'),
      ).finally(() => (backingUp = false));
    });
  }
}

/** Shutdown: the longest SIGTERM may take before the process exits anyway. */
export const SHUTDOWN_LIMIT_MS = 6_000;

/** SQLITE_BACKUP_PATH, or the database path with a time stamp (a new file each time). */
export function backupTarget(env: NodeJS.ProcessEnv, now: Date = new Date()): string {
  const explicit = env.SQLITE_BACKUP_PATH?.trim();
  if (explicit) return explicit;
  const base = env.SQLITE_PATH?.trim() || 'data/mailflow-doctor.sqlite';
  return `${base}.backup-${now.toISOString().replace(/[:.]/g, '-')}`;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`Mailflow Doctor failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
