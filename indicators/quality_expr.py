"""A tiny condition language for cross-indicator quality rules: "#14 <= #16", "#13 * 100 <= #6",
"#5 - #gsgyzjzzs <= 30 and #gsgyzjzzs - #5 <= 30".

Grammar (lowest precedence first); parsed by our own tokenizer and recursive descent, never eval:
    condition  := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := sum (("<" | "<=" | ">" | ">=" | "==" | "=" | "!=" | "≤" | "≥" | "≠") sum)*   # chained like 0 <= #2 <= 100
    sum        := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary)*
    unary      := ("-" | "+") unary | atom
    atom       := NUMBER | "#" NAME | "(" condition ")"
A reference is an indicator's code: its number (#13) or a companion series' code (#gsgyzjzzs).
Pure Python (no Django), Decimal arithmetic only.
"""

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

MAX_LENGTH = 500
MAX_DEPTH = 30  # nesting bound for brackets, "not" and signs: a hostile "((((…" cannot exhaust the stack

_TOKEN = re.compile(
    r"(?P<space>\s+)|(?P<number>\d+(?:\.\d+)?)|(?P<ref>#[A-Za-z0-9_]*)|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><=|>=|==|!=|[-+*/()<>=≤≥≠])"
)
_KEYWORDS = {"and", "or", "not"}
_COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<": operator.lt, "<=": operator.le, "≤": operator.le, ">": operator.gt, ">=": operator.ge,
    "≥": operator.ge, "==": operator.eq, "=": operator.eq, "!=": operator.ne, "≠": operator.ne,
}  # fmt: skip
_ARITH: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
}  # fmt: skip
NUM, BOOL = "数值", "条件"


class ExprError(ValueError):
    """A malformed expression; `position` is the 1-based character where the problem is."""

    def __init__(self, message: str, position: int):
        super().__init__(f"第 {position} 个字符处：{message}")
        self.position = position


class _Missing(Exception):
    """An input is absent or the arithmetic is undefined (÷0): the rule cannot be judged."""


@dataclass(frozen=True)
class _Token:
    kind: str  # number, ref, word, op, end
    text: str
    position: int  # 1-based


def _tokens(source: str) -> list[_Token]:
    tokens, at = [], 0
    while at < len(source):
        match = _TOKEN.match(source, at)
        if match is None:
            raise ExprError(f"无法识别的字符“{source[at]}”", at + 1)
        kind, text = match.lastgroup or "", match.group()
        if kind == "ref" and len(text) == 1:
            raise ExprError("“#”后应为指标序号（如 #13）或配套数据代码", at + 1)
        if kind == "word" and text not in _KEYWORDS:
            raise ExprError(f"无法识别的名称“{text}”：指标应写作 #序号（如 #13）或 #代码", at + 1)
        if kind != "space":
            tokens.append(_Token("op" if kind == "word" else kind, text, at + 1))
        at = match.end()
    tokens.append(_Token("end", "", len(source) + 1))
    return tokens


# Nodes are closures over Decimal inputs: evaluating one runs only our own arithmetic and comparisons.
Node = Callable[[Mapping[str, Decimal]], object]


