// Bundled in place of `wrap-ansi` for cliui (yargs' help layout). The real
// module walks every character of its result through a Map lookup and string
// concatenation to re-open ANSI styles across line breaks: ~60% of rendering
// `nettk --help`. Help text is printable ASCII without escapes, where that
// walk returns its input unchanged, so this runs wrap-ansi's own word
// wrapping with width = length and skips the walk; anything else (escapes,
// control characters, non-ASCII) goes to the real wrap-ansi.
// fast-wrap-ansi.test.ts checks it against wrap-ansi on random input.
import wrapAnsi from 'wrap-ansi';

const PLAIN = /^[\x20-\x7e\n]*$/;

// wrap-ansi's wrapWord with every character one column wide.
function wrapWord(rows, word, columns) {
  let visible = rows[rows.length - 1].length;
  for (let index = 0; index < word.length; index++) {
    if (visible + 1 <= columns) {
      rows[rows.length - 1] += word[index];
    } else {
      rows.push(word[index]);
      visible = 0;
    }
    visible += 1;
    if (visible === columns && index < word.length - 1) {
      rows.push('');
      visible = 0;
    }
  }
  if (!visible && rows[rows.length - 1].length > 0 && rows.length > 1) rows[rows.length - 2] += rows.pop();
}

// wrap-ansi's stringVisibleTrimSpacesRight.
function trimSpacesRight(string) {
  const words = string.split(' ');
  let last = words.length;
  while (last > 0 && words[last - 1].length === 0) last--;
  return last === words.length ? string : words.slice(0, last).join(' ') + words.slice(last).join('');
}

// wrap-ansi's exec for one line of printable ASCII.
function wrapLine(string, columns, options) {
  const trim = options.trim !== false;
  if (trim && string.trim() === '') return '';
  const words = string.split(' ');
  let rows = [''];
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    const length = word.length;
    if (trim) rows[rows.length - 1] = rows[rows.length - 1].trimStart();
    let rowLength = rows[rows.length - 1].length;
    if (index !== 0) {
      if (rowLength >= columns && (options.wordWrap === false || !trim)) {
        rows.push('');
        rowLength = 0;
      }
      if (rowLength > 0 || !trim) {
        rows[rows.length - 1] += ' ';
        rowLength++;
      }
    }
    if (options.hard && length > columns) {
      const remainingColumns = columns - rowLength;
      const breaksStartingThisLine = 1 + Math.floor((length - remainingColumns - 1) / columns);
      const breaksStartingNextLine = Math.floor((length - 1) / columns);
      if (breaksStartingNextLine < breaksStartingThisLine) rows.push('');
      wrapWord(rows, word, columns);
      continue;
    }
    if (rowLength + length > columns && rowLength > 0 && length > 0) {
      if (options.wordWrap === false && rowLength < columns) {
        wrapWord(rows, word, columns);
        continue;
      }
      rows.push('');
    }
    if (rowLength + length > columns && options.wordWrap === false) {
      wrapWord(rows, word, columns);
      continue;
    }
    rows[rows.length - 1] += word;
  }
  if (trim) rows = rows.map(trimSpacesRight);
  return rows.join('\n');
}

export default function fastWrapAnsi(string, columns, options = {}) {
  const text = String(string).replaceAll('\r\n', '\n');
  if (!PLAIN.test(text)) return wrapAnsi(string, columns, options);
  return text
    .split('\n')
    .map((line) => wrapLine(line, columns, options))
    .join('\n');
}
