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


def test_commented_out_configuration_is_not_configuration(make_repo):
    """`// cacheComponents: true` in next.config.ts, `# CACHE_TYPE = "redis"` in settings: what the
    team switched off is not what the product does; the same line uncommented counts."""
    off = {
        "next.config.ts": "const nextConfig = {\n  // cacheComponents: true, // disabled for the build\n}\n",
        "app/settings.py": '# CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache"}}\n',
        "README.md": "# Caching\nWe cache with `Cache-Control: max-age=60`.\n",
    }
    assert run_one(make_repo(off), "performance.caching").status is Status.FAIL
    on = {**off, "next.config.ts": "const nextConfig = {\n  cacheComponents: true,\n}\n"}
    assert run_one(make_repo(on), "performance.caching").status is not Status.FAIL


def test_named_ad_hoc_measures_and_what_is_not_caching(make_repo):
    """Next.js's built-in optimisation, a precaching service worker, an index the team wrote and a
    Flask_Caching requirement (PEP 503 name) are the seed's prototype measures; `@lru_cache` on the
    settings getter and an ORM's generated join-table index are not speed work."""
    nothing = make_repo(
        {
            "app/core/config.py": "from functools import lru_cache\n\n@lru_cache\ndef get_settings():\n"
            "    return Settings()\n",
            "prisma/migrations/1_init/migration.sql": (
                'CREATE INDEX "_UserFollows_B_index" ON "_UserFollows"("B");\n'
            ),
        }
    )
    assert run_one(nothing, "performance.ad_hoc_measures").status is Status.FAIL
    assert run_one(nothing, "performance.caching").status is Status.FAIL
    assert performance_level(nothing) is Level.ABSENT
    for files in (
        {"package.json": '{"dependencies": {"next": "14", "react": "18"}}'},
        {"package.json": '{"devDependencies": {"sw-precache-webpack-plugin": "0.11"}}'},
        {"schema.sql": "create index if not exists idx_users_email on public.users(email);\n"},
        {"requirements/prod.txt": "Flask_Caching\n"},
    ):
        found = run_one(make_repo(files), "performance.ad_hoc_measures")
        assert found.status is Status.PASS, files


def test_server_caching_as_frameworks_write_it(make_repo):
    """Flask-Caching's `@cache.memoize()` (a decorator after an indent: it used to never match), a
    Redis client's `redis.client.get`/`set(…, "EX", …)` and Express serving static files with
    `maxAge` are deliberate caching; a session cookie's maxAge is not."""
    memoized = "".join(
        f"    @cache.memoize()\n    def count_{i}(self):\n        return 1\n" for i in range(3)
    )
    redis = (
        "const cached = await redis.client.get(key);\nredis.client.set(key, value, 'EX', 900);\n"
        "const again = await redis.client.get(other);\n"
    )
    static = "app.use('/', express.static(path.join(__dirname, 'public'), { maxAge: '4h' }));\n"
    for files in (
        {"forum/user/models.py": f"class User:\n{memoized}"},
        {"server/queries/link.queries.js": redis},
        {"app.js": static},
    ):
        assert run_one(make_repo(files), "performance.caching").status is Status.PASS, files
    cookie = "app.use(session({ cookie: { maxAge: 1209600000 } }));\n"
    assert run_one(make_repo({"app.js": cookie}), "performance.caching").status is Status.FAIL
