"""Performance as a reviewer weighs it: a platform's default edge is not deliberate work; caching
and measurement set up in code count."""

from __future__ import annotations

from readiness.assessment import assess
from readiness.model import Level, Status
from tests.repo_check_support import AS_OF, repo_config, run_one


def performance_level(root) -> Level:
    result = assess(repo_config(root), as_of=AS_OF)
    return next(c for c in result.criteria if c.criterion == "performance").level


def test_vercel_defaults_alone_are_not_partial(make_repo):
    repo = make_repo(
        {
            "package.json": '{"dependencies": {"next": "15", "react": "19", "swr": "2"}}',
            "vercel.json": "{}",
            "app/page.tsx": "export default function P() { return null }\n",
        }
    )
    assert run_one(repo, "performance.cdn").status is Status.PASS
    assert performance_level(repo) is Level.PROTOTYPE


def test_server_caching_and_slow_query_logging_in_code_are_deliberate(make_repo):
    repo = make_repo(
        {
            "app/cache.py": "from cachetools import TTLCache\nC = TTLCache(maxsize=9, ttl=60)\n",
            "app/api.py": "@lru_cache\ndef rates():\n    return {}\n@app.get('/x')\ndef x():\n"
            "    return cache.get('x')\n",
            "app/config.py": "SQLALCHEMY_RECORD_QUERIES = True\n",
        }
    )
    assert run_one(repo, "performance.caching").status is Status.PASS
    measured = run_one(repo, "performance.measured")
    assert measured.status is Status.PASS and [ref.path for ref in measured.evidence] == ["app/config.py"]
    assert performance_level(repo) is Level.PARTIAL
