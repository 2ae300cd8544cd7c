"""Build the requirement-labelled multilingual dataset.

The pipeline, one module each: `sources` reads the shared query and outcome
files, `grounding` turns real per-model outcomes into difficulty levels,
`quixbugs_runner` runs buggy programs to observe their failures, `templates`
phrase editor-shaped requests per language, `labels` holds every target rule,
`compose_*` turn source items into labelled rows, `splits` assigns
train/valid/test by group, and `writer`, `card`, `plots`, `audit` write the
outputs. `build.build_dataset` ties them together.
"""
