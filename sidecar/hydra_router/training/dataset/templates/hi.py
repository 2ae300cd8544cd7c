# ruff: noqa: E501  (request templates are natural-language strings; wrapping them would change them)
"""Hindi request templates."""

TEMPLATES = {
    "math": (
        "{task}",
        "क्या आप इस सवाल में मेरी मदद कर सकते हैं?\n\n{task}",
        "{task}\nकृपया हल के चरण भी बताइए।",
    ),
    "math_program": (
        "इस सवाल को हल करने वाला {pl} फ़ंक्शन लिखिए, ताकि मैं बाद में संख्याएँ बदल सकूँ:\n\n{task}",
        "{task}\n\nसिर्फ़ जवाब नहीं, इसे निकालने वाला {pl} कोड दीजिए।",
    ),
    "code_complete": (
        "{code}",
        "क्या आप इस फ़ंक्शन की बॉडी पूरी कर देंगे?\n\n```\n{code}\n```",
        "```\n{code}\n```\nइसे implement कर दो",
    ),
    "code_tests": (
        "इस फ़ंक्शन के लिए unit tests लिखिए, edge cases भी:\n\n```\n{code}\n```",
        "{code}\n\nयहाँ कौन से test cases जोड़ने चाहिए? कोड दीजिए",
    ),
    "code_explain": (
        "यह फ़ंक्शन क्या करने के लिए है? समझाइए।\n\n```\n{code}\n```",
        "{code}\n\nमैं प्रोजेक्ट में नया हूँ, यह हिस्सा समझा दो",
    ),
    "algo_then_code": (
        "लिखने से पहले सोचिए कि यहाँ सबसे तेज़ तरीका कौन सा है और क्यों, फिर उसे implement कीजिए।\n\n{code}",
        "{code}\n\nपहले algorithm और उसकी complexity समझाइए, फिर कोड दीजिए।",
    ),
    "code_instruction": (
        "{task}",
        "क्या आप इसमें मदद करेंगे? {task}",
    ),
    "debug_crash": (
        "यह exception क्यों आ रहा है?\n\n```\n{code}\n```\n\n```\n{error}\n```",
        "{error}\n\n{code}",
        "`{call}` चलाने पर यह मिलता है:\n{error}\n\nकोड:\n```\n{code}\n```\nमुझसे क्या छूट रहा है?",
    ),
    "debug_crash_line": (
        "यह {error} क्यों देता है? {line}",
        "इस लाइन पर `{error}` आ रहा है:\n{line}\nक्या गलत है?",
    ),
    "debug_wrong": (
        "`{call}` {actual} लौटाता है, पर मुझे {expected} चाहिए था। क्या गड़बड़ है?\n\n```\n{code}\n```",
        "{code}\n\n{call} पर {actual} आता है, {expected} आना चाहिए",
        "ज़रा देखिए: {call} का नतीजा {expected} की जगह {actual} है।\n\n{code}",
    ),
    "debug_hang": (
        "`{call}` कभी ख़त्म नहीं होता। क्यों?\n\n```\n{code}\n```",
        "{code}\n\n{call} पर अटक जाता है, कोई अंदाज़ा?",
    ),
    "debug_expect": (
        "`{call}` से {expected} आना चाहिए, पर नहीं आता।\n\n```\n{code}\n```",
        "{code}\n\n{call} के लिए {expected} की उम्मीद है, मेल नहीं खाता। मदद?",
    ),
    "debug_vague": (
        "इसमें कहीं एक बारीक गड़बड़ है जो मुझे दिख नहीं रही।\n\n```\n{code}\n```",
        "{code}\n\nकुछ inputs पर tests fail होते हैं, समस्या कहाँ है?",
    ),
    "debug_problem": (
        "मैं यह सवाल हल कर रहा हूँ:\n{problem}\n\nमेरा हल पास नहीं होता:\n```\n{code}\n```",
        "{code}\n\nयह नीचे वाले सवाल का कोड है और tests पास नहीं करता।\n{problem}",
        "ज़रा देखिए? {problem}\n\nउदाहरण:\n{example}\n\nमेरा कोड:\n{code}",
    ),
    "debug_explain": (
        "इस सवाल का मेरा हल reject हो गया। समझाइए कि यह ग़लत क्यों है, इसे ठीक कीजिए और ठीक किए गए हल की time complexity बताइए।\n\n{problem}\n\n```\n{code}\n```",
        "{problem}\n\n{code}\n\nक़दम-दर-क़दम बताइए कि यह कोड असल में क्या करता है, कहाँ ग़लती है, और उसे सुधारिए।",
    ),
    "tool_request": (
        "{task}",
        "{task}\n\n(उपलब्ध tools: {tools})",
        "जुड़े हुए tools: {tools}\n\n{task}",
        "{task}\n\nआप इन्हें call कर सकते हैं: {tools}",
        "{tools}\n---\n{task}",
    ),
    "tool_code": (
        "इस API से यह काम करने वाला {pl} कोड लिखिए: {task}\n\nAPI: {tools}",
        "मेरे पास ये functions हैं: {tools}। इन्हें call करके यह करने वाला {pl} snippet दीजिए: {task}",
    ),
    "tool_fix_call": (
        "मैं यह करना चाहता था: {task}\nमैंने `{call}` call किया और मिला:\n{error}\ncall में क्या ग़लत है? सही तरीके से कीजिए।\n\nTools: {tools}",
        "{error}\n\nयह `{call}` से आया। लक्ष्य: {task}। उपलब्ध: {tools}",
    ),
    "question": (
        "{task}",
        "एक छोटा सा सवाल: {task}",
        "क्या आपको यह पता है? {task}",
    ),
}