class _Parser:
    def __init__(self, source: str):
        self.tokens, self.at, self.depth, self.refs = _tokens(source), 0, 0, set()

    @property
    def token(self) -> _Token:
        return self.tokens[self.at]

    def take(self, *texts: str) -> _Token | None:
        if self.token.kind == "op" and self.token.text in texts:
            self.at += 1
            return self.tokens[self.at - 1]
        return None

    def expect(self, kind: str, node: Node, got: str, token: _Token, role: str) -> Node:
        if got != kind:
            raise ExprError(f"“{token.text}”{role}应为{kind}，实为{got}", token.position)
        return node

    def condition(self) -> tuple[Node, str]:
        return self.chain(("or",), self.and_expr, any)

    def and_expr(self) -> tuple[Node, str]:
        return self.chain(("and",), self.not_expr, all)

    def chain(self, words, operand, combine) -> tuple[Node, str]:
        first, kind = operand()
        parts = [first]
        while token := self.take(*words):
            if not parts[1:]:
                self.expect(BOOL, first, kind, token, "左侧")
            parts.append(self.expect(BOOL, *operand(), token, "右侧"))
        if len(parts) == 1:
            return first, kind
        return (lambda env: combine(part(env) for part in parts)), BOOL

    def nest(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"括号、not 或正负号嵌套超过 {MAX_DEPTH} 层", token.position)

    def not_expr(self) -> tuple[Node, str]:
        if token := self.take("not"):
            self.nest(token)
            inner = self.expect(BOOL, *self.not_expr(), token, "之后")
            self.depth -= 1
            return (lambda env: not inner(env)), BOOL
        return self.comparison()

    def comparison(self) -> tuple[Node, str]:
        left, kind = self.sum()
        operands, tests = [left], []
        while token := self.take(*_COMPARE):
            self.expect(NUM, left, kind, token, "左侧")
            right, kind = self.sum()
            operands.append(self.expect(NUM, right, kind, token, "右侧"))
            tests.append(_COMPARE[token.text])
        if not tests:
            return left, kind

        def compare(env):
            values = [node(env) for node in operands]
            return all(test(a, b) for test, a, b in zip(tests, values, values[1:], strict=False))

        return compare, BOOL

    def sum(self) -> tuple[Node, str]:
        return self.arith(("+", "-"), self.term)

    def term(self) -> tuple[Node, str]:
        return self.arith(("*", "/"), self.unary)

    def arith(self, ops, operand) -> tuple[Node, str]:
        left, kind = operand()
        while token := self.take(*ops):
            self.expect(NUM, left, kind, token, "左侧")
            right = self.expect(NUM, *operand(), token, "右侧")
            left, kind = _binary(_ARITH[token.text], left, right), NUM
        return left, kind

    def unary(self) -> tuple[Node, str]:
        if token := self.take("-", "+"):
            self.nest(token)
            inner = self.expect(NUM, *self.unary(), token, "之后")
            self.depth -= 1
            return ((lambda env: -inner(env)) if token.text == "-" else inner), NUM
        return self.atom()

    def atom(self) -> tuple[Node, str]:
        token = self.token
        if token.kind == "number":
            self.at += 1
            value = Decimal(token.text)
            return (lambda env: value), NUM
        if token.kind == "ref":
            self.at += 1
            code = token.text[1:]
            self.refs.add(code)
            return (lambda env: _lookup(env, code)), NUM
        if self.take("("):
            self.nest(token)
            node, kind = self.condition()
            if not self.take(")"):
                raise ExprError(f"缺少与第 {token.position} 个字符处“(”配对的“)”", self.token.position)
            self.depth -= 1
            return node, kind
        if token.kind == "end":
            raise ExprError("表达式意外结束，此处应为数值、指标引用或“(”", token.position)
        raise ExprError(f"此处应为数值、指标引用或“(”，实为“{token.text}”", token.position)


def _lookup(env: Mapping[str, Decimal], code: str) -> Decimal:
    value = env.get(code)
    if value is None:
        raise _Missing(code)
    return value


def _binary(op, left: Node, right: Node) -> Node:
    def apply(env):
        try:
            return op(left(env), right(env))
        except (DivisionByZero, InvalidOperation, ZeroDivisionError) as exc:
            raise _Missing() from exc

    return apply


@dataclass(frozen=True)
class Expr:
    source: str
    refs: frozenset[str]  # the codes the condition reads
    _node: Node

    def holds(self, values: Mapping[str, Decimal]) -> bool | None:
        """True/False, or None when an input is missing or the arithmetic is undefined (the rule is skipped).
        Every input must be present even where and/or would not need it: a half-known rule is not judged."""
        if any(values.get(code) is None for code in self.refs):
            return None
        try:
            return bool(self._node(values))
        except _Missing:
            return None


def parse(source: str) -> Expr:
    """Parse a condition; ExprError (Chinese, with the 1-based position) when it is malformed."""
    if not isinstance(source, str) or not source.strip():
        raise ExprError("规则表达式为空", 1)
    if len(source) > MAX_LENGTH:
        raise ExprError(f"规则表达式超过 {MAX_LENGTH} 个字符", MAX_LENGTH + 1)
    parser = _Parser(source)
    node, kind = parser.condition()
    if parser.token.kind != "end":
        raise ExprError(f"多余的“{parser.token.text}”", parser.token.position)
    if kind != BOOL:
        raise ExprError("规则应为条件（如 #13 <= #14），而不是一个数值", 1)
    return Expr(source, frozenset(parser.refs), node)
