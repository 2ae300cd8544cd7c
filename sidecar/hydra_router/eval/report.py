"""Write an EvalResult as report.json (every figure), report.md (tables) and PNG plots.

Costs are reported in USD per 1,000 queries (the mean per query × 1000).
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from pathlib import Path
from typing import Any

from hydra_router.eval.pipeline import EvalResult
from hydra_router.protocol import DIMENSIONS

PER_1K = 1000.0
REPORT_FORMAT = 1


def _clean(value: Any) -> Any:
    """JSON-safe: NaN/inf → None, numpy scalars → float, recursively."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def report_dict(result: EvalResult, meta: dict[str, Any]) -> dict[str, Any]:
    """Every figure of the run as one JSON-ready dict."""
    reliability = {m.id: m.reliability for m in result.fitted.models}
    calibration = {
        c.model: {
            "mean_score": c.mean_score,
            "n_items": c.n_items,
            "reliability": reliability[c.model],
            "capabilities": {f.dimension: f.capability for f in c.fits},
            "confidence": {f.dimension: f.confidence for f in c.fits},
            "notes": {f.dimension: f.note for f in c.fits},
        }
        for c in result.calibration
    }
    curves = {
        name: {
            "kind": curve.kind,
            "knob": curve.knob,
            "points": [asdict(p) for p in curve.points],
        }
        for name, curve in result.curves.items()
    }
    return _clean(
        {
            "format": REPORT_FORMAT,
            **meta,
            "cost_unit": "USD per query (mean); tables show USD per 1,000 queries",
            "measured_cost_share": result.measured_cost_share,
            "cost_sources": result.cost_sources,
            "models": result.models,
            "split": {"n_calibrate": result.n_calibrate, "n_evaluate": result.n_evaluate},
            "reference": {
                "strong": result.strong,
                "weak": result.weak,
                "binary_weak": result.binary_weak,
            },
            "summary": result.summary,
            "slope": result.fitted.slope,
            "ease": result.fitted.ease,
            "ease_held": result.fitted.fit.ease_fixed,
            "calibration": calibration,
            "curves": curves,
            "calibration_sweep": [asdict(p) for p in result.calibration_curve.points],
            "breakdown": result.breakdown,
        }
    )


def _pct(value: Any) -> str:
    return "n/a" if value is None else f"{100 * float(value):.1f} %"


def _num(value: Any, digits: int = 3) -> str:
    return "n/a" if value is None else f"{float(value):.{digits}f}"


def _usd(value: Any) -> str:
    return "n/a" if value is None else f"${PER_1K * float(value):.4g}"


