// A text form of predicates for the CLI (`--where`): conditions joined by AND, e.g.
//   letter = 'a' and date >= 2024-01-01 and id in (1, 2, 3) and note is not null
// Values are quoted with single quotes ('' escapes one) or bare; column names bare or in double quotes. Values are
// typed later by their column (bindPredicate), so `2024-01-01` works for a date and `12.50` for a decimal.
import { LakeError } from '../errors';
import type { ComparisonOp, Predicate } from './predicate';

export class PredicateSyntaxError extends LakeError {
  readonly code = 'PREDICATE_SYNTAX';
  constructor(
    readonly text: string,
    detail: string,
  ) {
    super(`filter ${JSON.stringify(text)}: ${detail}`);
  }
}

type Token = { kind: 'word' | 'quoted' | 'ident' | 'op' | 'punct'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length)
          throw new PredicateSyntaxError(text, `unterminated ${c} quote at position ${i + 1}`);
        if (text[j] === c) {
          if (text[j + 1] === c) {
            value += c;
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push({ kind: c === "'" ? 'quoted' : 'ident', text: value });
      i = j + 1;
    } else if ('(),'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else if ('=!<>'.includes(c)) {
      const two = text.slice(i, i + 2);
      const op = ['!=', '<>', '<=', '>='].includes(two) ? two : c;
      if (op === '!') throw new PredicateSyntaxError(text, `unexpected "!" at position ${i + 1}`);
      tokens.push({ kind: 'op', text: op === '<>' ? '!=' : op });
      i += op.length;
    } else {
      const m = /^[^\s'"(),=!<>]+/.exec(text.slice(i))!;
      tokens.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

/** Parses `--where` text into a Predicate (a single condition, or an `and` of several). */
export function parsePredicateText(text: string): Predicate {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const next = (what: string): Token => {
    const t = tokens[pos++];
    if (t === undefined) throw new PredicateSyntaxError(text, `expected ${what} at the end`);
    return t;
  };
  const isWord = (t: Token | undefined, word: string) => t?.kind === 'word' && t.text.toLowerCase() === word;
  const value = (): string => {
    const t = next('a value');
    if (t.kind === 'quoted' || t.kind === 'word') return t.text;
    throw new PredicateSyntaxError(text, `expected a value, found "${t.text}"`);
  };

  const conditions: Predicate[] = [];
  for (;;) {
    const columnToken = next('a column name');
    if (columnToken.kind !== 'word' && columnToken.kind !== 'ident') {
      throw new PredicateSyntaxError(text, `expected a column name, found "${columnToken.text}"`);
    }
    const column = columnToken.text;
    const t = next('an operator');
    if (t.kind === 'op') {
      conditions.push({ column, op: t.text as ComparisonOp, value: value() });
    } else if (isWord(t, 'in')) {
      const open = next('"("');
      if (open.text !== '(')
        throw new PredicateSyntaxError(text, `expected "(" after IN, found "${open.text}"`);
      const values: string[] = [value()];
      for (;;) {
        const sep = next('"," or ")"');
        if (sep.text === ')') break;
        if (sep.text !== ',')
          throw new PredicateSyntaxError(text, `expected "," or ")", found "${sep.text}"`);
        values.push(value());
      }
      conditions.push({ column, op: 'in', values });
    } else if (isWord(t, 'is')) {
      const negated = isWord(peek(), 'not');
      if (negated) pos++;
      if (!isWord(next('NULL'), 'null')) throw new PredicateSyntaxError(text, 'expected NULL after IS [NOT]');
      conditions.push({ column, op: negated ? 'is-not-null' : 'is-null' });
    } else {
      throw new PredicateSyntaxError(
        text,
        `expected an operator (=, !=, <, <=, >, >=, IN, IS [NOT] NULL) after ${column}, found "${t.text}"`,
      );
    }
    if (peek() === undefined) break;
    if (!isWord(next('AND'), 'and')) {
      throw new PredicateSyntaxError(
        text,
        `expected AND between conditions, found "${tokens[pos - 1]!.text}"`,
      );
    }
  }
  return conditions.length === 1 ? conditions[0]! : { and: conditions };
}
