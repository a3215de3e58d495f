// Formats durations and play times the way paraslash's ls and stat print them.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SIX_MONTHS = 183 * 24 * 3600;

/** m:ss, or h:mm:ss from one hour on */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** strftime "%b %e %k:%M" within six months of now, else "%b %e  %Y" (local time) */
export function formatLastPlayed(epochSeconds: number, now = Date.now() / 1000): string {
  const d = new Date(epochSeconds * 1000);
  const day = String(d.getDate()).padStart(2, ' ');
  const month = MONTHS[d.getMonth()]!;
  if (Math.abs(now - epochSeconds) <= SIX_MONTHS) {
    const hour = String(d.getHours()).padStart(2, ' ');
    return `${month} ${day} ${hour}:${String(d.getMinutes()).padStart(2, '0')}`;
  }
  return `${month} ${day}  ${d.getFullYear()}`;
}
