import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import nock from 'nock';

// the Bot Framework's token issuer, played offline: nock serves its OpenID metadata and a signing key
// we generated, so botbuilder's real JWT validation runs without reaching the internet.

const ISSUER_HOST = 'https://login.botframework.com';
export const CHANNEL_ISSUER = 'https://api.botframework.com';

export interface FakeIssuer {
  kid: string;
  privateKey: KeyObject;
}

export function fakeBotFrameworkIssuer(): FakeIssuer {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'test-signing-key';
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', kty: 'RSA', endorsements: ['msteams'] };
  nock(ISSUER_HOST)
    .persist()
    .get('/v1/.well-known/openidconfiguration')
    .reply(200, {
      issuer: CHANNEL_ISSUER,
      jwks_uri: `${ISSUER_HOST}/v1/.well-known/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
    })
    .get('/v1/.well-known/keys')
    .reply(200, { keys: [jwk] });
  return { kid, privateKey };
}

export function signToken(claims: Record<string, unknown>, key: KeyObject, kid: string): string {
  const encode = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = encode({ alg: 'RS256', typ: 'JWT', kid });
  const body = encode(claims);
  const signature = sign('RSA-SHA256', Buffer.from(`${head}.${body}`), key).toString('base64url');
  return `${head}.${body}.${signature}`;
}

export function channelClaims(appId: string, serviceUrl: string, nowSeconds = Math.floor(Date.now() / 1000)): Record<string, unknown> {
  return { iss: CHANNEL_ISSUER, aud: appId, serviceurl: serviceUrl, nbf: nowSeconds - 60, exp: nowSeconds + 3600, iat: nowSeconds - 60 };
}
