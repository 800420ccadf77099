/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  /** Content, citation, template or render errors (including a failed guide). */
  content: 1,
  /** Bad command line: unknown option, bad value, missing guide. */
  usage: 2,
  /** An internal error (a bug in studyguide). */
  internal: 3,
  /** Interrupted by SIGINT (Ctrl-C). */
  sigint: 130,
  /** Stopped by SIGTERM. */
  sigterm: 143,
} as const;
