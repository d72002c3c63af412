import { ApiError } from '../status.errors.js';
import { FieldSelector, type FieldRequirement, EVERYTHING_FIELDS } from './field-selector.model.js';

/** Splits on commas not escaped by a backslash; escapes stay in the terms. */
function splitTerms(s: string): string[] {
  if (s === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inSlash) inSlash = false;
    else if (c === 0x5c) inSlash = true;
    else if (c === 0x2c) {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

/** The first operator occurrence splits the term; at one position '!=' beats '==' beats '='. */
function splitTerm(term: string): [string, '=' | '!=', string] | undefined {
  for (let i = 0; i < term.length; i++) {
    if (term.startsWith('!=', i)) return [term.slice(0, i), '!=', term.slice(i + 2)];
    if (term.startsWith('==', i)) return [term.slice(0, i), '=', term.slice(i + 2)];
    if (term.startsWith('=', i)) return [term.slice(0, i), '=', term.slice(i + 1)];
  }
  return undefined;
}

const NEEDS_UNESCAPE = /[\\,=]/;

/** fields.UnescapeValue; only `\\`, `\,` and `\=` are escapes. */
function unescapeFieldValue(s: string): string {
  if (!NEEDS_UNESCAPE.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw ApiError.badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      // Upstream formats the rune with %v, i.e. as its code point number (61 for '=').
      throw ApiError.badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0) ?? 0}`);
    } else {
      out += c;
    }
  }
  if (inSlash) throw ApiError.badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/**
 * Parses `?fieldSelector=` as upstream's fields.ParseSelector. Throws ApiError 400 with upstream's
 * message text.
 */
export function parseFieldSelector(selector: string): FieldSelector {
  const parts = splitTerms(selector).sort();
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw ApiError.badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [field, operator, raw] = split;
    reqs.push({ field, operator, value: unescapeFieldValue(raw) });
  }
  return reqs.length ? new FieldSelector(reqs) : EVERYTHING_FIELDS;
}
