# ruff: noqa: E501  (request templates are natural-language strings; wrapping them would change them)
"""Chinese (simplified) request templates."""

TEMPLATES = {
    "math": (
        "{task}",
        "这道题怎么做？\n\n{task}",
        "{task}\n请写出解题步骤。",
        "孩子的作业，我算不出来：{task}",
    ),
    "math_program": (
        "用 {pl} 写一个函数来算这道题，方便我以后改数字：\n\n{task}",
        "{task}\n\n别只给答案，给我一段能算出结果的 {pl} 代码。",
        "能把这道应用题变成一个小的 {pl} 程序吗？\n{task}",
    ),
    "code_complete": (
        "{code}",
        "帮我把这个函数补完：\n\n```\n{code}\n```",
        "```\n{code}\n```\n实现一下",
        "函数签名和注释都写好了，剩下的交给你：\n{code}",
    ),
    "code_tests": (
        "给这个函数写单元测试，边界情况也要覆盖：\n\n```\n{code}\n```",
        "{code}\n\n这里应该加哪些测试用例？直接给代码",
        "帮我看一下这个，写一个完整的测试文件：\n{code}",
    ),
    "code_explain": (
        "这个函数是干什么用的？给我讲讲。\n\n```\n{code}\n```",
        "{code}\n\n我刚接手这个项目，能解释一下这段吗",
        "帮我看一下这个，用大白话说说它的作用：\n{code}",
    ),
    "algo_then_code": (
        "先别急着写代码，想想哪种方法最快、为什么，然后再实现。\n\n{code}",
        "{code}\n\n先讲一下算法思路和复杂度，再给出代码。",
        "这个题最好的解法是什么？比较几种思路，然后写出最好的那种。\n\n```\n{code}\n```",
    ),
    "code_instruction": (
        "{task}",
        "帮我实现这个：{task}",
    ),
    "debug_crash": (
        "为什么会抛这个错？\n\n```\n{code}\n```\n\n```\n{error}\n```",
        "{error}\n\n{code}",
        "运行 `{call}` 出现：\n{error}\n\n代码如下：\n```\n{code}\n```\n我漏了什么？",
        "帮我看一下这个，`{call}` 一跑就崩\n\n{code}\n\n{error}",
    ),
    "debug_crash_line": (
        "为什么这里会抛出 {error}？{line}",
        "这一行报 `{error}`：\n{line}\n哪里错了？",
    ),
    "debug_wrong": (
        "`{call}` 返回 {actual}，我期望的是 {expected}。怎么回事？\n\n```\n{code}\n```",
        "{code}\n\n{call} 得到 {actual}，应该是 {expected}",
        "帮我看一下这个，结果不对：{call} 输出 {actual} 而不是 {expected}。\n\n{code}",
    ),
    "debug_hang": (
        "`{call}` 一直不返回，为什么？\n\n```\n{code}\n```",
        "{code}\n\n跑 {call} 的时候卡住不动了，有什么头绪吗？",
    ),
    "debug_expect": (
        "`{call}` 应该得到 {expected}，但实际不是。\n\n```\n{code}\n```",
        "{code}\n\n调用 {call} 期望 {expected}，结果不对，帮忙看看？",
    ),
    "debug_vague": (
        "这里面有个很隐蔽的问题，我找不到。\n\n```\n{code}\n```",
        "{code}\n\n有些输入下测试过不了，问题在哪？",
        "帮我 review 一下这段代码，同事说有些情况会出错。\n{code}",
    ),
    "debug_problem": (
        "我在做这道题：\n{problem}\n\n我的解法通不过：\n```\n{code}\n```",
        "{code}\n\n这是下面这道题的代码，提交没通过。\n{problem}",
        "帮我看一下这个？{problem}\n\n示例：\n{example}\n\n我的代码：\n{code}",
    ),
    "debug_explain": (
        "我这道题的解法被判错了。请解释错在哪、改正它，再说一下改好后的时间复杂度。\n\n{problem}\n\n```\n{code}\n```",
        "{problem}\n\n{code}\n\n一步一步讲讲这段代码实际在做什么，找到出错的地方，然后改对。",
    ),
    "tool_request": (
        "{task}",
        "{task}\n\n（可用工具：{tools}）",
        "我接入了这些工具：{tools}\n\n{task}",
        "{task}\n\n可以调用：{tools}",
        "{tools}\n---\n{task}",
    ),
    "tool_code": (
        "用 {pl} 写代码，调用这个 API 完成：{task}\n\nAPI：{tools}",
        "我有这些函数可以用：{tools}。给我一段 {pl} 代码，调用它们来{task}",
    ),
    "tool_fix_call": (
        "我想做的是：{task}\n我调用了 `{call}`，结果：\n{error}\n调用哪里不对？请正确地调用一次。\n\n工具：{tools}",
        "{error}\n\n这是 `{call}` 报的。目标：{task}。可用：{tools}",
    ),
    "question": (
        "{task}",
        "问一下：{task}",
        "你知道这个吗？{task}",
    ),
}

