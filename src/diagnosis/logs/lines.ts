// Splits a stream of text chunks into lines without ever holding more than one partial line.
// Pure: the caller feeds chunks (strings, or bytes decoded here as UTF-8).

/** Lines longer than this are cut (the rest of the line is skipped, not buffered). */
export const MAX_LINE_CHARS = 64 * 1024;

export class LineSplitter {
  private partial = '';
  private skipping = false;
  private readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string | Uint8Array): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      let line: string;
      if (this.partial) {
        line = this.partial + text.slice(start, nl);
        this.partial = '';
      } else line = text.slice(start, nl);
      if (this.skipping) this.skipping = false;
      else this.emit(line);
      start = nl + 1;
    }
    if (start < text.length && !this.skipping) {
      this.partial += text.slice(start);
      if (this.partial.length > MAX_LINE_CHARS) {
        this.emit(this.partial.slice(0, MAX_LINE_CHARS));
        this.partial = '';
        this.skipping = true;
      }
    }
  }

  /** Flushes the last line (a file need not end with a newline). */
  end(): void {
    const rest = this.decoder.decode();
    if (rest) this.push(rest);
    if (this.partial && !this.skipping) this.emit(this.partial);
    this.partial = '';
    this.skipping = false;
  }

  private emit(line: string): void {
    const trimmed = line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
    this.onLine(trimmed.length > MAX_LINE_CHARS ? trimmed.slice(0, MAX_LINE_CHARS) : trimmed);
  }
}
