import type { ServerResponse } from 'node:http';
import type { Response as BotResponse } from 'botbuilder';

/** botbuilder's CloudAdapter speaks an express-like response; this maps it onto node's own */
export function botResponse(res: ServerResponse): BotResponse {
  let status = 200;
  let body: unknown;
  const response: BotResponse = {
    socket: res.socket,
    status(code: unknown) {
      status = Number(code);
      return response;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
      return response;
    },
    send(payload: unknown) {
      body = payload;
      return response;
    },
    end() {
      if (res.writableEnded) return response;
      res.statusCode = status;
      if (body === undefined || body === null) {
        res.end();
      } else if (typeof body === 'string' || Buffer.isBuffer(body)) {
        res.end(body);
      } else {
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end(JSON.stringify(body));
      }
      return response;
    },
  };
  return response;
}
