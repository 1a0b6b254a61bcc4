// Placeholder replaced in this session (issue 27): whether a scheduled release is due.
console.error('npm run releases:due: not written yet');
process.exit(2);
