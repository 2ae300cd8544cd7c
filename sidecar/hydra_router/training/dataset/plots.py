"""Label distribution plots (PNG) for the card."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from hydra_router.training.dataset.labels import HEADS
from hydra_router.training.dataset.rows import LabelledRow


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("plots need matplotlib: pip install 'hydra-router[train]'") from exc
    return plt


def plot_targets(pairs: Sequence[tuple[LabelledRow, str]], path: Path) -> None:
    """One histogram per head (rows with target > 0; the zero count is in the title)."""
    plt = _pyplot()
    fig, axes = plt.subplots(1, 4, figsize=(16, 3.6))
    for ax, head in zip(axes, HEADS, strict=True):
        values = [getattr(r.targets, head) for r, _ in pairs]
        nonzero = [v for v in values if v > 0]
        ax.hist(nonzero, bins=20, range=(0, 1), color="#4c72b0")
        ax.axvline(0.5, color="#c44e52", linestyle="--", linewidth=1)
        ax.set_title(
            f"{head}\n(zero: {len(values) - len(nonzero)}, >=0.5: {sum(v >= 0.5 for v in values)})",
            fontsize=9,
        )
        ax.set_xlabel("target")
    axes[0].set_ylabel("rows")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90, metadata={"Software": None})
    plt.close(fig)


def plot_by_source(pairs: Sequence[tuple[LabelledRow, str]], path: Path) -> None:
    """Mean target per source and head, as a heat map."""
    plt = _pyplot()
    sources = sorted({r.source for r, _ in pairs})
    grid = []
    for source in sources:
        rows = [r for r, _ in pairs if r.source == source]
        grid.append([sum(getattr(r.targets, h) for r in rows) / len(rows) for h in HEADS])
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(sources) + 1.2))
    image = ax.imshow(grid, vmin=0, vmax=1, cmap="viridis", aspect="auto")
    ax.set_xticks(range(len(HEADS)), HEADS, fontsize=8)
    ax.set_yticks(range(len(sources)), sources, fontsize=8)
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            ax.text(
                j,
                i,
                f"{value:.2f}",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if value < 0.5 else "black",
            )
    fig.colorbar(image, ax=ax, fraction=0.04)
    ax.set_title("mean target per source", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=90, metadata={"Software": None})
    plt.close(fig)


def language_order(counts: Mapping[str, int]) -> list[str]:
    """Languages by row count, largest first; equal counts by name (the plot is reproducible)."""
    return sorted(counts, key=lambda lang: (-counts[lang], lang))


def plot_by_language(pairs: Sequence[tuple[LabelledRow, str]], path: Path) -> None:
    """Rows per language, split into positive-for-some-head and low-requirement rows."""
    plt = _pyplot()
    counts = Counter(r.lang for r, _ in pairs)
    langs = language_order(counts)
    positive = Counter(r.lang for r, _ in pairs if max(r.targets.as_dict().values()) >= 0.5)
    pos = [positive[lang] for lang in langs]
    tot = [counts[lang] for lang in langs]
    fig, ax = plt.subplots(figsize=(12, 3.5))
    ax.bar(langs, tot, color="#dddddd", label="all rows")
    ax.bar(langs, pos, color="#4c72b0", label="some head >= 0.5")
    ax.set_yscale("log")
    ax.legend(fontsize=8)
    ax.set_title("rows per language", fontsize=9)
    ax.tick_params(axis="x", labelsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=90, metadata={"Software": None})
    plt.close(fig)