# Editor-chat framings around developer requests (compose_requests); the request text
# stays as the source wrote it.
REQUEST_TEMPLATES = {
    "concept_diff": (
        "{a} और {b} में क्या फ़र्क है?",
        "{a} vs {b}, कब कौन सा इस्तेमाल करूं?",
    ),
    "ask_code": (
        "क्या आप मेरे लिए ये लिख सकते हो? {task}",
        "{task} प्लीज़",
        "इसके लिए कोड चाहिए: {task}",
        "{file} में: {task}",
    ),
    "ask_code_think": (
        "{task}\nपहले सोचो कि सबसे अच्छा तरीका कौन सा है और क्यों, फिर कोड लिखो",
        "कुछ भी लिखने से पहले complexity के बारे में सोचो। {task}",
        "इसे efficiently कैसे हल करोगे? {task}",
    ),
    "ask_snippet": (
        "इसके लिए एक one-liner दो: {task}",
        "इसका shell command क्या होगा: {task}",
        "{task} -- bash की एक लाइन में?",
    ),
    "ask_run": (
        "क्या आप इस repo में मेरे लिए ये कर दोगे? {task}",
        "{task}. इसे चला के बताओ क्या आया",
        "प्लीज़ terminal में चलाओ: {task}",
    ),
    "ask_sql": (
        "इसके लिए SQL लिख दो: {task}",
        "SQL query चाहिए: {task}",
    ),
    "ask_db": (
        "क्या ये हमारे DB पर चला सकते हो? {task}",
        "{task} (dev database से connect करके कर दो)",
    ),
    "ask_tool": (
        "क्या आप मेरे लिए ये ढूंढ सकते हो? {task}",
        "{task} जो tools हैं वो इस्तेमाल कर लो",
        "क्या आप ये काम मेरे लिए कर सकते हैं: {task}",
    ),
    "ask_debug": (
        "ये आ रहा है, कोई idea? {task}",
        "मदद करो, ये टूट गया है: {task}",
        "{task}\n\nइसकी वजह क्या है और इसे कैसे ठीक करूं?",
        "{file} में: {task}",
    ),
    "paste_explain": (
        "ये क्या करता है?\n\n```\n{code}\n```",
        "{code}\n\nइसे समझाओ प्लीज़",
        "क्या आप इसे line by line समझा सकते हो?\n{code}",
    ),
    "paste_edit": (
        "इसमें docstrings जोड़ दो\n\n```\n{code}\n```",
        "{code}\n\nvariables के नाम पढ़ने लायक बना दो",
        "क्या इसे ठीक से format करके ऊपर एक comment जोड़ दोगे?\n{code}",
    ),
    "followup": (
        "ठीक है धन्यवाद। अब {task}",
        "और साथ में: {task}",
        "चल गया। अगला: {task}",
    ),
}

HANDWRITTEN = {
    "chat": (
        "धन्यवाद, चल गया!",
        "ठीक है बढ़िया",
        "नमस्ते, कैसे हो?",
        "रहने दो, मैंने खुद समझ लिया",
        "बढ़िया, बहुत धन्यवाद",
    ),
    "concept": (
        "list और tuple में क्या फ़र्क है?",
        "REST API क्या होता है?",
        "git merge और git rebase में क्या फ़र्क है?",
        "Python compiled है या interpreted?",
        "CI का मतलब क्या है?",
    ),
    "reason": (
        "quicksort औसतन O(n log n) क्यों है लेकिन सबसे बुरे केस में O(n^2)? कदम दर कदम तर्क करो।",
        "तीन services फेल होने पर तीन-तीन बार retry करती हैं। अगर आख़िरी वाली बंद है तो उस तक कुल कितनी requests पहुंचेंगी? ध्यान से सोचो।",
        "क्या सिर्फ़ एक mutex के साथ deadlock हो सकता है? सावधानी से तर्क दो।",
        "दो services के बीच हम message queue और सीधे HTTP calls में से चुन रहे हैं। फ़ायदे-नुकसान तौलो और एक की सलाह दो।",
        "अगर मैं इसे 5 मिनट के TTL से cache करूं और हर सेकंड write हो, तो users को कौन सी consistency problems दिख सकती हैं? ध्यान से सोचो।",
        "क्या यह algorithm negative numbers के लिए भी सही है? साबित करो या counterexample दो।",
    ),
    "act": (
        "CI चेक करो",
        "tests चला के बता सकते हो कि क्या fail हो रहा है?",
        "web पर React के latest release notes ढूंढो और links के साथ summary दो",
        "इन बदलावों के साथ एक PR खोल दो",
        "dependencies install करके dev server चालू कर दो",
        "इस codebase में parse_config कहां define है?",
        "repo में UserService के सारे usages ढूंढो",
        "पिछले commit में क्या बदला?",
        "पूरे project पर linter चलाओ और warnings की list दो",
        "pandas के read_csv के latest options docs में देखो और बताओ कौन सा खराब lines skip करता है",
    ),
}
