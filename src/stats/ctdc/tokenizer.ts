/**
 * The tokenizer of delimited text as CTDC publishes it (reader.ts feeds it): comma or tab separated, RFC 4180
 * quotes, CRLF or LF. Records come out as soon as they are complete; a record too long for CTDC data stops it.
 */

export interface RawRecord {
  /** Physical line (1-based) where the record starts. */
  line: number;
  fields: string[];
}

export class ReadProblem extends Error {
  constructor(
    readonly code: 'file.binary' | 'file.encoding' | 'file.gzip' | 'file.unclosedQuote' | 'file.tooLong' | 'file.read' | 'file.xlsx',
    readonly line: number,
    readonly column: number,
  ) {
    super(`${code} at line ${line}, column ${column}`);
  }
}

/** A field or record longer than this is not CTDC data: stop before memory grows without bound. */
const MAX_RECORD_CHARS = 1_000_000;

/** Incremental tokenizer: push decoded text, take complete records. */
export class DelimitedTokenizer {
  private delimiter: string | undefined;
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  private quoteClosed = false;
  private pendingCr = false;
  private line = 1;
  private recordLine = 1;
  private recordChars = 0;
  private fieldStartedQuoted = false;

  /** The delimiter is chosen on the header line: tab for the 2021 TSV, comma otherwise. */
  private chooseDelimiter(text: string): void {
    const end = text.search(/[\r\n]/);
    const head = end >= 0 ? text.slice(0, end) : text;
    const tabs = head.split('\t').length;
    const commas = head.split(',').length;
    const semis = head.split(';').length;
    this.delimiter = tabs > commas && tabs > semis ? '\t' : semis > commas && semis > tabs ? ';' : ',';
  }

  get currentLine(): number {
    return this.line;
  }

  /** Line and column of a byte offset in a chunk not pushed yet (for a problem found before decoding it). */
  locate(chunk: Buffer, offset: number): { line: number; column: number } {
    let line = this.line;
    let column = this.fields.length + 1;
    const d = (this.delimiter ?? ',').charCodeAt(0);
    for (let i = 0; i < offset && i < chunk.length; i++) {
      const b = chunk[i];
      if (b === 0x0a) {
        line++;
        column = 1;
      } else if (b === d) column++;
    }
    return { line, column };
  }

  push(text: string, out: RawRecord[]): void {
    if (this.delimiter === undefined) {
      if (text.length === 0) return;
      this.chooseDelimiter(text);
    }
    const d = this.delimiter as string;
    let i = 0;
    const n = text.length;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (text[0] === '\n') i = 1;
    }
    while (i < n) {
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        const chunkEnd = q < 0 ? n : q;
        const piece = text.slice(i, chunkEnd);
        this.field += piece;
        this.countLines(piece);
        this.recordChars += piece.length;
        if (q < 0) {
          i = n;
        } else if (text[q + 1] === '"') {
          this.field += '"';
          i = q + 2;
        } else if (q + 1 >= n) {
          // A quote at the end of a chunk: closing unless the next chunk starts with another quote.
          this.inQuotes = false;
          this.quoteClosed = true;
          i = n;
        } else {
          this.inQuotes = false;
          i = q + 1;
        }
        if (this.recordChars > MAX_RECORD_CHARS) throw new ReadProblem('file.tooLong', this.recordLine, this.fields.length + 1);
        continue;
      }
      const c = text[i] as string;
      if (this.quoteClosed) {
        this.quoteClosed = false;
        if (c === '"') {
          // "" split across two chunks: an escaped quote inside the field.
          this.field += '"';
          this.inQuotes = true;
          i++;
          continue;
        }
      }
      if (c === d) {
        this.fields.push(this.field);
        this.field = '';
        this.fieldStartedQuoted = false;
        i++;
      } else if (c === '\n' || c === '\r') {
        this.endRecord(out);
        this.line++;
        if (c === '\r') {
          if (i + 1 >= n) this.pendingCr = true;
          else if (text[i + 1] === '\n') i++;
        }
        i++;
      } else if (c === '"' && this.field === '' && !this.fieldStartedQuoted) {
        this.inQuotes = true;
        this.fieldStartedQuoted = true;
        i++;
      } else {
        // Fast path: copy up to the next special character.
        let j = i + 1;
        while (j < n) {
          const x = text[j];
          if (x === d || x === '\n' || x === '\r' || x === '"') break;
          j++;
        }
        this.field += text.slice(i, j);
        this.recordChars += j - i;
        if (this.recordChars > MAX_RECORD_CHARS) throw new ReadProblem('file.tooLong', this.recordLine, this.fields.length + 1);
        i = j;
        // A quote inside an unquoted field is kept literally, as lenient CSV readers do.
        if (text[i] === '"' && this.field !== '') {
          this.field += '"';
          i++;
        }
      }
    }
  }

  private countLines(piece: string): void {
    let k = piece.indexOf('\n');
    while (k >= 0) {
      this.line++;
      k = piece.indexOf('\n', k + 1);
    }
  }

  private endRecord(out: RawRecord[]): void {
    this.fields.push(this.field);
    const blank = this.fields.length === 1 && this.fields[0] === '' && !this.fieldStartedQuoted;
    if (!blank) out.push({ line: this.recordLine, fields: this.fields });
    this.fields = [];
    this.field = '';
    this.fieldStartedQuoted = false;
    this.recordChars = 0;
    this.recordLine = this.line + 1;
  }

  end(out: RawRecord[]): void {
    if (this.inQuotes) throw new ReadProblem('file.unclosedQuote', this.recordLine, this.fields.length + 1);
    this.quoteClosed = false;
    if (this.field !== '' || this.fields.length > 0 || this.fieldStartedQuoted) this.endRecord(out);
  }
}
