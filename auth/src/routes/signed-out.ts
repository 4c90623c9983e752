// GET /auth/signed-out: where Cognito's /logout returns the browser. A static page; no session needed.
import { send } from '../http';
import type { RouteHandler } from './context';

export const signedOut: RouteHandler = async (_ctx, _req, res) => {
  send(
    res,
    200,
    '<!doctype html><meta charset="utf-8"><title>Signed out</title><p>You are signed out. <a href="/auth/login">Sign in again</a>.</p>\n',
    { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'" },
  );
};
