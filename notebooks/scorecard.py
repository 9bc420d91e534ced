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

# %%
# The scorecard of one product. `readiness report` runs this notebook with papermill and renders it to
# HTML without code cells; prose cells are tagged `en` or `fr` and the report keeps only the language
# asked for. Every figure and table comes from readiness.scorecard.
from IPython.display import display

from readiness import scorecard

# %% tags=["parameters"]
config_path = "../data/demo/mymonka/readiness.yml"  # the product's readiness.yml
profile_override = None  # poc, product or health instead of the configuration's profile
lang = "en"  # en or fr: the language of the whole report
as_of = None  # YYYY-MM-DD: judge expiries as of this date (today when None)
json_path = None  # where to write the assessment JSON (not written when None)
run_id = None  # the CLI's run id, carried by the logs and the assessment
history_dir = None  # the history store to compare with earlier reports (no history section when None)
embed_plotly = True  # False when the page rendered from this notebook inlines plotly.js (readiness report)
log_level = "WARNING"
log_format = "text"

# %%
scorecard.setup_notebook(run_id=run_id, log_level=log_level, log_format=log_format, embed_plotly=embed_plotly,
                         lang=lang)
assessment = scorecard.open_assessment(config_path, profile_override, as_of, json_path)
display(scorecard.title(assessment, lang))
display(scorecard.banner(assessment, lang))

# %% [markdown] tags=["en"]
# ## The twelve criteria
#
# A prototype that works is not a production application: the difference is everything that happens
# when it does *not* work. Each bar is the level the evidence shows for one criterion; the mark is the
# level the product's profile requires before launch. A missing piece of evidence makes a criterion
# *inconclusive*, never zero.

# %% [markdown] tags=["fr"]
# ## Les douze critères
#
# Un prototype qui fonctionne n'est pas une application de production : la différence, c'est tout ce
# qui se passe quand ça ne fonctionne *pas*. Chaque barre est le niveau que les preuves montrent pour
# un critère ; le repère est le niveau que le profil du produit exige avant le lancement. Une preuve
# manquante rend un critère *indéterminé*, jamais nul.

# %%
display(scorecard.level_chart(assessment, lang))

# %% [markdown] tags=["en"]
# ## Where does the product stand?
#
# Honesty first, the CTO will appreciate it: one line per criterion, a green tick when it reaches the
# required level, an orange warning when it falls short, a red cross when it is absent, a grey
# question mark when the evidence cannot tell.

# %% [markdown] tags=["fr"]
# ## Où en est le produit ?
#
# Soyons honnêtes, le CTO appréciera la transparence : une ligne par critère, une coche verte quand il
# atteint le niveau exigé, un avertissement orange quand il reste en deçà, une croix rouge quand il
# est absent, un point d'interrogation gris quand les preuves ne permettent pas de conclure.

# %%
display(scorecard.status_table(assessment, lang))

# %% [markdown] tags=["en"]
# ## What is missing: the path to production
#
# The remediation steps in the order that unblocks the profile first (blocking criteria by
# criticality, then effort). The marked steps are the path to production: the cheapest set after which
# every criterion reaches the level required, found by judging the findings again with those steps
# assumed done. Where evidence cannot settle a criterion (backup, compliance), the step is the
# attestation to obtain, and who signs it.

# %% [markdown] tags=["fr"]
# ## Ce qui manque : le chemin vers la production
#
# Les étapes de remédiation dans l'ordre qui débloque d'abord le profil (critères bloquants par
# criticité, puis effort). Les étapes marquées forment le chemin vers la production : le plus petit
# ensemble après lequel chaque critère atteint le niveau exigé, trouvé en rejugeant les constats avec
# ces étapes supposées faites. Là où les preuves ne peuvent trancher (sauvegarde, conformité), l'étape
# est l'attestation à obtenir, et qui la signe.

# %%
display(scorecard.plan_section(assessment, lang))

# %% [markdown] tags=["en"]
# ## Findings, evidence and what to do
#
# Every check that ran, criterion by criterion: what it looks for, what it found (file and line, with
# any secret redacted) and, when it does not pass, what to change. Criteria that fall short are open.

# %% [markdown] tags=["fr"]
# ## Constats, preuves et que faire
#
# Chaque vérification, critère par critère : ce qu'elle cherche, ce qu'elle a trouvé (fichier et
# ligne, secrets masqués) et, quand elle échoue, ce qu'il faut changer. Les critères en deçà de
# l'exigence sont dépliés.

# %%
display(scorecard.findings(assessment, lang))

# %% [markdown] tags=["en"]
# ## Notices
#
# An attestation or a waiver is a promise with a date: expired ones no longer count, and those that
# expire within a month need renewing.

# %% [markdown] tags=["fr"]
# ## Avis
#
# Une attestation ou une dérogation est un engagement daté : expirée, elle ne compte plus ; celles
# qui expirent dans le mois sont à renouveler.

# %%
display(scorecard.notices(assessment, lang))

# %% [markdown] tags=["en"]
# ## Evidence sources
#
# What the assessment read. A source that could not be read is listed with the reason; the criteria
# that depended on it are inconclusive and the rest of the report still stands.

# %% [markdown] tags=["fr"]
# ## Sources de preuves
#
# Ce que l'évaluation a lu. Une source illisible est listée avec la raison ; les critères qui en
# dépendaient sont indéterminés et le reste du rapport tient.

# %%
display(scorecard.sources(assessment, lang))

# %% [markdown] tags=["en"]
# ## Since the last report
#
# Readiness is a trend, not a snapshot: the scores of each criterion over the recorded reports (click
# the legend to show one), then what changed since the previous one.

# %% [markdown] tags=["fr"]
# ## Depuis le dernier rapport
#
# La readiness est une tendance, pas une photo : les scores de chaque critère au fil des rapports
# enregistrés (cliquez sur la légende pour en isoler un), puis ce qui a changé depuis le précédent.

# %%
scorecard.show_history(assessment, history_dir, lang)

# %% [markdown] tags=["en"]
# ## By evidence source
#
# Charts and tables of each kind of evidence: hover, click the legend, sort and filter the tables.

# %% [markdown] tags=["fr"]
# ## Par source de preuves
#
# Les graphiques et tableaux de chaque type de preuve : survolez, cliquez sur la légende, triez et
# filtrez les tableaux.

# %%
scorecard.show_source_views(assessment, lang)
