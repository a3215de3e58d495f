// node:test reporter that writes "passed failed skipped" counts of the leaf tests, for the
// single closing line of scripts/test.sh, then one line per test file: "seconds path" (the sum of
// its top-level tests, which run one after another), for the slowest-files list.
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const fileMs = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    if (data.nesting === 0 && data.file) {
      fileMs.set(data.file, (fileMs.get(data.file) ?? 0) + (data.details?.duration_ms ?? 0));
    }
    if (data.details?.type === 'suite') continue;
    if (event.type === 'test:fail') failed++;
    else if (data.skip || data.todo) skipped++;
    else passed++;
  }
  yield `${passed} ${failed} ${skipped}\n`;
  for (const [file, ms] of fileMs) yield `${(ms / 1000).toFixed(1)} ${file}\n`;
}
