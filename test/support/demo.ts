/** The demo city's accounts for browser tests: their passwords, from the notes printed at first start. */

/** The password of a demo account, from lines like `  xihu         <password>  西湖区流动人口办`. */
export function demoPassword(notes: readonly string[], username: string): string {
  for (const line of notes) {
    const m = /^\s+(\S+)\s+(\S+)\s{2}/.exec(line);
    if (m && m[1] === username) return m[2]!;
  }
  throw new Error(`no demo password for ${username} in:\n${notes.join('\n')}`);
}
