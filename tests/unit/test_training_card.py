"""The model card's recipe lines."""

from __future__ import annotations

from hydra_router.training.card import _timing_line


def test_timing_line_says_where_each_stage_ran() -> None:
    cfg = {"threads": 2, "heads": {"epochs": 2.5}}
    cpu = {"distill": {"seconds": 560.4}, "heads": {"seconds": 1880.0}, "seconds": 3000}
    assert _timing_line(cpu, cfg) == (
        "- Time: stage 1 560 s; stage 2 (2.5 epochs) 1880 s on the CPU, 2 threads; "
        "whole run 3000 s."
    )
    gpu = {
        "device": "cuda:0 (NVIDIA H200)",
        "distill": {"finished_earlier": 1.0},
        "heads": {"seconds": 200.0},
        "seconds": 230,
    }
    line = _timing_line(gpu, {"heads": {"epochs": 6}})
    assert "stage 1 from an earlier run" in line
    assert "stage 2 (6 epochs) 200 s on cuda:0 (NVIDIA H200)" in line
    assert "no stage 1" in _timing_line({"heads": {"seconds": 1}}, cfg)
