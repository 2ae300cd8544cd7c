"""The training recipe as a typed YAML file (`configs/train-*.yaml`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import msgspec


class DataConfig(msgspec.Struct, forbid_unknown_fields=True):
    labels: str = "data/requirements/rows.jsonl.gz"
    queries: str = "../shared/data/queries"
    # CodeAlpaca is CC BY-NC: kept out of the shipped model by default.
    exclude_sources: list[str] = msgspec.field(default_factory=lambda: ["codealpaca"])
    teacher_cache: str = ".cache/teacher"
    # raw text in many languages (udhr.jsonl.gz) for distillation; "" = none
    multilingual: str = ""
    # raw developer-request files (*.jsonl.gz) whose words join the vocabulary; "" = none
    requests: str = ""


class VocabConfig(msgspec.Struct, forbid_unknown_fields=True):
    min_count: int = 2


class StudentConfig(msgspec.Struct, forbid_unknown_fields=True):
    hidden: int = 256
    layers: int = 4
    heads: int = 4
    intermediate: int = 512
    max_length: int = 256


class DistillConfig(msgspec.Struct, forbid_unknown_fields=True):
    epochs: float = 3.0
    batch_size: int = 32
    lr: float = 1e-3
    max_tokens: int = 64
    # weight of the loss that pulls translations of one group to one point
    translation_weight: float = 0.5
    # also distil raw (unlabelled) text in the languages that have no training
    # labels; test groups stay out either way
    unlabelled_languages: bool = False
    # rows per raw source file taken for distillation (None = all); see corpus.py
    budget: dict[str, tuple[int | None, int | None]] | None = None
    # body paragraphs per language of data.multilingual distilled (0 = none):
    # languages without any labelled row keep the teacher's alignment
    multilingual_per_language: Annotated[int, msgspec.Meta(ge=0)] = 0


class HeadsConfig(msgspec.Struct, forbid_unknown_fields=True):
    epochs: float = 2.0
    batch_size: int = 32
    lr: float = 5e-4
    max_tokens: int = 128
    max_rows: int = 20000
    # MSE of each row's scores to its group's mean (translations agree)
    consistency_weight: float = 1.0
    # keep the pooled space near the teacher while the heads train
    distill_weight: float = 0.3
    # members of one group drawn into the same batch
    group_members: int = 3
    # m in target' = m·[level ≥ 0.5] + (1 − m)·level: opens a gap around 0.5
    # between needed and not-needed levels so decisions do not sit on the cut
    # (0 = learn the levels as they are); see labelled.margin_targets
    decision_margin: Annotated[float, msgspec.Meta(ge=0.0, lt=1.0)] = 0.0
    # end stage 2 after this many batches, the learning-rate schedule still
    # spanning all `epochs` (early stopping at a step chosen on the valid split)
    stop_at_step: Annotated[int, msgspec.Meta(ge=1)] | None = None
    # end on the mean of the weights after each step from this fraction of
    # stage 2 on (tail averaging; None = the last step's weights)
    average_from: Annotated[float, msgspec.Meta(ge=0.0, lt=1.0)] | None = None
    # weights (a run's model.pt or done-heads.pt) stage 2 starts from instead of
    # stage 1's result: continues a finished run's heads in a new run folder
    init_from: str | None = None
    # source -> times each of its groups is drawn per pass (default 1): the few
    # requests written as editor chat weigh more than the benchmark streams
    source_repeats: dict[str, Annotated[int, msgspec.Meta(ge=1)]] = msgspec.field(
        default_factory=dict
    )


class TrainConfig(msgspec.Struct, forbid_unknown_fields=True):
    name: str = "hydra-modernbert-small"
    seed: int = 0
    output: str = ".cache/runs/small"
    threads: int = 2
    # where the student trains: "auto" (a CUDA GPU when torch sees one, else
    # the CPU), "cpu", "cuda" or "cuda:N"; the teacher pass always runs on the CPU
    device: Annotated[str, msgspec.Meta(pattern=r"^(auto|cpu|cuda(:\d+)?)$")] = "auto"
    checkpoint_every: int = 200
    data: DataConfig = msgspec.field(default_factory=DataConfig)
    vocab: VocabConfig = msgspec.field(default_factory=VocabConfig)
    student: StudentConfig = msgspec.field(default_factory=StudentConfig)
    distill: DistillConfig = msgspec.field(default_factory=DistillConfig)
    heads: HeadsConfig = msgspec.field(default_factory=HeadsConfig)


def load_config(path: Path) -> TrainConfig:
    """Read a recipe; errors name the file and the offending key."""
    import msgspec.yaml

    try:
        return msgspec.yaml.decode(path.read_bytes(), type=TrainConfig)
    except FileNotFoundError:
        raise ValueError(
            f"{path}: not found; see configs/train-small.yaml for an example"
        ) from None
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise ValueError(f"{path}: {exc}") from None
