/** Unit and integration tests (node). Browser tests live in jest.e2e.config.js. */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  testPathIgnorePatterns: ["/node_modules/", "\\.e2e\\.test\\.ts$"],
  transform: { "^.+\\.tsx?$": "ts-jest" },
  testTimeout: 60000,
  setupFiles: ["<rootDir>/test/helpers/jsdom-polyfills.ts"],
  setupFilesAfterEnv: ["<rootDir>/test/helpers/preload-panels.ts"],
};
