# An independent implementation of the documented session token format (version 2), used by
# SessionTokenFormatPeerTests: pyca/cryptography's HKDF and AES-GCM, nothing from Sts.
#   open KEY_B64 TOKEN          -> prints the key id and the plaintext as hex
#   seal KEY_B64 KEY_ID HEX     -> prints a token sealing the plaintext HEX under key KEY_ID
import base64, os, sys
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

INFO = b"sts-session-token-v2"

def epoch_key(ring_key, salt):
    # HKDF-Expand with the ring key as PRK (RFC 5869 section 3.3: no extract for a uniformly random key).
    return HKDFExpand(algorithm=hashes.SHA256(), length=32, info=INFO + salt).derive(ring_key)

def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

def main():
    mode, ring_key = sys.argv[1], base64.b64decode(sys.argv[2])
    if mode == "open":
        raw = b64url_decode(sys.argv[3])
        header, body = raw[:29], raw[29:]
        assert header[0] == 2, "version"
        salt, counter = header[5:21], header[21:29]
        plaintext = AESGCM(epoch_key(ring_key, salt)).decrypt(bytes(4) + counter, body, header)
        print(int.from_bytes(header[1:5], "big"), plaintext.hex())
    elif mode == "seal":
        key_id, plaintext = int(sys.argv[3]), bytes.fromhex(sys.argv[4])
        salt, counter = os.urandom(16), os.urandom(8)
        header = bytes([2]) + key_id.to_bytes(4, "big") + salt + counter
        body = AESGCM(epoch_key(ring_key, salt)).encrypt(bytes(4) + counter, plaintext, header)
        print(base64.urlsafe_b64encode(header + body).decode().rstrip("="))

main()
