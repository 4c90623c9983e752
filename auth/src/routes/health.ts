// GET /auth/health: liveness for the container; touches nothing outside the process.
import { send } from '../http';
import type { RouteHandler } from './context';

export const health: RouteHandler = async (_ctx, _req, res) => {
  send(res, 200, '{"status":"ok"}\n', { 'Content-Type': 'application/json' });
};