# Editor-chat framings around developer requests (compose_requests); the request text
# stays as the source wrote it.
REQUEST_TEMPLATES = {
    "concept_diff": (
        "{a} 和 {b} 有什么区别？",
        "{a} 还是 {b}，什么时候用哪个？",
    ),
    "ask_code": (
        "能帮我写一下吗？{task}",
        "{task} 谢谢",
        "这个需要写代码：{task}",
        "在 {file} 里：{task}",
    ),
    "ask_code_think": (
        "{task}\n先想清楚哪种思路最好、为什么，再写代码",
        "先别急着写，分析一下复杂度。{task}",
        "这个怎么高效地解决？{task}",
    ),
    "ask_snippet": (
        "给我一行命令实现这个：{task}",
        "这个用 shell 命令怎么写：{task}",
        "{task} —— bash 一行搞定？",
    ),
    "ask_run": (
        "能在这个仓库里帮我做一下吗？{task}",
        "{task}。直接跑一下，告诉我结果",
        "请在终端里执行：{task}",
    ),
    "ask_sql": (
        "帮我写这个的 SQL：{task}",
        "SQL 查询怎么写：{task}",
    ),
    "ask_db": (
        "能在我们的数据库上跑一下吗？{task}",
        "{task}（连上开发库直接做）",
    ),
    "ask_tool": (
        "能帮我查一下吗？{task}",
        "{task} 用你手头的工具就行",
        "你能帮我办一下这件事吗：{task}",
    ),
    "ask_debug": (
        "出现这个，有思路吗？{task}",
        "救命，坏了：{task}",
        "{task}\n\n这是什么原因，怎么修？",
        "在 {file} 里：{task}",
    ),
    "paste_explain": (
        "这段是干什么的？\n\n```\n{code}\n```",
        "{code}\n\n解释一下",
        "能逐行讲讲吗？\n{code}",
    ),
    "paste_edit": (
        "给这段加上 docstring\n\n```\n{code}\n```",
        "{code}\n\n把变量名改得好读一点",
        "能把这段格式整理一下，顶部加个注释吗？\n{code}",
    ),
    "followup": (
        "好的谢谢。现在{task}",
        "另外，{task}",
        "可以了。下一个：{task}",
    ),
}

HANDWRITTEN = {
    "chat": (
        "谢谢，搞定了！",
        "好的",
        "你好，最近怎么样？",
        "算了，我自己弄明白了",
        "太好了，非常感谢",
    ),
    "concept": (
        "列表和元组有什么区别？",
        "什么是 REST API？",
        "git merge 和 git rebase 有什么区别？",
        "Python 是编译型还是解释型语言？",
        "CI 是什么意思？",
    ),
    "reason": (
        "为什么快速排序平均是 O(n log n)，最坏情况却是 O(n^2)？请一步步推理。",
        "三个服务失败时各重试三次。如果最后一个挂了，总共会有多少请求打到它上面？仔细想一想。",
        "只有一个互斥锁时会发生死锁吗？请仔细论证。",
        "两个服务之间我们在消息队列和直接 HTTP 调用之间做选择。请权衡利弊并给出推荐。",
        "如果我用 5 分钟 TTL 缓存它，而每秒都有写入，用户会看到哪些一致性问题？仔细想一想。",
        "这个算法对负数也正确吗？请证明或给出反例。",
    ),
    "act": (
        "看一下 CI",
        "能跑一下测试，告诉我哪些失败了吗？",
        "上网搜一下 React 最新的发布说明，附上链接总结一下",
        "用这些改动开一个 PR",
        "装好依赖，把开发服务器跑起来",
        "parse_config 在这个代码库里定义在哪？",
        "找出仓库里所有用到 UserService 的地方",
        "上一次提交改了什么？",
        "对整个项目跑一遍 linter，把警告列出来",
        "查一下 pandas 最新的 read_csv 文档，告诉我哪个参数能跳过错误行",
    ),
}
