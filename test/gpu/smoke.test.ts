import { expect, test } from 'vitest';
test('adapter', async () => {
  const adapter = await navigator.gpu?.requestAdapter();
  const info = adapter?.info;
  console.log(info?.vendor, info?.architecture, adapter?.limits.maxStorageBufferBindingSize, adapter?.limits.maxBufferSize);
  expect(adapter).toBeTruthy();
});
