/**
 * Tokenizer of the label selector string syntax, byte-for-byte with upstream's lexer: the parser's
 * error texts quote token literals, so token boundaries must be identical.
 */
export enum Tok {
  Error = 0,
  EndOfString,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

export interface Token {
  readonly tok: Tok;
  readonly lit: string;
}

const LITERALS: ReadonlyMap<string, Tok> = new Map([
  [')', Tok.ClosedPar],
  [',', Tok.Comma],
  ['!', Tok.DoesNotExist],
  ['==', Tok.DoubleEquals],
  ['=', Tok.Equals],
  ['>', Tok.GreaterThan],
  ['in', Tok.In],
  ['<', Tok.LessThan],
  ['!=', Tok.NotEquals],
  ['notin', Tok.NotIn],
  ['(', Tok.OpenPar],
]);

const NUL = 0;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

function isSpecial(c: number): boolean {
  // = ! ( ) , > <
  return c === 0x3d || c === 0x21 || c === 0x28 || c === 0x29 || c === 0x2c || c === 0x3e || c === 0x3c;
}

class Lexer {
  private pos = 0;
  constructor(private readonly s: string) {}

  // Upstream reads a 0 byte both at end of input and for an embedded NUL; we mirror that.
  private read(): number {
    if (this.pos < this.s.length) return this.s.charCodeAt(this.pos++);
    return NUL;
  }

  private unread(): void {
    this.pos--;
  }

  next(): Token {
    let c = this.read();
    while (isWhitespace(c)) c = this.read();
    if (c === NUL) return { tok: Tok.EndOfString, lit: '' };
    this.unread();
    return isSpecial(c) ? this.scanSpecial() : this.scanWord();
  }

  private scanWord(): Token {
    const start = this.pos;
    let end = start;
    for (;;) {
      const c = this.read();
      if (c === NUL) break;
      if (isSpecial(c) || isWhitespace(c)) {
        this.unread();
        break;
      }
      end = this.pos;
    }
    const lit = this.s.slice(start, end);
    return { tok: LITERALS.get(lit) ?? Tok.Identifier, lit };
  }

  /** Longest run of special characters that still forms a known operator ("!=" beats "!"). */
  private scanSpecial(): Token {
    let buf = '';
    let last: Token | undefined;
    for (;;) {
      const c = this.read();
      if (c === NUL) break;
      if (!isSpecial(c)) {
        this.unread();
        break;
      }
      buf += String.fromCharCode(c);
      const t = LITERALS.get(buf);
      if (t !== undefined) {
        last = { tok: t, lit: buf };
      } else if (last) {
        this.unread();
        break;
      }
    }
    return last ?? { tok: Tok.Error, lit: `error expected: keyword found '${buf}'` };
  }
}

/** All tokens up to and including the end-of-string token. */
export function tokenize(s: string): Token[] {
  const lx = new Lexer(s);
  const out: Token[] = [];
  for (;;) {
    const t = lx.next();
    out.push(t);
    if (t.tok === Tok.EndOfString) return out;
  }
}
