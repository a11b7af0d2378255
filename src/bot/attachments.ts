// Files and screenshots sent to the bot.
//
// A file in a 1:1 chat arrives as a `application/vnd.microsoft.teams.file.download.info`
// attachment with a short-lived pre-authorised downloadUrl on SharePoint / OneDrive. The turn
// answers at once ("Reading collect.zip…", Teams retries a turn that takes over 15 s); the
// download and the analysis run after the turn has returned, and the result replaces the progress
// message in place (continueConversation + updateActivity), followed by the diagnosis card.
// In channels and group chats Teams does not deliver files to bots: one line says so.
// Only findings and a short excerpt of evidence rows are kept (as the conversation's last
// diagnosis, where pastes are kept), never the file.
import { TurnContext, type Activity, type Attachment, type CloudAdapter, type ConversationReference, type StatePropertyAccessor } from 'botbuilder';
import type { LastDiagnosis } from '../../dialogs/diagnoseDialog';
import { cardAttachment, diagnosisCard } from '../cards';
import { fileSummaryCard } from '../cards/fileSummaryCard';
import { ocrCard } from '../cards/ocrCard';
import { diagnose } from '../diagnosis';
import { compactSummary, diagnoseSummary } from '../diagnosis/logs';
import type { Lang } from '../diagnosis/types';
import { allowedDownloadUrl, download, DownloadRefused, downloadOptionsFromEnv, type DownloadOptions } from '../files/download';
import { readLogFile } from '../files/readLogFile';
import { ZipRefused } from '../files/zip';
import { recognise } from '../ocr/ocr';
import { repairOcrText } from '../ocr/repair';
import { t } from '../i18n';
import type { Logger } from '../logger';
import { storePaste } from '../storage';
import type { TurnLanguage } from './language';

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
const READABLE_NAME = /\.(?:log|txt|csv|zip)$/i;
/** What is kept of a file in the conversation's case: the evidence rows the rules read, cut. */
export const MAX_EXCERPT_CHARS = 8 * 1024;

export interface FileAttachmentDeps {
  language: TurnLanguage;
  env: NodeJS.ProcessEnv;
  logger?: Logger;
  lastDiagnosis?: StatePropertyAccessor<LastDiagnosis | undefined>;
  /** Saves conversation state after a background answer (the turn's own save has happened). */
  saveState?: (context: TurnContext) => Promise<void>;
  escalationAvailable?: (context: TurnContext) => boolean | Promise<boolean>;
}

interface FileDownloadInfo {
  downloadUrl?: string;
  uniqueId?: string;
  fileType?: string;
}

