.PHONY: help install run curate test fast lint docs bench

help:  ## List the targets
	@grep -E '^[a-z]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

install:  ## Install runtime and test dependencies
	python -m pip install -r requirements-dev.txt

run:  ## Run the dashboard on the bundled data
	streamlit run dashboard.py

curate:  ## Run the dashboard with "Add from an article" appending to data/events.csv
	TRACKER_REVIEW_MODE=append streamlit run dashboard.py

test:  ## Run every test, browser tests included
	python -m pytest

fast:  ## Run the quick tests: no browser, no long property runs (about a minute)
	python -m pytest -m "not browser and not slow" -q

lint:  ## Check style with ruff and types with mypy
	ruff check .
	python -m mypy

docs:  ## Regenerate the data dictionary in data/README.md and data/COVERAGE.md from the data
	python -m tracker.datadict --write
	python -m tracker.coverage --write


bench:  ## Measure: every page at 1k-1M events against a naive baseline (writes docs/benchmarks.md), the load script, the team store
	python -m benchmarks.run
	python -m benchmarks.load --write
	python -m benchmarks.sqlstore --write
