/**
 * A small lexer for MySQL scripts: finds comments and statement boundaries, honouring quotes
 * (' " `), `--`/`#`/`/* *\/` comments and the mysql client's `DELIMITER` directive (which the
 * server never sees, so it is stripped here as the mysql client and Flyway do).
 */
export interface RawComment {
  start: number;
  end: number;
  body: string;
}
export interface RawStatement {
  start: number;
  end: number;
  text: string;
}

export function splitMysql(sql: string): { statements: RawStatement[]; comments: RawComment[] } {
  const statements: RawStatement[] = [];
  const comments: RawComment[] = [];
  let delimiter = ';';
  let stmtStart = -1;
  let i = 0;
  const n = sql.length;
  const atLineStart = (p: number) => {
    let k = p - 1;
    while (k >= 0 && (sql[k] === ' ' || sql[k] === '\t')) k--;
    return k < 0 || sql[k] === '\n' || sql[k] === '\r';
  };
  const push = (end: number) => {
    if (stmtStart >= 0) {
      let e = end;
      while (e > stmtStart && /\s/.test(sql[e - 1]!)) e--;
      if (e > stmtStart) statements.push({ start: stmtStart, end: e, text: sql.slice(stmtStart, e) });
    }
    stmtStart = -1;
  };
  while (i < n) {
    const c = sql[i]!;
    if (stmtStart < 0 && /\s/.test(c)) {
      i++;
      continue;
    }
    if ((c === '-' && sql[i + 1] === '-' && (i + 2 >= n || /\s/.test(sql[i + 2]!))) || c === '#') {
      let e = sql.indexOf('\n', i);
      if (e < 0) e = n;
      const end = sql[e - 1] === '\r' ? e - 1 : e;
      comments.push({ start: i, end, body: sql.slice(i + (c === '#' ? 1 : 2), end) });
      i = e;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*' && sql[i + 2] !== '!') {
      let e = sql.indexOf('*/', i + 2);
      e = e < 0 ? n : e + 2;
      comments.push({ start: i, end: e, body: sql.slice(i + 2, e - 2) });
      i = e;
      continue;
    }
    if (stmtStart < 0 && atLineStart(i) && /^delimiter\s/i.test(sql.slice(i, i + 10))) {
      let e = sql.indexOf('\n', i);
      if (e < 0) e = n;
      const d = sql.slice(i + 9, e).trim();
      if (d) delimiter = d;
      i = e;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      if (stmtStart < 0) stmtStart = i;
      let k = i + 1;
      while (k < n) {
        if (sql[k] === '\\' && c !== '`') k += 2;
        else if (sql[k] === c && sql[k + 1] === c) k += 2;
        else if (sql[k] === c) break;
        else k++;
      }
      i = k + 1;
      continue;
    }
    if (sql.startsWith(delimiter, i)) {
      push(i);
      i += delimiter.length;
      continue;
    }
    if (stmtStart < 0) stmtStart = i;
    i++;
  }
  push(n);
  return { statements, comments };
}
