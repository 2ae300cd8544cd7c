# ruff: noqa: E501  (request templates are natural-language strings; wrapping them would change them)
"""Japanese request templates."""

TEMPLATES = {
    "math": (
        "{task}",
        "この問題の解き方を教えてください。\n\n{task}",
        "{task}\n途中の式も書いてほしいです。",
    ),
    "math_program": (
        "この文章題を解く {pl} の関数を書いてください。数値はあとで変えたいです。\n\n{task}",
        "{task}\n\n答えだけでなく、計算する {pl} のコードをください。",
    ),
    "code_complete": (
        "{code}",
        "この関数の中身を書いてもらえますか？\n\n```\n{code}\n```",
        "```\n{code}\n```\n実装お願いします",
        "シグネチャとコメントまでは書きました。続きをお願いします。\n{code}",
    ),
    "code_tests": (
        "この関数のユニットテストを書いてください。境界ケースも含めて。\n\n```\n{code}\n```",
        "{code}\n\nどんなテストケースを追加すべき？コードでください",
    ),
    "code_explain": (
        "この関数は何をするためのもの？説明してください。\n\n```\n{code}\n```",
        "{code}\n\nこのプロジェクトに入ったばかりなので、これを解説してほしい",
    ),
    "algo_then_code": (
        "書く前に、どのアプローチが一番速いか理由と一緒に考えてから実装してください。\n\n{code}",
        "{code}\n\nまずアルゴリズムと計算量を説明して、そのあとコードをください。",
    ),
    "code_instruction": (
        "{task}",
        "これを実装してもらえますか：{task}",
    ),
    "debug_crash": (
        "なぜこのエラーが出るのでしょうか？\n\n```\n{code}\n```\n\n```\n{error}\n```",
        "{error}\n\n{code}",
        "`{call}` を実行するとこうなります：\n{error}\n\nコード：\n```\n{code}\n```\n何が足りない？",
    ),
    "debug_crash_line": (
        "なぜこれで {error} が出るのですか？ {line}",
        "この行で `{error}` が出ます：\n{line}\n何が間違っていますか？",
    ),
    "debug_wrong": (
        "`{call}` が {actual} を返すけど、期待値は {expected} です。どうして？\n\n```\n{code}\n```",
        "{code}\n\n{call} で {actual} になる。{expected} のはず",
        "ちょっと見てもらえますか？{call} の結果が {expected} ではなく {actual} になります。\n\n{code}",
    ),
    "debug_hang": (
        "`{call}` が返ってきません。なぜ？\n\n```\n{code}\n```",
        "{code}\n\n{call} で止まったままになる。心当たりある？",
    ),
    "debug_expect": (
        "`{call}` は {expected} になるはずなのに、なりません。\n\n```\n{code}\n```",
        "{code}\n\n{call} の期待値は {expected}。合わないので見てほしい",
    ),
    "debug_vague": (
        "どこかに微妙な不具合があるのですが、見つけられません。\n\n```\n{code}\n```",
        "{code}\n\n一部の入力でテストが落ちる。どこが問題？",
    ),
    "debug_problem": (
        "この問題を解いています：\n{problem}\n\n私の解答が通りません：\n```\n{code}\n```",
        "{code}\n\n次の問題のコードですが、提出すると不正解になります。\n{problem}",
        "ちょっと見てもらえますか？{problem}\n\n例：\n{example}\n\nコード：\n{code}",
    ),
    "debug_explain": (
        "この問題の解答が不正解になります。なぜ間違っているか説明して、直して、直した版の計算量も教えてください。\n\n{problem}\n\n```\n{code}\n```",
        "{problem}\n\n{code}\n\nこのコードが実際に何をしているか一歩ずつ追って、おかしい所を見つけて直してください。",
    ),
    "tool_request": (
        "{task}",
        "{task}\n\n（使えるツール：{tools}）",
        "つないであるツール：{tools}\n\n{task}",
        "{task}\n\n呼び出せる関数：{tools}",
        "{tools}\n---\n{task}",
    ),
    "tool_code": (
        "この API を使って次のことをする {pl} のコードを書いてください：{task}\n\nAPI：{tools}",
        "使える関数は {tools} です。これらを呼んで「{task}」を行う {pl} のコードをください",
    ),
    "tool_fix_call": (
        "やりたいこと：{task}\n`{call}` を呼んだら：\n{error}\n呼び出しの何がまずい？正しく呼び直してください。\n\nツール：{tools}",
        "{error}\n\n`{call}` で出ました。目的：{task}。使えるもの：{tools}",
    ),
    "question": (
        "{task}",
        "ちょっと質問です：{task}",
        "これ知ってますか？{task}",
    ),
}
