"""Checking that a notification came from the hub, in Python with joserfc (PyPI): the subscriber kit.

On a fund topic the Kafka header ``hub-signatur`` holds a JWS with a detached payload,
``<protected header>..<signature>``; the payload is the record's value bytes exactly as consumed.
An HTTPS push carries the same over its body in ``x-hub-signatur``, and ``Authorization: Bearer <JWT>``
(iss urn:dk:beskaeftigelse:hub, aud akasse-<code>, jti the notification id, five minutes long).
Both verify against the hub's JWK Set at https://<hub>/.well-known/jwks.json.

    pip install joserfc
    python verify_notification.py --jwks jwks.json --signature '<header value>' --value-file record.bin
    python verify_notification.py --jwks jwks.json --bearer '<token>' --fund aak

Exit status 0: the hub's; 1: not (the reason on stderr).
"""
import argparse
import base64
import json
import sys

from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

ISSUER = "urn:dk:beskaeftigelse:hub"


def verify_notification(signature: str, payload: bytes, keys: KeySet) -> str:
    """Returns the kid that signed when ``signature`` is the hub's over exactly ``payload``; raises otherwise."""
    parts = signature.split(".")
    if len(parts) != 3 or parts[1] != "":
        raise ValueError("hub-signatur is not a JWS with a detached payload")
    encoded = base64.urlsafe_b64encode(payload).rstrip(b"=").decode("ascii")
    token = jws.deserialize_compact(f"{parts[0]}.{encoded}.{parts[2]}", keys, algorithms=["EdDSA"])
    return token.protected["kid"]


def verify_push_credential(authorization: str, fund: str, keys: KeySet) -> str:
    """Returns the notification id (jti) when the bearer token is the hub's, for this fund, and current."""
    token = jwt.decode(authorization.removeprefix("Bearer "), keys, algorithms=["EdDSA"])
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": ISSUER},
        aud={"essential": True, "value": f"akasse-{fund}"},
        exp={"essential": True},
        jti={"essential": True},
    ).validate(token.claims)
    return token.claims["jti"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jwks", required=True, help="the hub's JWK Set, saved from /.well-known/jwks.json")
    parser.add_argument("--signature")
    parser.add_argument("--value-file", help="the record's value (or the push body) as bytes")
    parser.add_argument("--bearer")
    parser.add_argument("--fund")
    args = parser.parse_args()
    with open(args.jwks, encoding="utf-8") as f:
        keys = KeySet.import_key_set(json.load(f))
    try:
        if args.signature is not None:
            with open(args.value_file, "rb") as f:
                print(json.dumps({"signatur": "gyldig", "kid": verify_notification(args.signature, f.read(), keys)}))
        if args.bearer is not None:
            print(json.dumps({"credential": "gyldig", "jti": verify_push_credential(args.bearer, args.fund, keys)}))
    except (JoseError, ValueError) as error:
        print(f"not the hub's: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
