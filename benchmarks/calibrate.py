"""Fit the proposals' confidence weights on the news set's DEV split (never the test split) and print them.

    python -m benchmarks.calibrate

A proposal is right when it matches a hand label (benchmarks/newsscore.py). The fit is an L2-regularised logistic
regression over the signals of tracker/extract/confidence.py, by Newton's method with numpy: deterministic, no
model downloaded or trained at run time. Paste the printed INTERCEPT and WEIGHTS into tracker/extract/confidence.py.
"""

from __future__ import annotations

import numpy as np

from benchmarks import newsset
from benchmarks.newsscore import Proposal, match
from tracker.extract.article import proposed
from tracker.extract.confidence import SIGNALS

# Strength of the L2 penalty (keeps weights of rare signals small on ~100 proposals).
PENALTY = 1.0

# Newton steps (the fit converges in far fewer).
STEPS = 50


def dev_examples() -> tuple[np.ndarray, np.ndarray]:
    """(signals matrix with a leading column of ones, 1 for right proposals) over the dev split."""
    rows, right = [], []
    labelled = newsset.labels()
    for row in newsset.articles():
        if row["split"] != "dev":
            continue  # NOTE: the frozen test split is never used to fit anything
        article = newsset.read(row["file"])
        assert article.published is not None
        found = proposed(article.text, article.published, article.title, article.publisher, min_confidence=0.0)
        proposals = [Proposal(c.event_type, c.status, frozenset(c.actors), frozenset(c.targets), c.date.isoformat(),
                              c.precision) for c in found]
        matched = set(match(labelled.get(row["file"], []), proposals).values())
        for index, candidate in enumerate(found):
            rows.append([1.0, *(float(bool(candidate.signals.get(name))) for name in SIGNALS)])
            right.append(float(index in matched))
    return np.array(rows), np.array(right)


def fit(x: np.ndarray, y: np.ndarray, penalty: float = PENALTY) -> np.ndarray:
    """Logistic regression weights (intercept first), the intercept not penalised."""
    weights = np.zeros(x.shape[1])
    ridge = np.eye(x.shape[1]) * penalty
    ridge[0, 0] = 0.0
    for _ in range(STEPS):
        p = 1 / (1 + np.exp(-x @ weights))
        gradient = x.T @ (p - y) + ridge @ weights
        hessian = x.T @ (x * (p * (1 - p))[:, None]) + ridge
        weights -= np.linalg.solve(hessian, gradient)
    return weights


def main() -> None:
    x, y = dev_examples()
    weights = fit(x, y)
    print(f"# fitted on {len(y)} dev proposals, {int(y.sum())} right")
    print(f"INTERCEPT = {weights[0]:.2f}")
    print("WEIGHTS = {" + ", ".join(f'"{name}": {w:.2f}' for name, w in zip(SIGNALS, weights[1:], strict=True)) + "}")


if __name__ == "__main__":
    main()
