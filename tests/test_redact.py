"""What a report may show of a secret or a person."""

from readiness.redact import fingerprint, mask_identifier, redact_secret


def test_provider_keys_keep_their_public_marker_and_a_hash():
    key = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
    shown = redact_secret(key)
    assert shown == f"sk_l…[sha256:{fingerprint(key)}]" and key not in shown


def test_free_form_secrets_show_no_letter_of_the_value():
    password = "correct-horse-battery-staple"
    assert redact_secret(password) == f"…[sha256:{fingerprint(password)}]"


def test_identifiers_the_user_asked_to_see_keep_a_prefix_to_find_them():
    user = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
    assert mask_identifier(user).startswith("7c9e…[sha256:") and user not in mask_identifier(user)
