// node:test reporter that writes "passed failed skipped" counts of the leaf tests, for the
// single closing line of scripts/test.sh.
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    if (event.type === 'test:pass' && event.data.details?.type !== 'suite') {
      if (event.data.skip || event.data.todo) skipped++;
      else passed++;
    } else if (event.type === 'test:fail' && event.data.details?.type !== 'suite') failed++;
  }
  yield `${passed} ${failed} ${skipped}\n`;
}
