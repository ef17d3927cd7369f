/** Browser tests: headless Chromium (playwright-core) against the built dist/ and an Office.js stub. Run `npm run test:e2e`. */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test/e2e"],
  testMatch: ["**/*.e2e.test.ts"],
  transform: { "^.+\\.tsx?$": "ts-jest" },
  testTimeout: 180000,
  maxWorkers: 1,
};
