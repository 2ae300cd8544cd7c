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

# Editor-chat framings around developer requests (compose_requests); the request text
# stays as the source wrote it.
REQUEST_TEMPLATES = {
    "concept_diff": (
        "{a} と {b} の違いは？",
        "{a} と {b}、どっちをいつ使えばいい？",
    ),
    "ask_code": (
        "これ書いてもらえますか？{task}",
        "{task} お願いします",
        "これのコードが欲しい：{task}",
        "{file} で：{task}",
    ),
    "ask_code_think": (
        "{task}\nまずどのアプローチが一番いいか理由も含めて考えてから実装して",
        "書く前に計算量について考えてください。{task}",
        "これを効率よく解くにはどうする？{task}",
    ),
    "ask_snippet": (
        "これをやるワンライナーちょうだい：{task}",
        "これのシェルコマンドは？{task}",
        "{task} —— bash の一行で？",
    ),
    "ask_run": (
        "このリポジトリでこれやってもらえる？{task}",
        "{task}。実際に実行して結果を教えて",
        "ターミナルで実行してください：{task}",
    ),
    "ask_sql": (
        "これの SQL を書いて：{task}",
        "SQL クエリお願い：{task}",
    ),
    "ask_db": (
        "うちの DB でこれ実行してくれる？{task}",
        "{task}（開発用 DB につないでやって）",
    ),
    "ask_tool": (
        "これ調べてもらえる？{task}",
        "{task} 使えるツールは何でも使っていいよ",
        "代わりにやってもらえますか：{task}",
    ),
    "ask_debug": (
        "これが出るんだけど、心当たりある？{task}",
        "助けて、壊れた：{task}",
        "{task}\n\n原因は何で、どう直せばいい？",
        "{file} で：{task}",
    ),
    "paste_explain": (
        "これ何してるの？\n\n```\n{code}\n```",
        "{code}\n\nこれ説明して",
        "一行ずつ解説してもらえますか？\n{code}",
    ),
    "paste_edit": (
        "これに docstring を付けて\n\n```\n{code}\n```",
        "{code}\n\n変数名を読みやすく変えて",
        "これを整形して先頭にコメントを入れてもらえる？\n{code}",
    ),
    "followup": (
        "ありがとう。じゃあ次は{task}",
        "あと、{task}",
        "動いた。次：{task}",
    ),
}

HANDWRITTEN = {
    "chat": (
        "ありがとう、動きました！",
        "了解",
        "こんにちは、元気？",
        "やっぱりいいや、自分で分かった",
        "完璧、本当にありがとう",
    ),
    "concept": (
        "リストとタプルの違いは何？",
        "REST API って何？",
        "git merge と git rebase の違いは？",
        "Python はコンパイル型？インタプリタ型？",
        "CI って何の略？",
    ),
    "reason": (
        "クイックソートが平均 O(n log n) なのに最悪 O(n^2) になるのはなぜ？順を追って考えて。",
        "3つのサービスが失敗時にそれぞれ3回リトライする。最後のサービスが落ちていたら、合計で何回リクエストが届く？よく考えて。",
        "ミューテックスが1つだけでもデッドロックは起こりうる？丁寧に論証して。",
        "2つのサービス間でメッセージキューと直接の HTTP 呼び出しのどちらにするか迷っています。トレードオフを比較して、どちらかを勧めてください。",
        "これを TTL 5分でキャッシュして、書き込みが毎秒あるとしたら、ユーザーにはどんな整合性の問題が見える？よく考えて。",
        "このアルゴリズムは負の数でも正しい？証明するか反例を挙げて。",
    ),
    "act": (
        "CI を確認して",
        "テストを走らせて、何が落ちるか教えてくれる？",
        "React の最新リリースノートを Web で検索して、リンク付きで要約して",
        "この変更で PR を作って",
        "依存関係を入れて開発サーバーを起動して",
        "このコードベースで parse_config はどこで定義されてる？",
        "リポジトリ内の UserService の使用箇所を全部探して",
        "最後のコミットで何が変わった？",
        "プロジェクト全体にリンターをかけて、警告を一覧にして",
        "pandas の read_csv の最新オプションをドキュメントで調べて、不正な行を飛ばすのはどれか教えて",
    ),
}
