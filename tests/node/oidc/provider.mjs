// An independent, certified OpenID provider (npm `oidc-provider`) for the Sts web identity tests.
// Listens on 127.0.0.1 (port 0 = any free port), prints `READY <issuer>` once serving, and issues
// JWT access tokens through the client_credentials grant with resource indicators:
//   resource urn:sts:rs256 -> RS256-signed, urn:sts:es256 -> ES256-signed (bare EC JWK, no x5c).
// Every token carries the AWS session tags and source identity claims (extraTokenClaims).
// Usage: node provider.mjs [port]
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.argv[2] ?? 0);
const server = http.createServer();
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const { generateKeyPair, exportJWK } = await import('jose');
async function signingJwk(alg, kid) {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
}

const audiences = { 'urn:sts:rs256': 'RS256', 'urn:sts:es256': 'ES256' };
const provider = new Provider(issuer, {
  clients: [{
    client_id: 'sts-client',
    client_secret: 'sts-client-secret-for-tests-only',
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
  }],
  jwks: { keys: [await signingJwk('RS256', 'op-rsa-1'), await signingJwk('ES256', 'op-ec-1')] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:sts:rs256',
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resource) => {
        const alg = audiences[resource];
        if (!alg) throw new Error(`unknown resource ${resource}`);
        return { scope: 'api', audience: 'sts-client', accessTokenFormat: 'jwt', jwt: { sign: { alg } } };
      },
    },
  },
  extraTokenClaims: () => ({
    'https://aws.amazon.com/tags': {
      principal_tags: { Department: ['Engineering'], Project: ['Sts'] },
      transitive_tag_keys: ['Project'],
    },
    'https://aws.amazon.com/source_identity': 'alice@example.com',
  }),
});
provider.proxy = false;
server.on('request', provider.callback());
process.stdout.write(`READY ${issuer}\n`);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
