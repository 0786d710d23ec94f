// An identity provider on loopback that answers like on-premises ADFS, for the SSO tests.
// Usage: node server.mjs PORT TLS_KEY TLS_CERT SIGNING_JWK AUDIENCE CLAIMS_FILE
// The test writes CLAIMS_FILE before each login: one provider serves every case.
import fs from 'node:fs';
import { OAuth2Server } from 'oauth2-mock-server';

const [port, tlsKey, tlsCert, signingJwk, audience, claimsFile] = process.argv.slice(2);
const server = new OAuth2Server(tlsKey, tlsCert, {
  endpoints: {
    wellKnownDocument: '/adfs/.well-known/openid-configuration',
    jwks: '/adfs/discovery/keys',
    authorize: '/adfs/oauth2/authorize',
    token: '/adfs/oauth2/token',
    endSession: '/adfs/oauth2/logout',
    userinfo: '/adfs/userinfo',
    revoke: '/adfs/oauth2/revoke',
    introspect: '/adfs/oauth2/introspect',
  },
});
const base = `https://127.0.0.1:${port}`;
const accessTokenIssuer = `${base}/adfs/services/trust`;  // what ADFS puts in access tokens
server.issuer.url = base;  // endpoint paths above already carry /adfs
await server.issuer.keys.add(JSON.parse(fs.readFileSync(signingJwk, 'utf8')));

server.service.on('beforeWellKnownOpenIdConfiguration', (response) => {
  response.body.access_token_issuer = accessTokenIssuer;
});
server.service.on('beforeTokenSigning', (token) => {
  const claims = JSON.parse(fs.readFileSync(claimsFile, 'utf8'));
  Object.assign(token.payload, claims, { iss: accessTokenIssuer, aud: audience });
});

await server.start(Number(port), '127.0.0.1');
console.log(`ready ${base}`);
