"""Stack facts of a repository: frameworks, database access, authentication, workspaces, and
where each source file runs.

Collected once so every check asks the same question the same way ("does this file ship to
the browser?", "is the database reached through an ORM?") instead of guessing from names.
Facts only: which library is present and where it was seen; nothing here is judged.
Content is matched with RE2 (linear time): repository text is hostile input.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath

import pandas as pd
import re2

TABLE_COLUMNS = {
    "stack": {"kind": "text", "name": "text", "path": "text"},
    "workspaces": {"tool": "text", "path": "text", "folder": "text"},
    "file_roles": {"path": "text", "runtime": "text", "generated": "boolean"},
}

# (kind, label) of a declared dependency, JavaScript and Python alike.
DEPENDENCIES: dict[str, tuple[str, str]] = {
    "next": ("framework", "Next.js"),
    "vite": ("framework", "Vite"),
    "@tanstack/react-router": ("framework", "TanStack Router"),
    "express": ("framework", "Express"),
    "@nestjs/core": ("framework", "NestJS"),
    "django": ("framework", "Django"),
    "flask": ("framework", "Flask"),
    "fastapi": ("framework", "FastAPI"),
    "streamlit": ("framework", "Streamlit"),
    "react": ("framework", "React"),
    "prisma": ("orm", "Prisma"),
    "@prisma/client": ("orm", "Prisma"),
    "drizzle-orm": ("orm", "Drizzle"),
    "typeorm": ("orm", "TypeORM"),
    "sequelize": ("orm", "Sequelize"),
    "sqlalchemy": ("orm", "SQLAlchemy"),
    "flask-sqlalchemy": ("orm", "SQLAlchemy"),
    "sqlmodel": ("orm", "SQLAlchemy"),
    "@supabase/supabase-js": ("orm", "Supabase client"),
    "firebase": ("orm", "Firebase SDK"),
    "pg": ("orm", "raw pg"),
    "psycopg2": ("orm", "raw pg"),
    "psycopg": ("orm", "raw pg"),
    "next-auth": ("auth", "Auth.js"),
    "@auth/core": ("auth", "Auth.js"),
    "better-auth": ("auth", "better-auth"),
    "@clerk/nextjs": ("auth", "Clerk"),
    "@clerk/clerk-react": ("auth", "Clerk"),
    "@auth0/nextjs-auth0": ("auth", "Auth0"),
    "@auth0/auth0-react": ("auth", "Auth0"),
    "lucia": ("auth", "Lucia"),
    "passport": ("auth", "Passport"),
    "django-allauth": ("auth", "django-allauth"),
    "flask-login": ("auth", "Flask-Login"),
    "@supabase/ssr": ("auth", "Supabase Auth"),
    "@supabase/auth-helpers-nextjs": ("auth", "Supabase Auth"),
    "jsonwebtoken": ("auth", "own JWT"),
    "jose": ("auth", "own JWT"),
    "pyjwt": ("auth", "own JWT"),
    "python-jose": ("auth", "own JWT"),
    "express-session": ("auth", "own sessions"),
    "iron-session": ("auth", "own sessions"),
    "turbo": ("workspace", "turbo"),
    "nx": ("workspace", "nx"),
    "lerna": ("workspace", "lerna"),
}
# (kind, label, pattern) seen in code: what a library's use looks like when no manifest says it.
CONTENT = [
    ("orm", "Django ORM", re2.compile(r"from django\.db import models")),
    ("auth", "Django auth", re2.compile(r"django\.contrib\.auth|@login_required|LoginRequiredMixin")),
    ("auth", "Firebase Auth", re2.compile(r"firebase/auth|getAuth\(")),
    ("auth", "Supabase Auth", re2.compile(r"\.auth\.(signInWith\w+|signUp|getUser|getSession)\(")),
    ("auth", "FastAPI OAuth2", re2.compile(r"OAuth2PasswordBearer|HTTPBearer\(")),
    ("auth", "own JWT", re2.compile(r"\bjwt\.(sign|verify|encode|decode)\(")),
]
SERVER_PATH = re2.compile(
    r"(^|/)(api|server|servers|backend|functions|lambda|workers?)/|"
    r"(^|/)(route|middleware|instrumentation)\.[cm]?[jt]s$|\.server\.[cm]?[jt]sx?$"
)
SERVER_CODE = re2.compile(
    r"^\s*['\"]use server['\"]|import ['\"]server-only['\"]|"
    r"from ['\"](express|@nestjs/[\w-]+|fastify|node:[\w/]+|fs|child_process)['\"]|"
    r"require\(['\"](express|fs|child_process)['\"]\)"
)
CLIENT_CODE = re2.compile(r"^\s*['\"]use client['\"]")
APP_ROUTER_SERVER_FILE = re2.compile(
    r"(^|/)app/(.+/)?(page|layout|template|loading|not-found|default|sitemap|robots)\.[jt]sx?$"
)
# Libraries that run only on a server, and the UI frameworks a browser bundle is built with.
NODE_ONLY = {
    "express",
    "fastify",
    "koa",
    "hono",
    "@nestjs/core",
    "@trigger.dev/sdk",
    "bullmq",
    "pg",
    "mysql2",
    "ioredis",
    "pino",
    "winston",
    "firebase-admin",
    "firebase-functions",
    "@prisma/client",
    "nodemailer",
}
BROWSER_UI = {
    "react",
    "react-dom",
    "next",
    "vue",
    "nuxt",
    "svelte",
    "@sveltejs/kit",
    "preact",
    "solid-js",
    "@angular/core",
    "vite",
    "lit",
    "react-native",
    "expo",
}
# What renders in a browser, and the frameworks that also render on a server (there a file's side
# is told by the framework's own layout, above).
SPA_RENDERERS = {"react-dom", "vue", "svelte", "preact", "solid-js", "@angular/core", "lit"}
SSR_FRAMEWORKS = {"next", "nuxt", "@sveltejs/kit", "@remix-run/node", "@remix-run/react", "astro", "gatsby"}
SOURCE_DIR = re2.compile(r"(^|/)src/")
GENERATED_MARK = re2.compile(r"@generated|DO NOT EDIT|[Aa]uto-?generated|[Gg]enerated by ")
GENERATED_PATH = re2.compile(
    r"(^|/)(__generated__|generated|gen)/|\.(generated|gen)\.[cm]?[jt]sx?$|"
    r"_pb2\.py$|(^|/)routeTree\.gen\.ts$"
)
STATIC_SCRIPT = re2.compile(r"(^|/)(static|public|assets)/.+\.[cm]?js$")
JS_SOURCE = {".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".vue", ".svelte"}
SOURCE = JS_SOURCE | {".py"}
HEAD_CHARS = 2000


def _folder(path: str) -> str:
    parent = str(PurePosixPath(path).parent)
    return "" if parent == "." else parent


def _declared(manifests: dict[str, pd.DataFrame]) -> dict[str, set[str]]:
    """Folder of each manifest → the dependency names it declares (package.json, pyproject,
    requirements)."""
    out: dict[str, set[str]] = {}
    for row in manifests["packages"].itertuples(index=False):
        out.setdefault(_folder(row.path), set()).update(row.dependencies or {})
    for row in manifests["pyprojects"].itertuples(index=False):
        out.setdefault(_folder(row.path), set()).update(
            re2.split(r"[<>=!~\[; ]", dep)[0].lower() for dep in row.dependencies
        )
    for row in manifests["requirements"].itertuples(index=False):
        out.setdefault(_folder(row.path), set()).add(row.name)
    return out


def _deps_of(path: str, declared: dict[str, set[str]]) -> set[str]:
    """Dependencies in scope for a file: its own package's and every enclosing one's (the root's)."""
    names: set[str] = set()
    for folder, deps in declared.items():
        if folder == "" or path.startswith(folder + "/"):
            names |= deps
    return names


def _own_package(path: str, declared: dict[str, set[str]]) -> set[str]:
    """The dependencies of the workspace package a file belongs to (its deepest enclosing manifest
    below the root); empty for a file of the root package."""
    folders = [folder for folder in declared if folder and path.startswith(folder + "/")]
    return declared[max(folders, key=len)] if folders else set()


def _runtime(path: str, text: str, deps: set[str], own: set[str]) -> str:
    """Where one source file runs: browser, server, or unknown (a fact of layout, directives and,
    in a monorepo, of what the file's own package depends on)."""
    suffix = PurePosixPath(path).suffix
    if suffix == ".py":
        return "server"
    head = text[:HEAD_CHARS]
    if SERVER_CODE.search(head) or SERVER_PATH.search(path):
        return "server"
    if CLIENT_CODE.search(head) or STATIC_SCRIPT.search(path):
        return "browser"
    if "next" in deps and APP_ROUTER_SERVER_FILE.search(path):
        return "server"  # the App Router renders its pages and layouts on the server unless 'use client'
    if "next" in deps and re2.search(r"(^|/)(app|pages|components|hooks|lib/client)/", path):
        return "browser"
    if "vite" in deps and "next" not in deps and SOURCE_DIR.search(path):
        return "browser"
    if deps & SPA_RENDERERS and not deps & SSR_FRAMEWORKS and not own & NODE_ONLY and SOURCE_DIR.search(path):
        return "browser"  # a single-page app's sources, whatever bundles them (webpack, rspack, parcel)
    if own & NODE_ONLY and not own & BROWSER_UI:
        return "server"  # a workspace package of jobs or services (pg, pino, Trigger.dev), no UI
    return "unknown"


def _workspaces(texts: dict[str, str], packages: pd.DataFrame) -> list[dict]:
    rows = []
    for row in packages.itertuples(index=False):
        try:
            data = json.loads(texts.get(row.path, "{}"))
        except ValueError:
            continue
        folders = data.get("workspaces") if isinstance(data, dict) else None
        folders = folders.get("packages") if isinstance(folders, dict) else folders
        for folder in folders or []:
            rows.append({"tool": "npm/yarn workspaces", "path": row.path, "folder": str(folder)})
    for path, text in texts.items():
        if PurePosixPath(path).name == "pnpm-workspace.yaml":
            for match in re2.finditer(r"(?m)^\s*-\s*['\"]?([^'\"\n#]+)", text):
                rows.append({"tool": "pnpm workspaces", "path": path, "folder": match.group(1).strip()})
    return rows


def collect_stack(texts: dict[str, str], manifests: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Tables ``stack`` (kind, name, path), ``workspaces`` (tool, path, folder) and ``file_roles``
    (path, runtime, generated) of one repository's texts and its manifest tables."""
    declared = _declared(manifests)
    stack = {
        (kind, label, folder or ".")
        for folder, deps in declared.items()
        for dep in deps
        if dep.lower() in DEPENDENCIES
        for kind, label in [DEPENDENCIES[dep.lower()]]
    }
    roles = []
    for path, text in sorted(texts.items()):
        suffix = PurePosixPath(path).suffix
        if suffix not in SOURCE:
            continue
        stack |= {(kind, label, path) for kind, label, pattern in CONTENT if pattern.search(text)}
        generated = bool(GENERATED_PATH.search(path) or GENERATED_MARK.search(text[:HEAD_CHARS]))
        roles.append(
            {
                "path": path,
                "runtime": _runtime(path, text, _deps_of(path, declared), _own_package(path, declared)),
                "generated": generated,
            }
        )
    for path in texts:
        name = PurePosixPath(path).name
        if name in {"turbo.json", "nx.json", "lerna.json"}:
            stack.add(("workspace", name.split(".")[0], path))
    return {
        "stack": pd.DataFrame(sorted(stack), columns=list(TABLE_COLUMNS["stack"])),
        "workspaces": pd.DataFrame(
            _workspaces(texts, manifests["packages"]), columns=list(TABLE_COLUMNS["workspaces"])
        ),
        "file_roles": pd.DataFrame(roles, columns=list(TABLE_COLUMNS["file_roles"])),
    }
