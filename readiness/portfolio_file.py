"""The portfolio file: which products a portfolio holds (a readiness.yml each, or a bare repository
and a profile). Read by the portfolio report and by the Dask run alike, it needs neither.

Its schema is ``readiness/schemas/portfolio.schema.json``::

    name: Monka
    profile: product            # for bare repositories
    products:
      - config: mymonka/readiness.yml
      - repo: ../clinical-engine
        profile: poc
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from readiness.config import Config, EvidenceSpec, config_from_data, load_config, read_config_file
from readiness.errors import ConfigError


@dataclass(frozen=True)
class PortfolioEntry:
    """One product of the portfolio: a readiness.yml, or a bare repository and a profile."""

    name: str
    config: Path | None = None
    repo: Path | None = None
    profile: str | None = None

    @property
    def location(self) -> str:
        return str(self.config or self.repo)

    def load(self) -> Config:
        """The product's configuration, with the repository collector kept to one process."""
        if self.config:
            config = load_config(self.config)
        else:
            data = {
                "name": self.name,
                "profile": self.profile,
                "evidence": {"repositories": [{"path": str(self.repo)}]},
            }
            config = config_from_data(data, None)
        config.evidence = [_single_process(spec) for spec in config.evidence]
        return config


def _single_process(spec: EvidenceSpec) -> EvidenceSpec:
    if spec.kind != "repositories":
        return spec
    return dataclasses.replace(spec, options={**spec.options, "workers": 1})


@cache
def portfolio_schema() -> dict[str, Any]:
    text = resources.files("readiness").joinpath("schemas", "portfolio.schema.json").read_text()
    return json.loads(text)


def load_portfolio(path: str | Path) -> tuple[str, list[PortfolioEntry]]:
    """The portfolio's name and products; a schema violation raises ConfigError naming the key."""
    path = Path(path).resolve()
    data = read_config_file(path)
    errors = sorted(
        jsonschema.Draft202012Validator(portfolio_schema()).iter_errors(data),
        key=lambda e: list(e.absolute_path),
    )
    if errors:
        key = ".".join(str(p) for p in errors[0].absolute_path) or "(top level)"
        raise ConfigError(
            path, errors[0].message, key=key, expected="products: a list of {config: FILE} or {repo: FOLDER}"
        )
    base, default_profile = path.parent, data.get("profile")
    entries = []
    for item in data["products"]:
        if "config" in item:
            config = (base / item["config"]).resolve()
            entries.append(
                PortfolioEntry(name=config.parent.name, config=config, profile=item.get("profile"))
            )
            continue
        repo = (base / item["repo"]).resolve()
        profile = item.get("profile") or default_profile
        if not profile:
            raise ConfigError(
                path,
                f"repository {item['repo']} has no profile",
                key="products",
                expected="profile: on the entry or the portfolio",
            )
        entries.append(PortfolioEntry(name=item.get("name") or repo.name, repo=repo, profile=profile))
    return data.get("name") or path.stem, entries
