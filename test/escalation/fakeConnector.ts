// A local stand-in for the Bot Connector service (127.0.0.1, a free port). It records every call,
// answers the few operations the bot uses, and can be told to fail the next N matching calls with
// a status (429 with Retry-After, 500…), as the real service does under load.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  /** Decoded path, e.g. /v3/conversations/19:x@thread.tacv2;messageid=1/activities */
  path: string;
  body: Record<string, unknown>;
  status: number;
  /** What the fake answered (ids it gave out). */
  response: Record<string, unknown>;
  /** Date.now() when it arrived (for debugging; tests assert order, never times). */
  at: number;
  /** The Authorization header, if the bot sent one. */
  authorization?: string;
}

export interface FakeMember {
  id: string;
  name: string;
  aadObjectId: string;
  userPrincipalName?: string;
  userRole?: string;
}

interface Failure {
  remaining: number;
  status: number;
  retryAfterSeconds?: number;
  matches: (method: string, path: string) => boolean;
}

export class FakeConnector {
  readonly calls: RecordedCall[] = [];
  /** Members by user id, answered on GET …/members/{userId} for any conversation or team. */
  readonly members = new Map<string, FakeMember>();
  private readonly failures: Failure[] = [];
  private server: http.Server | undefined;
  /** Called when a new thread was accepted, before the answer goes out; true = never answer. */
  private onAccepted: ((call: RecordedCall) => Promise<boolean>) | undefined;
  private counter = 5000;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next `count` calls matching `method` and `pathPattern` get `status`. */
  failNext(count: number, status: number, options: { method?: string; path?: RegExp; retryAfterSeconds?: number } = {}): void {
    this.failures.push({
      remaining: count,
      status,
      ...(options.retryAfterSeconds !== undefined ? { retryAfterSeconds: options.retryAfterSeconds } : {}),
      matches: (method, path) => (!options.method || options.method === method) && (!options.path || options.path.test(path)),
    });
  }

  /**
   * The next new thread is accepted (recorded as posted, as Teams would show it) and then `hook`
   * runs before the answer is sent; when it returns true the connection is dropped unanswered
   * (the bot died, or its connection broke, after Teams took the post).
   */
  onNextThreadAccepted(hook: (call: RecordedCall) => Promise<boolean>): void {
    this.onAccepted = hook;
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  /** Successful calls only (what Teams would have shown). */
  succeeded(method: string, path: RegExp): RecordedCall[] {
    return this.calls.filter((call) => call.method === method && path.test(call.path) && call.status < 300);
  }

  async waitFor<T>(find: () => T | undefined, timeoutMs = 5000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined && found !== false) return found;
      if (Date.now() > until) throw new Error('fake connector: timed out waiting');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const method = req.method ?? 'GET';
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const { status, payload, headers } = this.answer(method, path, body);
    const authorization = req.headers.authorization;
    const call: RecordedCall = { method, path, body, status, response: payload as Record<string, unknown>, at: Date.now(), ...(authorization ? { authorization } : {}) };
    this.calls.push(call);
    const hook = method === 'POST' && path === '/v3/conversations' && status < 300 ? this.onAccepted : undefined;
    if (hook) {
      this.onAccepted = undefined;
      if (await hook(call)) return void req.socket.destroy();
    }
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(payload));
  }

  private answer(method: string, path: string, body: Record<string, unknown>): { status: number; payload: unknown; headers?: Record<string, string> } {
    const failure = this.failures.find((f) => f.remaining > 0 && f.matches(method, path));
    if (failure) {
      failure.remaining -= 1;
      const headers: Record<string, string> = failure.retryAfterSeconds !== undefined ? { 'Retry-After': String(failure.retryAfterSeconds) } : {};
      return { status: failure.status, payload: { error: { code: 'ServiceError', message: 'fake failure' } }, headers };
    }
    const id = String(++this.counter);
    if (method === 'POST' && path === '/v3/conversations') {
      const channel = ((body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? 'a:new') as string;
      return { status: 201, payload: { id: `${channel};messageid=${id}`, activityId: id } };
    }
    const member = /^\/v3\/conversations\/[^/]+\/members\/([^/]+)$/.exec(path);
    if (method === 'GET' && member) {
      const found = this.members.get(member[1]);
      return found ? { status: 200, payload: found } : { status: 404, payload: { error: { code: 'MemberNotFound' } } };
    }
    if ((method === 'POST' || method === 'PUT') && /^\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/.test(path)) {
      return { status: method === 'PUT' ? 200 : 201, payload: { id: method === 'PUT' ? path.split('/').pop() : id } };
    }
    return { status: 404, payload: { error: { code: 'NotFound' } } };
  }
}
