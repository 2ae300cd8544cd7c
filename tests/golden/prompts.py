# ruff: noqa: E501  (prompt texts are data; one line each keeps them readable)
"""Fixed prompts for the shipped predictor's golden tests (written for this project).

Each set holds one request in several languages; `kind` is the capability the
request needs most. Languages marked held-out in the dataset (bn, fa, hu, ms, te)
appear too: the model never trained on them.
"""

from __future__ import annotations

PROMPT_SETS: dict[str, dict[str, str]] = {
    "math": {
        "en": "A train leaves at 3 pm at 60 km/h. A second train leaves the same station at 4 pm at 80 km/h on the same track. At what time does the second train catch up with the first?",
        "de": "Ein Zug fährt um 15 Uhr mit 60 km/h ab. Ein zweiter Zug fährt um 16 Uhr mit 80 km/h vom selben Bahnhof auf demselben Gleis ab. Um wie viel Uhr holt der zweite Zug den ersten ein?",
        "zh": "一列火车下午3点以每小时60公里的速度出发。第二列火车下午4点从同一车站以每小时80公里的速度沿同一轨道出发。第二列火车几点追上第一列？",
        "bn": "একটি ট্রেন বিকেল ৩টায় ঘণ্টায় ৬০ কিমি বেগে ছাড়ে। দ্বিতীয় একটি ট্রেন বিকেল ৪টায় একই স্টেশন থেকে ঘণ্টায় ৮০ কিমি বেগে একই লাইনে ছাড়ে। দ্বিতীয় ট্রেনটি কখন প্রথমটিকে ধরবে?",
    },
    "code": {
        "en": "Write a Python function that returns the n-th Fibonacci number using memoization, with type hints and a docstring.",
        "fr": "Écris une fonction Python qui renvoie le n-ième nombre de Fibonacci en utilisant la mémoïsation, avec des annotations de type et une docstring.",
        "ja": "メモ化を使ってn番目のフィボナッチ数を返すPython関数を、型ヒントとdocstring付きで書いてください。",
        "ru": "Напиши функцию на Python, которая возвращает n-е число Фибоначчи с помощью мемоизации, с аннотациями типов и docstring.",
    },
    "debug": {
        "en": "My code crashes with IndexError: list index out of range. Can you find the bug and fix it?\n\nfor i in range(len(xs) + 1):\n    print(xs[i])",
        "es": "Mi código falla con IndexError: list index out of range. ¿Puedes encontrar el error y corregirlo?\n\nfor i in range(len(xs) + 1):\n    print(xs[i])",
        "ar": "الكود الخاص بي يتعطل مع الخطأ IndexError: list index out of range. هل يمكنك إيجاد الخطأ وإصلاحه؟\n\nfor i in range(len(xs) + 1):\n    print(xs[i])",
        "hu": "A kódom IndexError: list index out of range hibával leáll. Megtalálod és kijavítod a hibát?\n\nfor i in range(len(xs) + 1):\n    print(xs[i])",
    },
    "tool": {
        "en": "Tools I have hooked up: get_weather, book_table\n\nWhat's the weather in Paris tomorrow, and book a table for two at 8 pm if it is sunny.",
        "pt": "Ferramentas que conectei: get_weather, book_table\n\nComo estará o tempo em Paris amanhã? Reserve uma mesa para dois às 20h se fizer sol.",
        "ko": "연결된 도구: get_weather, book_table\n\n내일 파리 날씨가 어때? 맑으면 저녁 8시에 두 명 자리를 예약해 줘.",
    },
    "fact": {
        "en": "Who wrote the novel War and Peace?",
        "tr": "Savaş ve Barış romanını kim yazdı?",
        "el": "Ποιος έγραψε το μυθιστόρημα Πόλεμος και Ειρήνη;",
        "fa": "رمان جنگ و صلح را چه کسی نوشت؟",
    },
}

KIND_HEAD = {
    "math": "reasoning",
    "code": "code_generation",
    "debug": "debugging",
    "tool": "tool_use",
}
HELD_OUT = {"bn", "fa", "hu", "ms", "te"}


def all_prompts() -> list[tuple[str, str, str]]:
    """(kind, lang, text) in a fixed order."""
    return [
        (kind, lang, text)
        for kind, by_lang in PROMPT_SETS.items()
        for lang, text in by_lang.items()
    ]
