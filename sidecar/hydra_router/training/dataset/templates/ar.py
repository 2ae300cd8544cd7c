# ruff: noqa: E501  (request templates are natural-language strings; wrapping them would change them)
"""Arabic (Modern Standard) request templates."""

TEMPLATES = {
    "math": (
        "{task}",
        "هل يمكنك مساعدتي في هذه المسألة؟\n\n{task}",
        "{task}\nمن فضلك اشرح خطوات الحل.",
    ),
    "math_program": (
        "اكتب دالة بلغة {pl} تحل هذه المسألة حتى أستطيع تغيير الأرقام لاحقًا:\n\n{task}",
        "{task}\n\nلا أريد الناتج فقط، أعطني كود {pl} يحسبه.",
    ),
    "code_complete": (
        "{code}",
        "هل يمكنك إكمال جسم هذه الدالة؟\n\n```\n{code}\n```",
        "```\n{code}\n```\nنفّذها من فضلك",
    ),
    "code_tests": (
        "اكتب اختبارات وحدة لهذه الدالة، مع الحالات الحدّية:\n\n```\n{code}\n```",
        "{code}\n\nما حالات الاختبار التي تضيفها هنا؟ أعطني الكود",
    ),
    "code_explain": (
        "ما الذي يُفترض أن تفعله هذه الدالة؟ اشرح لي.\n\n```\n{code}\n```",
        "{code}\n\nأنا جديد في المشروع، هل تشرح لي هذا الجزء؟",
    ),
    "algo_then_code": (
        "قبل أن تكتب أي شيء، فكّر في أسرع طريقة هنا ولماذا، ثم نفّذها.\n\n{code}",
        "{code}\n\nاشرح أولًا الخوارزمية وتعقيدها، ثم أعطني الكود.",
    ),
    "code_instruction": (
        "{task}",
        "هل تساعدني في هذا؟ {task}",
    ),
    "debug_crash": (
        "لماذا يظهر هذا الاستثناء؟\n\n```\n{code}\n```\n\n```\n{error}\n```",
        "{error}\n\n{code}",
        "عند تشغيل `{call}` أحصل على:\n{error}\n\nالكود:\n```\n{code}\n```\nما الذي فاتني؟",
    ),
    "debug_crash_line": (
        "لماذا يرمي هذا {error}؟ {line}",
        "أحصل على `{error}` في هذا السطر:\n{line}\nما المشكلة؟",
    ),
    "debug_wrong": (
        "`{call}` يعيد {actual} لكنني توقعت {expected}. ما السبب؟\n\n```\n{code}\n```",
        "{code}\n\nمع {call} أحصل على {actual}، والمفروض {expected}",
        "هل تلقي نظرة؟ {call} يعطي {actual} بدلًا من {expected}.\n\n{code}",
    ),
    "debug_hang": (
        "`{call}` لا ينتهي أبدًا. لماذا؟\n\n```\n{code}\n```",
        "{code}\n\nيتوقف عند {call} ولا يكمل، هل لديك فكرة؟",
    ),
    "debug_expect": (
        "`{call}` يجب أن يعطي {expected} لكنه لا يفعل.\n\n```\n{code}\n```",
        "{code}\n\nأتوقع {expected} من {call} والنتيجة مختلفة. ساعدني؟",
    ),
    "debug_vague": (
        "هناك خلل دقيق في هذا الكود ولا أستطيع رؤيته.\n\n```\n{code}\n```",
        "{code}\n\nالاختبارات تفشل مع بعض المدخلات، أين المشكلة؟",
    ),
    "debug_problem": (
        "أحلّ هذه المسألة:\n{problem}\n\nحلّي لا ينجح:\n```\n{code}\n```",
        "{code}\n\nهذا حل للمسألة التالية ولا يجتاز الاختبارات.\n{problem}",
        "هل تلقي نظرة؟ {problem}\n\nمثال:\n{example}\n\nالكود:\n{code}",
    ),
    "debug_explain": (
        "حلّي لهذه المسألة مرفوض. اشرح لماذا هو خاطئ، وصحّحه، واذكر تعقيد النسخة المصحّحة.\n\n{problem}\n\n```\n{code}\n```",
        "{problem}\n\n{code}\n\nتتبّع خطوة بخطوة ما يفعله هذا الكود فعلًا، وحدّد أين يخطئ ثم صحّحه.",
    ),
    "tool_request": (
        "{task}",
        "{task}\n\n(الأدوات المتاحة: {tools})",
        "الأدوات الموصولة: {tools}\n\n{task}",
        "{task}\n\nيمكنك استدعاء: {tools}",
        "{tools}\n---\n{task}",
    ),
    "tool_code": (
        "اكتب كود {pl} يستخدم هذه الواجهة البرمجية من أجل: {task}\n\nالواجهة: {tools}",
        "لدي هذه الدوال: {tools}. أعطني مقطع {pl} يستدعيها من أجل: {task}",
    ),
    "tool_fix_call": (
        "أردت: {task}\nاستدعيت `{call}` وحصلت على:\n{error}\nما الخطأ في الاستدعاء؟ نفّذه بشكل صحيح.\n\nالأدوات: {tools}",
        "{error}\n\nهذا من `{call}`. الهدف: {task}. المتاح: {tools}",
    ),
    "question": (
        "{task}",
        "سؤال سريع: {task}",
        "هل تعرف هذا؟ {task}",
    ),
}
