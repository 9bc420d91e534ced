# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Explore before the meeting
#
# Pick a product (or compare several), a criterion, and drill down: the checks behind its level, their
# findings, the lines they cite. Filter by status and severity. Then ask *what if*: tick a waiver or an
# attestation and watch the criterion's level and the verdict change. Nothing is written to
# `readiness.yml` until you press **Save**, and the previous file is kept beside it as a `.bak`.
#
# *Avant la réunion : choisissez un produit et un critère, descendez jusqu'aux lignes citées, filtrez par
# état et gravité, puis simulez une dérogation ou une attestation. `readiness.yml` n'est modifié que par
# le bouton **Enregistrer**, avec une copie de sauvegarde.*

# %%
from IPython.display import display

from readiness.explore import open_explorer
from readiness.report import demo_configs
from readiness.views.portfolio import portfolio_heatmap

# %% tags=["parameters"]
config_paths = []  # readiness.yml files to explore; empty: the demo products
as_of = None  # YYYY-MM-DD: judge expiries as of this date (today when None)
lang = "en"  # en or fr

# %%
explorer = open_explorer(config_paths or demo_configs(), as_of=as_of, lang=lang)
display(explorer.widget)

# %% [markdown]
# All products side by side, as configured (the what-if above does not change this overview).
#
# *Tous les produits côte à côte, tels que configurés (les simulations ci-dessus ne le modifient pas).*

# %%
display(portfolio_heatmap(explorer.baseline.values(), lang))
