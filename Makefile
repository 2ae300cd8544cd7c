.PHONY: check test test-python

# Lint and type-check both halves: ruff + mypy (Python), tsc --noEmit + eslint (extension).
check:
	.venv/bin/ruff check sidecar tests scripts
	.venv/bin/mypy
	cd extension && npm run check

test:
	bash scripts/test.sh

test-python:
	bash scripts/test.sh --python
