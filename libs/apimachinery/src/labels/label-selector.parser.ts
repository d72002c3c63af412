import { ApiError, FieldError } from '../status.errors.js';
import { isQualifiedName } from '../validation/format.validation.js';
import { aggregateMessage, BINARY_OPERATORS, LabelRequirement, type LabelOperator, requirementErrors } from './label-requirement.model.js';
import { tokenize, Tok, type Token } from './label-selector.lexer.js';
import { LabelSelector } from './label-selector.model.js';

/** Parse failure; the message is exactly upstream's `err.Error()`. */
class ParseError extends Error {}

/** Where the parser is: 'in'/'notin' are operators after a key but plain words anywhere else. */
const enum Ctx {
  KeyAndOperator,
  Values,
}

class Parser {
  private pos = 0;
  constructor(private readonly items: readonly Token[]) {}

  private at(i: number, ctx: Ctx): Token {
    // The token list always ends with EndOfString and the parser never reads past it.
    const t = this.items[i] ?? { tok: Tok.EndOfString, lit: '' };
    if (ctx === Ctx.Values && (t.tok === Tok.In || t.tok === Tok.NotIn)) return { tok: Tok.Identifier, lit: t.lit };
    return t;
  }

  private peek(ctx: Ctx): Token {
    return this.at(this.pos, ctx);
  }

  private take(ctx: Ctx): Token {
    return this.at(this.pos++, ctx);
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const t = this.peek(Ctx.Values);
      if (t.tok === Tok.EndOfString) return reqs;
      if (t.tok !== Tok.Identifier && t.tok !== Tok.DoesNotExist) {
        throw new ParseError(`found '${t.lit}', expected: !, identifier, or 'end of string'`);
      }
      try {
        reqs.push(this.requirement());
      } catch (e) {
        if (e instanceof ParseError) throw new ParseError(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      const after = this.take(Ctx.Values);
      if (after.tok === Tok.EndOfString) return reqs;
      if (after.tok !== Tok.Comma) throw new ParseError(`found '${after.lit}', expected: ',' or 'end of string'`);
      const n = this.peek(Ctx.Values);
      if (n.tok !== Tok.Identifier && n.tok !== Tok.DoesNotExist) {
        throw new ParseError(`found '${n.lit}', expected: identifier after ','`);
      }
    }
  }

  private requirement(): LabelRequirement {
    let op: LabelOperator | undefined;
    let t = this.take(Ctx.Values);
    if (t.tok === Tok.DoesNotExist) {
      op = '!';
      t = this.take(Ctx.Values);
    }
    if (t.tok !== Tok.Identifier) throw new ParseError(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const keyErrs = isQualifiedName(key);
    // Upstream validates the key with a nil field path, which Go prints as "<nil>".
    if (keyErrs.length) throw new ParseError(FieldError.invalid('<nil>', key, keyErrs.join('; ')).toString());
    const next = this.peek(Ctx.Values).tok;
    if ((next === Tok.EndOfString || next === Tok.Comma) && op === undefined) op = 'exists';
    if (op === 'exists' || op === '!') return build(key, op, []);

    const opTok = this.take(Ctx.KeyAndOperator);
    const binary = OPERATOR_OF.get(opTok.tok);
    if (binary === undefined) throw new ParseError(`found '${opTok.lit}', expected: ${BINARY_OPERATORS.join(', ')}`);
    const values = binary === 'in' || binary === 'notin' ? this.setValues() : this.exactValue();
    // Upstream hands the values over as a sorted set.
    return build(key, binary, [...new Set(values)].sort());
  }

  private setValues(): string[] {
    const open = this.take(Ctx.Values);
    if (open.tok !== Tok.OpenPar) throw new ParseError(`found '${open.lit}' expected: '('`);
    const first = this.peek(Ctx.Values);
    if (first.tok === Tok.ClosedPar) {
      this.take(Ctx.Values);
      return [''];
    }
    if (first.tok !== Tok.Identifier && first.tok !== Tok.Comma) {
      throw new ParseError(`found '${first.lit}', expected: ',', ')' or identifier`);
    }
    const list = this.identifierList();
    if (this.take(Ctx.Values).tok !== Tok.ClosedPar) {
      // Upstream quotes the first token of the list here, not the offending one.
      throw new ParseError(`found '${first.lit}', expected: ')'`);
    }
    return list;
  }

  private identifierList(): string[] {
    const out: string[] = [];
    for (;;) {
      const t = this.take(Ctx.Values);
      if (t.tok === Tok.Identifier) {
        out.push(t.lit);
        const n = this.peek(Ctx.Values);
        if (n.tok === Tok.Comma) continue;
        if (n.tok === Tok.ClosedPar) return out;
        throw new ParseError(`found '${n.lit}', expected: ',' or ')'`);
      } else if (t.tok === Tok.Comma) {
        // Empty members: "(,a)", "(a,)", "(a,,b)" all contribute the empty string.
        if (out.length === 0) out.push('');
        const n = this.peek(Ctx.Values).tok;
        if (n === Tok.ClosedPar) {
          out.push('');
          return out;
        }
        if (n === Tok.Comma) out.push('');
      } else {
        throw new ParseError(`found '${t.lit}', expected: ',', or identifier`);
      }
    }
  }

  private exactValue(): string[] {
    const n = this.peek(Ctx.Values).tok;
    if (n === Tok.EndOfString || n === Tok.Comma) return [''];
    const t = this.take(Ctx.Values);
    if (t.tok === Tok.Identifier) return [t.lit];
    throw new ParseError(`found '${t.lit}', expected: identifier`);
  }
}

const OPERATOR_OF: ReadonlyMap<Tok, LabelOperator> = new Map([
  [Tok.In, 'in'],
  [Tok.Equals, '='],
  [Tok.DoubleEquals, '=='],
  [Tok.GreaterThan, 'gt'],
  [Tok.LessThan, 'lt'],
  [Tok.NotIn, 'notin'],
  [Tok.NotEquals, '!='],
]);

function build(key: string, op: LabelOperator, values: string[]): LabelRequirement {
  const errs = requirementErrors(key, op, values);
  if (errs.length) throw new ParseError(aggregateMessage(errs));
  return new LabelRequirement(key, op, values);
}

/**
 * Parses `?labelSelector=` as upstream's labels.Parse. The empty string selects everything.
 * Throws ApiError 400 with upstream's message text on malformed input.
 */
export function parseLabelSelector(s: string): LabelSelector {
  try {
    return LabelSelector.of(new Parser(tokenize(s)).parse());
  } catch (e) {
    if (e instanceof ParseError) throw ApiError.badRequest(e.message);
    throw e;
  }
}
