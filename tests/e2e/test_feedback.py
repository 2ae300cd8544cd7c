"""`hydra/feedback` over real stdio JSON-RPC: a reported failure moves the conversation's
next route one step up; feedback the server cannot use is logged and dropped, and the
server keeps serving. Tiny fixture model and the bundled catalog: plain text needs
nothing, so the first route takes the cheapest model."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

PROMPT = "hello there, a plain question 5c2e"


def test_a_failure_escalates_the_next_route_and_bad_feedback_is_ignored(
    spawn, tmp_path: Path
) -> None:
    client = spawn("--log-level", "debug")
    route = {"prompt": PROMPT, "conversationId": "chat-1"}
    first = client.request("hydra/route", route)
    assert first["method"] == "hydra" and first["escalationReason"] is None
    failed = first["model"]

    client.notify(
        "hydra/feedback", {"conversationId": "chat-2", "model": "gpt-9", "outcome": "error"}
    )
    client.notify("hydra/feedback", {"conversationId": "chat-1", "model": failed, "outcome": "meh"})
    client.notify("hydra/feedback", ["positional"])
    client.notify(
        "hydra/feedback",
        {"conversationId": "chat-1", "model": failed, "outcome": "empty", "detail": "no text"},
    )
    up = client.request("hydra/route", route)
    assert up["method"] == "escalated" and up["model"] != failed
    assert up["escalationReason"] == (
        f"`{failed}` failed in this conversation (empty answer: no text); "
        "one step up by predicted pass"
    )
    candidates = {c["model"]: c for c in up["candidates"]}
    assert candidates[failed]["reason"] == "failed in this conversation (empty answer: no text)"
    assert candidates[up["model"]]["blendedPrice"] > candidates[failed]["blendedPrice"]
    assert candidates[up["model"]]["predictedPass"] > candidates[failed]["predictedPass"]

    client.notify(
        "hydra/feedback", {"conversationId": "chat-1", "model": up["model"], "outcome": "helpful"}
    )
    stays = client.request("hydra/route", route)
    assert (stays["model"], stays["method"]) == (up["model"], "sticky")
    # Feedback on an unknown model created nothing: chat-2 routes afresh.
    other = client.request("hydra/route", {"prompt": PROMPT, "conversationId": "chat-2"})
    assert (other["model"], other["method"]) == (failed, "hydra")
    assert client.shutdown() == 0

    log = (tmp_path / "server-0.log").read_text(encoding="utf-8")
    assert "hydra/feedback ignored: no model 'gpt-9' in the catalog" in log
    assert "hydra/feedback ignored: invalid params: `outcome`" in log
    assert "hydra/feedback ignored: params must be an object" in log
    assert PROMPT not in log
