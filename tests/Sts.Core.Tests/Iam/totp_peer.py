"""Independent RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits) from the Python standard library.

Usage: totp_peer.py BASE32_SEED UNIX_SECONDS [UNIX_SECONDS...]; prints one code per line.
"""
import base64
import hashlib
import hmac
import struct
import sys


def totp(seed: bytes, unix_seconds: int) -> str:
    mac = hmac.new(seed, struct.pack(">Q", unix_seconds // 30), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def main() -> None:
    text = sys.argv[1]
    seed = base64.b32decode(text + "=" * (-len(text) % 8))
    for argument in sys.argv[2:]:
        print(totp(seed, int(argument)))


if __name__ == "__main__":
    main()
