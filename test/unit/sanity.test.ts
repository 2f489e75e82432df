test('toolchain runs TypeScript tests', () => {
  const n: number = 1;
  expect(n).toBe(1);
});
