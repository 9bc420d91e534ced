"""Clinical engine proof of concept."""
