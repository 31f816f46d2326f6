// Request bodies arrive as a stream (the host forwards them to the worker as they come, instead of
// reading each one whole into memory before the function runs): the readers in shared/http/readJson.ts
// stop at each route's limit, and a route that refuses the caller first never takes the body in.
// This must run before any function is registered, so functions/index.ts imports it first.
import { app } from '@azure/functions';

app.setup({ enableHttpStream: true });