function sizeLabel(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(bytes >= 10 * 1024 * 1024 ? 0 : 1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export class FileAttachments {
  private readonly options: DownloadOptions;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly deps: FileAttachmentDeps) {
    this.options = downloadOptionsFromEnv(deps.env);
  }

  /** Resolves when every background read has answered (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Answers a message that carries a file or an image; false when there is none. */
  async handle(context: TurnContext): Promise<boolean> {
    const attachments = context.activity.attachments ?? [];
    const file = attachments.find((a) => a.contentType === FILE_DOWNLOAD_INFO);
    const image = attachments.find((a) => typeof a.contentType === 'string' && a.contentType.startsWith('image/'));
    const reference = attachments.find((a) => a.contentType === 'reference');
    if (!file && !image && !reference) return false;
    const lang = await this.deps.language.languageFor(context);
    const personal = context.activity.conversation?.conversationType === 'personal';
    if (file && personal) return this.file(context, file, lang);
    if ((file || reference) && !personal) {
      await context.sendActivity(t(lang, 'files.notPersonal'));
      return true;
    }
    if (image) return this.image(context, image, lang);
    return false;
  }

  /**
   * A screenshot: its contentUrl needs the bot's token, which is sent only when the URL is on the
   * activity's own Teams host (the serviceUrl's host, https). Anything else is refused unread.
   */
  private async image(context: TurnContext, attachment: Attachment, lang: Lang): Promise<boolean> {
    if (this.deps.env.OCR_DISABLED === '1') {
      await context.sendActivity(t(lang, 'files.image.unsupported'));
      return true;
    }
    const target = attachmentUrl(attachment.contentUrl, context.activity.serviceUrl, this.options.testHosts ?? []);
    if (!target) {
      this.deps.logger?.info({ contentType: attachment.contentType }, 'image refused: not on the Teams attachment host');
      await context.sendActivity(t(lang, 'files.failed', { name: attachment.name ?? 'image', reason: t(lang, 'files.image.host') }));
      return true;
    }
    const token = this.deps.env.MicrosoftAppId ? await botToken(context) : undefined;
    const progress = await context.sendActivity(t(lang, 'files.image.reading'));
    const reference = TurnContext.getConversationReference(context.activity);
    const adapter = context.adapter as CloudAdapter;
    const appId = this.deps.env.MicrosoftAppId?.trim() ?? '';
    const work = this.readImage(adapter, appId, reference, progress?.id, target, token, attachment.name ?? 'image', lang).catch((error: unknown) => {
      this.deps.logger?.error({ error: error instanceof Error ? error.name : String(error) }, 'image answer failed');
    });
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
    return true;
  }

  private async readImage(adapter: CloudAdapter, appId: string, reference: Partial<ConversationReference>, progressId: string | undefined, url: URL, token: string | undefined, name: string, lang: Lang): Promise<void> {
    let cards: Attachment[] = [];
    let failure: string | undefined;
    let excerpt: string | undefined;
    let findingIds: string[] = [];
    try {
      const image = await fetchImage(url, token, MAX_IMAGE_BYTES, this.options.timeoutMs);
      const read = await recognise(image, {
        langs: lang === 'ja' ? ['eng', 'jpn'] : ['eng'],
        ...(Number(this.deps.env.OCR_TIMEOUT_MS) > 0 ? { timeoutMs: Number(this.deps.env.OCR_TIMEOUT_MS) } : {}),
        ...(Number(this.deps.env.OCR_MAX_PIXELS) > 0 ? { maxPixels: Number(this.deps.env.OCR_MAX_PIXELS) } : {}),
      });
      const repaired = repairOcrText(read.text);
      this.deps.logger?.info({ width: read.width, height: read.height, ms: read.ms }, 'image read');
      if (repaired.text.trim().length < 10) failure = t(lang, 'files.image.noText');
      else {
        const diagnosis = diagnose(repaired.text, { lang });
        const [top, ...others] = diagnosis.findings;
        cards = [cardAttachment(ocrCard({ lang, text: repaired.text, repairedThumbprints: repaired.repairedThumbprints }))];
        if (top) cards.push(cardAttachment(diagnosisCard(top, { lang, otherFindings: others.filter((f) => f.id !== 'unrecognized') })));
        excerpt = repaired.text.slice(0, MAX_EXCERPT_CHARS);
        findingIds = diagnosis.findings.map((f) => f.id);
      }
    } catch (error) {
      const reason = (error as { reason?: string }).reason;
      const key = reason === 'pixels' || reason === 'timeout' || reason === 'unreadable' ? `files.image.${reason}` : reason === 'too-large' ? 'files.refused.too-large' : 'files.image.unreadable';
      this.deps.logger?.info({ reason: reason ?? 'error' }, 'image refused');
      failure = t(lang, 'files.failed', { name, reason: t(lang, key, { limit: Math.round(MAX_IMAGE_BYTES / 1024 / 1024), width: '?', height: '?' }) });
    }
    await adapter.continueConversationAsync(appId, reference, async (context) => {
      const first: Partial<Activity> = cards[0] ? { type: 'message', attachments: [cards[0]] } : { type: 'message', text: failure ?? '' };
      let updated = false;
      if (progressId) {
        try {
          await context.updateActivity({ ...first, id: progressId });
          updated = true;
        } catch {
          // Send as a new message instead.
        }
      }
      if (!updated) await context.sendActivity(first);
      for (const card of cards.slice(1)) await context.sendActivity({ attachments: [card] });
      if (excerpt && this.deps.lastDiagnosis) {
        const now = new Date();
        await this.deps.lastDiagnosis.set(context, { paste: storePaste(excerpt, now), findingIds, at: now.toISOString() });
        await this.deps.saveState?.(context);
      }
    });
  }

  private async file(context: TurnContext, attachment: Attachment, lang: Lang): Promise<boolean> {
    const info = (attachment.content ?? {}) as FileDownloadInfo;
    const name = (attachment.name ?? `file.${info.fileType ?? 'txt'}`).slice(0, 200);
    const refuse = async (reason: string): Promise<boolean> => {
      await context.sendActivity(t(lang, 'files.failed', { name, reason }));
      return true;
    };
    if (!READABLE_NAME.test(name)) return refuse(t(lang, 'files.refused.type'));
    if (typeof info.downloadUrl !== 'string' || !allowedDownloadUrl(info.downloadUrl, this.options)) {
      this.deps.logger?.info({ fileType: info.fileType }, 'file refused: download host not allowed');
      return refuse(t(lang, 'files.refused.host'));
    }
    const progress = await context.sendActivity(readingLine(lang, name));
    const reference = TurnContext.getConversationReference(context.activity);
    const adapter = context.adapter as CloudAdapter;
    const appId = this.deps.env.MicrosoftAppId?.trim() ?? '';
    const work = this.read(adapter, appId, reference, progress?.id, info.downloadUrl, name, lang).catch((error: unknown) => {
      this.deps.logger?.error({ error: error instanceof Error ? error.name : String(error) }, 'file answer failed');
    });
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
    return true;
  }

  /** Runs after the turn: download, analyse, answer in the same conversation. */
  private async read(adapter: CloudAdapter, appId: string, reference: Partial<ConversationReference>, progressId: string | undefined, url: string, name: string, lang: Lang): Promise<void> {
    const started = Date.now();
    let answer: { card?: Attachment; text?: string; diagnosis?: Attachment; excerpt?: string; findingIds?: string[] };
    let downloaded: Awaited<ReturnType<typeof download>> | undefined;
    let sizeUpdate: Promise<void> | undefined;
    try {
      downloaded = await download(url, {
        ...this.options,
        onLength: (bytes) => {
          if (!progressId) return;
          sizeUpdate = adapter
            .continueConversationAsync(appId, reference, (context) => context.updateActivity({ type: 'message', id: progressId, text: readingLine(lang, name, bytes) }).then(() => undefined))
            .catch(() => undefined);
        },
      });
      const { summary } = await readLogFile(downloaded.file, name);
      if (summary.lines === 0 || summary.text.trim() === '') answer = { text: t(lang, 'files.failed', { name, reason: t(lang, 'files.refused.empty') }) };
      else {
        const { diagnosis } = diagnoseSummary(summary, { lang });
        const [top, ...others] = diagnosis.findings;
        const summaryCard = fileSummaryCard({ lang, name, summary: compactSummary(summary), ...(top && top.id !== 'unrecognized' ? { top } : {}) });
        answer = {
          card: cardAttachment(summaryCard),
          excerpt: summary.text.slice(0, MAX_EXCERPT_CHARS),
          findingIds: diagnosis.findings.map((f) => f.id),
        };
        if (top) answer.diagnosis = { ...cardAttachment(diagnosisCard(top, { lang, otherFindings: others.filter((f) => f.id !== 'unrecognized') })) };
      }
      this.deps.logger?.info({ bytes: downloaded.bytes, ms: Date.now() - started, findings: answer.findingIds }, 'file read');
    } catch (error) {
      const reason =
        error instanceof DownloadRefused
          ? t(lang, `files.refused.${error.reason}`, { limit: Math.round(this.options.maxBytes / 1024 / 1024), status: error.status ?? 0 })
          : error instanceof ZipRefused
            ? t(lang, `files.refused.${error.reason}`)
            : t(lang, 'files.refused.zip-invalid');
      this.deps.logger?.info({ reason: error instanceof DownloadRefused || error instanceof ZipRefused ? error.reason : 'error' }, 'file refused');
      answer = { text: t(lang, 'files.failed', { name, reason }) };
    } finally {
      await downloaded?.remove();
    }
    await sizeUpdate;
    await adapter.continueConversationAsync(appId, reference, async (context) => {
      const replacement: Partial<Activity> = answer.card ? { type: 'message', attachments: [answer.card] } : { type: 'message', text: answer.text ?? '' };
      let updated = false;
      if (progressId) {
        try {
          await context.updateActivity({ ...replacement, id: progressId });
          updated = true;
        } catch {
          // Some clients cannot update a message: send the answer as a new one instead.
        }
      }
      if (!updated) await context.sendActivity(replacement);
      if (answer.diagnosis) await context.sendActivity({ attachments: [answer.diagnosis] });
      if (answer.excerpt && this.deps.lastDiagnosis) {
        const now = new Date();
        await this.deps.lastDiagnosis.set(context, { paste: storePaste(answer.excerpt, now), findingIds: answer.findingIds ?? [], at: now.toISOString() });
        await this.deps.saveState?.(context);
      }
    });
  }
}

const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** The image URL when it is on the activity's own Teams host (https; a test host over http). */
export function attachmentUrl(contentUrl: string | undefined, serviceUrl: string | undefined, testHosts: readonly string[]): URL | undefined {
  if (!contentUrl || !serviceUrl) return undefined;
  try {
    const target = new URL(contentUrl);
    const service = new URL(serviceUrl);
    if (target.username || target.password || target.hostname !== service.hostname) return undefined;
    if (target.protocol === 'https:' && service.protocol === 'https:' && target.port === service.port) return target;
    // The test stand-ins share 127.0.0.1 on different ports.
    if (testHosts.includes(target.hostname) && target.protocol === service.protocol) return target;
  } catch {
    // not a URL
  }
  return undefined;
}

/** The bot's Bot Connector token from this turn's connector client (CloudAdapter), if any. */
async function botToken(context: TurnContext): Promise<string | undefined> {
  const adapter = context.adapter as CloudAdapter & { ConnectorClientKey?: symbol };
  const client = adapter.ConnectorClientKey ? context.turnState.get(adapter.ConnectorClientKey) : undefined;
  const credentials = (client as { credentials?: { getToken?: () => Promise<string> } } | undefined)?.credentials;
  try {
    return (await credentials?.getToken?.()) || undefined;
  } catch {
    return undefined;
  }
}

/** GETs the image with the token (only ever to the URL attachmentUrl() accepted), no redirects, capped. */
async function fetchImage(url: URL, token: string | undefined, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(timeoutMs), headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!response.ok || !response.body) throw new DownloadRefused('http', response.status);
  if (Number(response.headers.get('content-length')) > maxBytes) {
    await response.body.cancel();
    throw new DownloadRefused('too-large');
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    if (bytes > maxBytes) throw new DownloadRefused('too-large');
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** "Reading collect.zip (38 MB)…", the size once the download host has said it. */
export function readingLine(lang: Lang, name: string, bytes?: number): string {
  return bytes === undefined ? t(lang, 'files.readingUnknown', { name }) : t(lang, 'files.reading', { name, size: sizeLabel(bytes) });
}

/** Registers the handler on the router (before the paste dialog). */
export function attachFiles(router: { onTextCommand(handler: (context: TurnContext, text: string) => Promise<boolean>): unknown }, deps: FileAttachmentDeps): FileAttachments {
  const files = new FileAttachments(deps);
  router.onTextCommand((context) => files.handle(context));
  return files;
}
