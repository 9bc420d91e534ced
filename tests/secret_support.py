"""Planted secrets for the secret-scan tests, built at run time so this repository holds none."""

from __future__ import annotations

import base64
import json


def _b64url(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def supabase_jwt(role: str) -> str:
    """A JWT shaped like a Supabase project key, carrying ``role`` (anon or service_role)."""
    header = _b64url({"alg": "HS256", "typ": "JWT"})
    payload = _b64url(
        {"iss": "supabase", "ref": "qwertyuiopasdfghjklz", "role": role, "iat": 1700000000, "exp": 2000000000}
    )
    return f"{header}.{payload}.Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy"


# rule id → a value it must find; every value random-looking and built by concatenation.
PROVIDER_SECRETS = {
    "aws_access_key_id": "AKIA" + "Q7ZK2M4N8P3R5T6V",
    "github_token": "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
    "gitlab_token": "glpat-" + "Xy7_kP2qLm9vRt4wZs8n",
    "slack_token": "xoxb-" + "1234567890-0987654321-AbCdEfGhIjKlMnOp",
    "stripe_live_key": "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc9Zq",
    "google_api_key": "AIza" + "SyD-9tSrke72PouQMnMX7r6Ky8u0bLb7a0c",
    "openai_api_key": "sk-proj-" + "Tq8v3LmZ0xYw7Kc2Rn5Jb9Hg4Fd6Sa1Pe3Uo8Ii" * 2,
    "anthropic_api_key": "sk-ant-api03-" + "Zx9Cv8Bn7Mq6Wl5Ek4Rj3Th2Yg1Uf0Id" * 3,
    "twilio_api_key": "SK" + "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    "sendgrid_api_key": "SG."
    + "Ab3De6Gh9Jk2Mn5Pq8St1V"
    + "."
    + "Wx4Za7Cd0Fg3Ij6Lm9Op2Rs5Uv8Yb1Ec4Hf7Kn0Qt3W",
    "supabase_secret_key": "sb_secret_" + "N7x2Qp9Lk4Vm8Rt3Ws6Yz1",
    "google_oauth_client_secret": "GOCSPX-" + "Rk7Tq2Vw9Zc4Xb8Nm3Lp6Hj1Fd5S",
    "meta_access_token": "EAA" + "GzT4kQ9vLm2Rx7Nc5Wb8Jh3Pd6Fs1Yt0Ua" * 4,
}
PRIVATE_KEY_BODY = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0"
DB_PASSWORD = "Vq8" + "zLr2Kx9Tm"
GENERIC_PASSWORD = "hX7" + "!qP2vL9sKm4Z"
SERVICE_ROLE_KEY = supabase_jwt("service_role")
ANON_KEY = supabase_jwt("anon")


def planted_repository() -> dict[str, str]:
    """A small web product leaking one secret of every kind, each at a known file and line."""
    provider_lines = "".join(
        f"export const {rule.upper()} = '{value}';\n" for rule, value in PROVIDER_SECRETS.items()
    )
    return {
        "server/keys.ts": provider_lines,
        "src/lib/supabase.ts": "import { createClient } from '@supabase/supabase-js';\n"
        f"const anon = '{ANON_KEY}';\n"
        f"export const admin = createClient(url, '{SERVICE_ROLE_KEY}');\n",
        "deploy/id_rsa": f"-----BEGIN RSA PRIVATE KEY-----\n{PRIVATE_KEY_BODY}\n"
        "-----END RSA PRIVATE KEY-----\n",
        "server/db.py": f'DATABASE_URL = "postgres://app:{DB_PASSWORD}@db.internal:5432/app"\n'
        f'password = "{GENERIC_PASSWORD}"\n',
        "README.md": "# Demo\n",
    }


def planted_values() -> list[str]:
    """Every secret value planted by :func:`planted_repository`, none of which may be shown."""
    return [*PROVIDER_SECRETS.values(), PRIVATE_KEY_BODY, DB_PASSWORD, GENERIC_PASSWORD, SERVICE_ROLE_KEY]
