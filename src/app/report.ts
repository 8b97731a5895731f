/**
 * How a use case tells its caller about a problem that is not fatal (a venue failed, a quote
 * was dropped): the caller decides where it goes (stderr as text or JSON lines, an HTTP log, a
 * test's array). `app/` never writes to stdout or stderr itself.
 */
export type Report = (venue: string | undefined, message: string, level?: 'warning' | 'error') => void;
