/**
 * The error that stops an issuing run, with a stable code. In its own module because every stage
 * (stages/) throws it and issue-fs.ts, which composes the stages, exports it: one class, so callers'
 * `instanceof IssueError` holds whichever stage threw.
 */
export class IssueError extends Error {
  readonly code: 'ERR_SELF_CHECK' | 'ERR_ISSUE_CONTENT';
  constructor(code: IssueError['code'], message: string) {
    super(message);
    this.name = 'IssueError';
    this.code = code;
  }
}
