/** @type {import('@remix-run/dev').AppConfig} */
export default {
  appDirectory: "app",
  assetsBuildDirectory: "public/build",
  publicPath: "/build/",
  // Our own Express server is bundled with the app, so one process holds one module graph
  // (one database connection, one mail worker). See docs/decisions/001-own-express-server.md.
  server: "./app/server.ts",
  serverBuildPath: "build/index.js",
  serverModuleFormat: "esm",
  serverPlatform: "node",
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  watchPaths: ["db/**/*.ts"],
  // Every v3 flag of the classic compiler; v3_routeConfig is Vite-only (docs/decisions/003).
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
