import { lex } from '../line-facts/lexer.js';
import { JSON_SYNTAX } from '../line-facts/syntaxes.js';

/** JSON with comments and trailing commas (an editor's or a dev container's settings) made plain JSON, offsets unchanged. */
export function plainJson(text: string): string {
  return lex(text, JSON_SYNTAX).code.replace(/,(\s*[}\]])/g, ' $1');
}