def markdown(report: dict[str, Any]) -> str:
    """report.md: the headline, regimes, baselines, calibration and breakdowns."""
    s = report["summary"]
    r = s["routers"]
    ref = report["reference"]
    lines = [
        "# hydra-router eval report",
        "",
        "- data: " + ", ".join(f"{d['path']} ({d['rows']} rows)" for d in report["data"]),
        f"- predictor: {report['predictor']}; calibration pass floor "
        f"{report['settings']['pass_floor']}",
        f"- date: {report['generated']}; hydra-router {report['hydra_router_version']}",
        f"- split {report['split_spec']}: {report['split']['n_calibrate']} calibration / "
        f"{report['split']['n_evaluate']} evaluation items (by id hash)",
        f"- strong = `{ref['strong']}`, weak (cheapest) = `{ref['weak']}`, binary router "
        f"pair = `{ref['binary_weak']}` → `{ref['strong']}`",
        "- costs per (item, model) of the evaluation part: "
        + ", ".join(
            f"{name.replace('_', ' ')} {_pct(share)}"
            for name, share in report["cost_sources"].items()
            if share > 0
        )
        + " (recorded cost_usd, both token counts recorded, one side estimated, "
        "all estimated; see docs/evaluation.md)",
        "",
        "## Headline (evaluation part, δ chosen out of fold on the calibration part)",
        "",
        "| figure | value | target |",
        "|---|---|---|",
        f"| APGR (HyDRA) | {_num(r['hydra']['apgr'])} | ≥ 0.85 |",
        f"| APGR (prompt-blind pass rate) | {_num(r['passrate']['apgr'])} | HyDRA ≥ this + 0.03 |",
        f"| APGR (binary router) | {_num(r['binary']['apgr'])} | HyDRA ≥ this |",
        f"| quality at peak (strong alone: {_num(s['strong_quality'])}) | "
        f"{_num(s['peak_quality'])} | ≥ strong − 0.005 |",
        f"| iso-quality savings vs `{ref['strong']}` | {_pct(s['iso_savings'])} "
        f"(quality {_num(s['iso_quality'])}) | quality ≥ strong |",
        f"| binary router's iso-quality savings | {_pct(s['binary_iso_savings'])} "
        f"(quality {_num(s['binary_iso_quality'])}) | |",
        f"| iso savings if δ / threshold were tuned on the evaluation part: HyDRA / binary | "
        f"{_pct(s['iso_savings_eval_tuned'])} / {_pct(s['binary_iso_savings_eval_tuned'])} "
        "| (optimistic) |",
        "",
        f"Fitted slope b = {_num(report['slope'])}, ease (logit gain at demand 0) = "
        f"{_num(report.get('ease'))}{' (held, --ease)' if report.get('ease_held') else ''}; "
        "reliability σ(a_m) per model below.",
        "",
        "## Regimes",
        "",
    ]
    for label, title in (
        ("calibration_tuned", "δ chosen on out-of-fold calibration predictions"),
        ("eval_tuned", "δ chosen on the evaluation part (optimistic)"),
    ):
        lines += [
            f"### {title}",
            "",
            "| regime | δ | quality | $/1k queries | savings vs strong | PGR | retention vs oracle "
            "| random mix at same cost |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for name, row in s["regimes"][label].items():
            lines.append(
                f"| {name} | {_num(row['delta'], 4)} | {_num(row['quality'])} "
                f"| {_usd(row['cost'])} | {_pct(row['savings_vs_strong'])} | {_num(row['pgr'])} "
                f"| {_pct(row['retention_vs_oracle'])} "
                f"| {_num(row['random_mix_quality_at_same_cost'])} |"
            )
        lines.append("")
    lines += guarantee_table(report)
    lines += [
        "## Routers and baselines",
        "",
        "APGR = this project's convention: area under the running-max PGR curve over the",
        "whole normalised cost axis [0, 1] (0 left of the router's cheapest point, flat right",
        "of its dearest). APGR (RouteLLM) = the PGR curve as drawn (no running max), averaged",
        "over the cost range the router actually covers. `hybrid_llm` is the best of its label",
        "modes, picked on the evaluation part (optimistic for that baseline).",
        "",
        "| router | APGR | APGR (RouteLLM) | CPT(50 %) | CPT(80 %) | AIQ |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in s["routers"].items():
        cpt50 = "n/a" if row["cpt50"] is None else f"{row['cpt50']:.1f} %"
        cpt80 = "n/a" if row["cpt80"] is None else f"{row['cpt80']:.1f} %"
        label = f"{name} ({row['mode']})" if "mode" in row else name
        lines.append(
            f"| {label} | {_num(row['apgr'])} | {_num(row['apgr_routellm'])} | {cpt50} "
            f"| {cpt80} | {_num(row['aiq'])} |"
        )
    lines += ["", "| single model / oracle | quality | $/1k queries |", "|---|---|---|"]
    for name, curve in report["curves"].items():
        if curve["kind"] in ("single", "oracle"):
            point = curve["points"][0]
            lines.append(f"| {name} | {_num(point['quality'])} | {_usd(point['cost'])} |")
    lines += [
        "",
        "## Calibrated capabilities (calibration part)",
        "",
        "| model | mean score | reliability | " + " | ".join(DIMENSIONS) + " |",
        "|---|---|---|" + "---|" * len(DIMENSIONS),
    ]
    for model, row in report["calibration"].items():
        cells = [f"{row['capabilities'][d]:.2f} ({row['confidence'][d]})" for d in DIMENSIONS]
        lines.append(
            f"| {model} | {row['mean_score']:.3f} | {_num(row['reliability'])} | "
            + " | ".join(cells)
            + " |"
        )
    for key in ("category", "lang"):
        groups = report["breakdown"][key]
        regimes = [k for k in next(iter(groups.values())) if k.startswith("hydra_")]
        lines += [
            "",
            f"## By {key} (evaluation part; quality / $ per 1k)",
            "",
            f"| {key} | n | strong | weak | oracle | " + " | ".join(regimes) + " |",
            "|---|---|---|---|---|" + "---|" * len(regimes),
        ]
        for value, row in groups.items():
            cells = [
                f"{row[c]['quality']:.3f} / {_usd(row[c]['cost'])}"
                for c in ("strong", "weak", "oracle", *regimes)
            ]
            lines.append(f"| {value} | {row['n']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def guarantee_table(report: dict[str, Any]) -> list[str]:
    """The guarantee regime's coverage and savings per (ε, α), as markdown lines."""
    s = report["summary"]
    setup = s["conformal_setup"]
    ref = setup["reference"]
    lines = [
        "## Guarantee regime (conformal)",
        "",
        f"δ certified on a random half of the evaluation part ({setup['n_calibration']} items) "
        f"and tested on the other ({setup['n_test']}), {setup['splits']} random splits (seed "
        f"{setup['seed']}); loss = quality lost against `{ref}`. coverage = share of splits "
        "whose test-half loss is ≤ ε; the promise is ≥ 1 − α for the population risk, which "
        "the test half's mean only estimates (a stricter check).",
        "",
        "| ε | α | target | coverage | met | mean δ̂ | none certified | test loss | quality "
        f"| $/1k queries | savings vs `{ref}` |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for p in s["conformal"]:
        lines.append(
            f"| {p['epsilon']:g} | {p['alpha']:g} | {_pct(p['target'])} | {_pct(p['coverage'])} "
            f"| {'yes' if p['met'] else '**no**'} | {_num(p['delta'], 4)} "
            f"| {_pct(p['none_certified'])} | {_num(p['test_loss'], 4)} | {_num(p['quality'])} "
            f"| {_usd(p['cost'])} | {_pct(p['savings'])} |"
        )
    return [*lines, ""]


def guarantee_marker(report: dict[str, Any]) -> dict[str, Any] | None:
    """The (ε, α) point the plot marks (`conformal_splits.PLOT_POINT`), or None."""
    from hydra_router.eval.conformal_splits import PLOT_POINT

    epsilon, alpha = PLOT_POINT
    points = report["summary"].get("conformal") or []
    return next((p for p in points if (p["epsilon"], p["alpha"]) == (epsilon, alpha)), None)


PLOT_HINT = "plots need matplotlib: pip install 'hydra-router[eval]'"


def plotting_available() -> bool:
    """Whether the plotting extra is installed (checked before any scoring starts)."""
    import importlib.util

    return importlib.util.find_spec("matplotlib") is not None


def plot(report: dict[str, Any], path: Path) -> None:
    """Cost-quality curve of HyDRA with the baselines and regimes marked."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise ImportError(PLOT_HINT) from None
    fig, ax = plt.subplots(figsize=(7.5, 5))
    styles = {
        "hydra": ("-", "C0"),
        "binary": ("--", "C1"),
        "random": (":", "C7"),
        "passrate": ("-.", "C5"),
    }
    hybrid = report["summary"]["routers"].get("hybrid_llm")
    if hybrid is not None:
        styles[f"hybrid_llm:{hybrid['mode']}"] = ("--", "C6")
    for name, (style, color) in styles.items():
        pts = sorted(report["curves"][name]["points"], key=lambda p: p["cost"])
        ax.plot(
            [PER_1K * p["cost"] for p in pts],
            [p["quality"] for p in pts],
            style,
            color=color,
            label=name,
            marker="." if name != "random" else None,
            ms=3,
        )
    for name, curve in report["curves"].items():
        if curve["kind"] == "single":
            p = curve["points"][0]
            ax.scatter(PER_1K * p["cost"], p["quality"], color="C2", s=18, zorder=3)
            ax.annotate(
                name.split(":", 1)[1],
                (PER_1K * p["cost"], p["quality"]),
                fontsize=6,
                xytext=(3, -6),
                textcoords="offset points",
            )
    oracle = report["curves"]["oracle"]["points"][0]
    ax.scatter(
        PER_1K * oracle["cost"],
        oracle["quality"],
        marker="*",
        s=120,
        color="C3",
        label="oracle",
        zorder=4,
    )
    for name, row in report["summary"]["regimes"]["calibration_tuned"].items():
        ax.scatter(PER_1K * row["cost"], row["quality"], marker="D", s=45, color="C4", zorder=5)
        ax.annotate(
            f"{name} (δ={row['delta']:.3f})",
            (PER_1K * row["cost"], row["quality"]),
            fontsize=8,
            xytext=(5, 5),
            textcoords="offset points",
            color="C4",
        )
    marker = guarantee_marker(report)
    if marker is not None:
        label = f"guarantee ε={marker['epsilon']:g}, α={marker['alpha']:g}"
        ax.scatter(
            PER_1K * marker["cost"],
            marker["quality"],
            marker="s",
            s=55,
            facecolors="none",
            edgecolors="C9",
            linewidths=1.6,
            label=label,
            zorder=6,
        )
        ax.annotate(
            label,
            (PER_1K * marker["cost"], marker["quality"]),
            fontsize=8,
            xytext=(5, -11),
            textcoords="offset points",
            color="C9",
        )
    ax.set_xscale("symlog", linthresh=max(PER_1K * report["summary"]["weak_cost"], 1e-6))
    ax.set_xlabel("USD per 1,000 queries")
    ax.set_ylabel("quality (mean outcome)")
    ax.set_title(f"cost–quality, evaluation part ({report['split']['n_evaluate']} items)")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def write_report(result: EvalResult, meta: dict[str, Any], out_dir: Path) -> dict[str, Any]:
    """Write report.json, report.md and cost_quality.png into out_dir; return the dict."""
    out_dir.mkdir(parents=True, exist_ok=True)
    report = report_dict(result, meta)
    (out_dir / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (out_dir / "report.md").write_text(markdown(report), encoding="utf-8")
    plot(report, out_dir / "cost_quality.png")
    return report
