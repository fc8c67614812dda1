const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in China (UTC+8), YYYY-MM-DD: decision dates are compared with the local calendar. */
export function todayInShanghai(now: Date = new Date()): string {
  return fmt.format(now);
}
