"""Offline evaluation on outcome logs: calibration, cost-quality sweeps, reports."""
