// Bot Framework token validation as configured (MicrosoftAppId, …), with corrections:
// - botframework-connector 4.23 lets jsonwebtoken's own errors escape for a token whose signature
//   does not verify (or that is not yet valid), which CloudAdapter answers with 500. Every failure
//   to validate a token is an authentication failure: 401.
// - With credentials set, the SDK's emulator path accepts an Entra token whose `aud` is the bot for
//   any serviceUrl (such a token has no `serviceurl` claim), and adds the issuer of any tenant it
//   sees to its list. Minting one takes the bot's own secret, but a leaked secret must not also
//   turn the bot into a token forwarder, so: activities of every channel but `emulator` (msteams
//   above all) must carry a token of the Bot Framework channel service; a token from any other
//   issuer must name this bot as its audience (the bot's own outbound token, replayed inbound, is
//   refused with 401 instead of failing later with "Invalid appId." and 500); and replies — and so
//   the bot's token — go only to serviceUrl hosts of the Bot Framework / Teams service
//   (src/security/serviceUrls.ts, ALLOWED_SERVICE_URLS).
// - The connector library writes to console.error while it validates a token (expired tokens, keys
//   that do not verify). Those lines go to the bounded refusal log instead of stderr.
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  ConfigurationBotFrameworkAuthentication,
  StatusCodes,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  GovernmentConstants,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type ConnectorFactory,
} from 'botframework-connector';
import type { Logger } from '../logger';
import { errorDetail, RefusalLog } from '../server/refusalLog';
import { ServiceUrlAllowList } from './serviceUrls';

const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

function asAuthenticationError(error: unknown): unknown {
  if (error instanceof Error && TOKEN_ERRORS.has(error.name)) {
    return new AuthenticationError(`Unauthorized. ${error.message}`, StatusCodes.UNAUTHORIZED);
  }
  return error;
}

const unauthorized = (message: string): AuthenticationError => new AuthenticationError(`Unauthorized. ${message}`, StatusCodes.UNAUTHORIZED);

// console.error calls made by the connector library inside a token validation, routed to a sink.
const consoleSink = new AsyncLocalStorage<(args: unknown[]) => void>();
const ROUTED = Symbol.for('mailflow-doctor.consoleErrorRouted');

function routeConsoleError(): void {
  const current = console.error as typeof console.error & { [ROUTED]?: true };
  if (current[ROUTED]) return;
  const routed = function (this: unknown, ...args: unknown[]): void {
    const sink = consoleSink.getStore();
    if (sink) sink(args);
    else current.apply(console, args);
  } as typeof console.error & { [ROUTED]?: true };
  routed[ROUTED] = true;
  console.error = routed;
}

export interface TokenAuthenticationOptions {
  /** Where refusals and the connector library's complaints go (bounded rate). */
  logger?: Logger;
  refusals?: RefusalLog;
}

export class BotFrameworkTokenAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly appId: string;
  private readonly channelIssuers: ReadonlySet<string>;
  private readonly serviceUrls: ServiceUrlAllowList;
  readonly refusals: RefusalLog;

  constructor(env: ConfigurationBotFrameworkAuthenticationOptions, options: TokenAuthenticationOptions = {}) {
    super(env);
    const text = (name: string): string => (typeof env[name] === 'string' ? (env[name] as string).trim() : '');
    this.appId = text('MicrosoftAppId');
    const configuredIssuer = text('ToBotFromChannelTokenIssuer');
    this.channelIssuers = new Set([
      AuthenticationConstants.ToBotFromChannelTokenIssuer,
      GovernmentConstants.ToBotFromChannelTokenIssuer,
      ...(configuredIssuer ? [configuredIssuer] : []),
    ]);
    this.serviceUrls = ServiceUrlAllowList.fromEnv({ ALLOWED_SERVICE_URLS: text('ALLOWED_SERVICE_URLS') });
    this.refusals = options.refusals ?? new RefusalLog(options.logger);
  }

  /** True when MicrosoftAppId is set: tokens are required and the checks above apply. */
  get credentialsConfigured(): boolean {
    return this.appId !== '';
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.quietly(() => super.authenticateRequest(activity, authHeader));
    if (this.credentialsConfigured) {
      this.checkIssuer(activity.channelId, result.claimsIdentity);
      if (!this.serviceUrls.allows(activity.serviceUrl)) throw unauthorized('The serviceUrl is not a Bot Framework or Teams service host.');
    }
    return { ...result, ...(result.connectorFactory ? { connectorFactory: this.guarded(result.connectorFactory) } : {}) };
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.quietly(() => super.authenticateStreamingRequest(authHeader, channelIdHeader));
    if (this.credentialsConfigured) this.checkIssuer(channelIdHeader, result.claimsIdentity);
    return result;
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.guarded(super.createConnectorFactory(claimsIdentity));
  }

  /** Connector clients (and so the bot's token) only for allowed serviceUrls, when credentials are set. */
  private guarded(factory: ConnectorFactory): ConnectorFactory {
    const check = (serviceUrl: string): void => {
      if (this.credentialsConfigured && !this.serviceUrls.allows(serviceUrl)) {
        throw unauthorized('Refusing to call a serviceUrl that is not a Bot Framework or Teams service host.');
      }
    };
    return {
      create: async (serviceUrl: string, audience?: string): Promise<ConnectorClient> => {
        check(serviceUrl);
        return factory.create(serviceUrl, audience);
      },
    };
  }

  private checkIssuer(channelId: string | undefined, identity: ClaimsIdentity): void {
    const issuer = identity.getClaimValue(AuthenticationConstants.IssuerClaim) ?? '';
    if (this.channelIssuers.has(issuer)) return;
    if (channelId !== 'emulator') throw unauthorized(`Activities of channel "${channelId ?? ''}" need a token of the Bot Framework channel service.`);
    if (identity.getClaimValue(AuthenticationConstants.AudienceClaim) !== this.appId) throw unauthorized('The token is not for this bot.');
  }

  /** Runs a validation with the connector library's console.error routed to the refusal log. */
  private quietly<T>(validate: () => Promise<T>): Promise<T> {
    routeConsoleError();
    const sink = (args: unknown[]): void => this.refusals.warn({ source: 'botframework-connector', detail: errorDetail(args[0]) }, 'token validation');
    return consoleSink.run(sink, async () => {
      try {
        return await validate();
      } catch (error) {
        throw asAuthenticationError(error);
      }
    });
  }
}
