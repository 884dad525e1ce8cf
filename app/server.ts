import * as build from "@remix-run/dev/server-build";
import { startServer } from "~/utils/server.server";

// The server entry of the bundle (remix.config.js `server`): `node build/index.js` serves the app.
startServer(build).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
