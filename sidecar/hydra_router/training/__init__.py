"""Offline pipelines that make the predictor: dataset build, training, export.

Heavy imports (torch, transformers) happen inside functions, with an install
hint when they are missing.
"""
