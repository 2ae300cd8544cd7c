"""The shipped model (models/hydra-modernbert-small) behind the real server.

These tests fail until the trained model is in the repo: the product routes
with the shipped model, so its absence is a failure, not a skip.
"""

from __future__ import annotations

import pytest

from hydra_router.predictor import Predictor, default_model_dir

pytestmark = pytest.mark.e2e

#: The same request in five languages; the decision must not depend on the language.
PARALLEL = {
    "explain": {
        "en": "What does this function do?\n\ndef area(r):\n    return 3.14159 * r * r",
        "zh": "这个函数是做什么的？\n\ndef area(r):\n    return 3.14159 * r * r",
        "ja": "この関数は何をしますか？\n\ndef area(r):\n    return 3.14159 * r * r",
        "ko": "이 함수는 무엇을 하나요?\n\ndef area(r):\n    return 3.14159 * r * r",
        "de": "Was macht diese Funktion?\n\ndef area(r):\n    return 3.14159 * r * r",
    },
    "debug": {
        "en": "My test fails with this error, please find and fix the bug:\n"
        'Traceback (most recent call last):\n  File "cart.py", line 42, in total\n'
        "    return sum(item.price * item.qty for item in self.items)\n"
        "TypeError: unsupported operand type(s) for *: 'NoneType' and 'int'",
        "zh": "我的测试因为这个错误失败了，请找到并修复这个 bug：\n"
        'Traceback (most recent call last):\n  File "cart.py", line 42, in total\n'
        "    return sum(item.price * item.qty for item in self.items)\n"
        "TypeError: unsupported operand type(s) for *: 'NoneType' and 'int'",
        "ja": "テストがこのエラーで失敗します。バグを見つけて修正してください:\n"
        'Traceback (most recent call last):\n  File "cart.py", line 42, in total\n'
        "    return sum(item.price * item.qty for item in self.items)\n"
        "TypeError: unsupported operand type(s) for *: 'NoneType' and 'int'",
        "ko": "테스트가 이 오류로 실패합니다. 버그를 찾아서 고쳐 주세요:\n"
        'Traceback (most recent call last):\n  File "cart.py", line 42, in total\n'
        "    return sum(item.price * item.qty for item in self.items)\n"
        "TypeError: unsupported operand type(s) for *: 'NoneType' and 'int'",
        "de": "Mein Test schlägt mit diesem Fehler fehl, bitte finde und behebe den Bug:\n"
        'Traceback (most recent call last):\n  File "cart.py", line 42, in total\n'
        "    return sum(item.price * item.qty for item in self.items)\n"
        "TypeError: unsupported operand type(s) for *: 'NoneType' and 'int'",
    },
    "reason": {
        "en": "Prove that there are infinitely many prime numbers, then explain whether the "
        "same argument works for primes of the form 4k+3.",
        "zh": "证明素数有无穷多个，然后说明同样的论证是否适用于形如 4k+3 的素数。",
        "ja": "素数が無限に存在することを証明し、"
        "同じ議論が 4k+3 の形の素数にも使えるか説明してください。",
        "ko": "소수가 무한히 많다는 것을 증명하고, "
        "같은 논증이 4k+3 꼴의 소수에도 성립하는지 설명하세요.",
        "de": "Beweise, dass es unendlich viele Primzahlen gibt, und erkläre dann, ob dasselbe "
        "Argument für Primzahlen der Form 4k+3 funktioniert.",
    },
}


def test_shipped_model_loads_with_a_model_card() -> None:
    folder = default_model_dir()
    predictor = Predictor.load(folder)
    assert (folder / "MODEL_CARD.md").is_file()
    scores = predictor.score(["hello"])
    assert scores.shape == (1, 4)


@pytest.fixture(scope="module")
def shipped_client(tmp_path_factory: pytest.TempPathFactory):
    import sys

    from fixtures.jsonrpc import JsonRpcClient

    log = (tmp_path_factory.mktemp("shipped") / "server.log").open("wb")
    client = JsonRpcClient.spawn(
        [sys.executable, "-m", "hydra_router", "serve", "--model", str(default_model_dir())],
        stderr=log,
    )
    try:
        client.initialize(timeout=120)
    except Exception:
        client.close()
        raise
    yield client
    client.shutdown()


# Known misses of the shipped model, by group (strict: each turns red once routing
# agrees). Model 0.11.0 routes the crash report to claude-sonnet-4-6 in all five
# languages (debugging 0.75-0.77). The proof request now scores reasoning 0.50-0.68
# everywhere (0.10.0: 0.10-0.35, so a cheap model), but on predicted pass the iso δ of
# 0.03 separates gpt-5.3-codex from claude-sonnet-4-6 and zh/ko (reasoning 0.50-0.52)
# land on the cheaper side. The explain request's code generation reads 0.11-0.66 by
# language (ko over 0.5), so it goes anywhere from gpt-5.4-mini to claude-sonnet-4-6.
ROUTE_MISSES: dict[str, str] = {
    "explain": "code generation 0.11 (de) to 0.66 (ko) on an explain request",
    "reason": "reasoning 0.50-0.52 in zh/ko vs 0.62-0.68 elsewhere: codex vs sonnet at iso δ",
}


@pytest.mark.parametrize(
    "group",
    [
        pytest.param(g, marks=pytest.mark.xfail(strict=True, reason=ROUTE_MISSES[g]))
        if g in ROUTE_MISSES
        else g
        for g in sorted(PARALLEL)
    ],
)
def test_same_decision_in_every_language(shipped_client, group: str) -> None:
    decisions = {
        lang: shipped_client.request("hydra/route", {"prompt": prompt})["model"]
        for lang, prompt in PARALLEL[group].items()
    }
    assert len(set(decisions.values())) == 1, decisions
