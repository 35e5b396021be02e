// Mints JWTs with `jose` (npm) for the Sts web identity tests: an independent JWS implementation.
// Reads one JSON request on stdin, writes one JSON answer on stdout:
//   request: { keys: [{ kid, alg, pkcs8? }], tokens: [{ name, key, alg?, header?, claims, mode? }] }
//     keys without pkcs8 are generated; tokens are signed by the key whose kid is `key`.
//     header: extra protected header members (kid defaults to the key's kid; null removes it).
//     mode: "none" (unsecured JWT, alg none) | "hs256-public-key" (HS256 keyed with the RSA public
//     key's SPKI PEM, the classic algorithm-confusion attack) | absent (normal signature).
//   answer: { jwks: { keys: [public JWKs with kid/alg/use] }, tokens: { name: jwt } }
import { generateKeyPair, importPKCS8, exportJWK, exportSPKI, SignJWT, UnsecuredJWT } from 'jose';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const keys = new Map();
const jwks = [];
for (const spec of request.keys ?? []) {
  let privateKey;
  let publicKey;
  if (spec.pkcs8) {
    privateKey = await importPKCS8(spec.pkcs8, spec.alg, { extractable: true });
    const jwk = await exportJWK(privateKey);
    delete jwk.d; delete jwk.p; delete jwk.q; delete jwk.dp; delete jwk.dq; delete jwk.qi;
    publicKey = jwk;
  } else {
    const pair = await generateKeyPair(spec.alg, { extractable: true });
    privateKey = pair.privateKey;
    publicKey = await exportJWK(pair.publicKey);
    keys.set(`${spec.kid}#public`, pair.publicKey);
  }
  keys.set(spec.kid, { privateKey, alg: spec.alg });
  jwks.push({ ...publicKey, kid: spec.kid, alg: spec.alg, use: 'sig' });
}

const tokens = {};
for (const spec of request.tokens ?? []) {
  const key = keys.get(spec.key);
  const alg = spec.alg ?? key?.alg;
  if (spec.mode === 'none') {
    tokens[spec.name] = new UnsecuredJWT(spec.claims).encode();
    continue;
  }
  if (spec.mode === 'hs256-public-key') {
    const pem = await exportSPKI(keys.get(`${spec.key}#public`));
    tokens[spec.name] = await new SignJWT(spec.claims)
      .setProtectedHeader({ alg: 'HS256', kid: spec.key, ...(spec.header ?? {}) })
      .sign(new TextEncoder().encode(pem));
    continue;
  }
  const header = { alg, kid: spec.key, ...(spec.header ?? {}) };
  for (const [name, value] of Object.entries(header)) if (value === null) delete header[name];
  const crit = Object.fromEntries((header.crit ?? []).map((name) => [name, true]));
  tokens[spec.name] = await new SignJWT(spec.claims).setProtectedHeader(header).sign(key.privateKey, { crit });
}

process.stdout.write(JSON.stringify({ jwks: { keys: jwks }, tokens }));
