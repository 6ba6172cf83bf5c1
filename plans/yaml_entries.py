"""What the plan's YAML files share: reading a file, naming an entry in a message, and reading an entry's fields
(each problem a Chinese message naming the file and the entry)."""

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.conf import settings

from indicators.quality import QualityRules

NO_VALUE = "—"


class Entry:
    """Reads the fields of one YAML mapping, recording a message naming file and entry for each problem."""

    def __init__(self, errors: list[str], where: str, data):
        self.errors, self.where = errors, where
        self.data = data if isinstance(data, dict) else {}
        if not isinstance(data, dict):
            self.error("应为键值映射")

    def error(self, message: str) -> None:
        self.errors.append(f"{self.where}：{message}")

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str):
            self.error(f"“{key}”应为文本")
            return default
        if required and not value.strip():
            self.error(f"缺少“{key}”")
        return value.strip()

    def integer(self, key: str, *, default: str | None = None) -> int | None:
        raw = self.text(key, required=default is None, default=default or "")
        if raw and not re.fullmatch(r"[0-9]{1,6}", raw):  # str.isdigit() also takes "²", which int() refuses
            self.error(f"“{key}”应为整数，实为“{raw}”")
            return None
        return int(raw) if raw else None

    def decimal(self, key: str, *, allow_none: bool = False) -> Decimal | None:
        raw = self.text(key, required=not allow_none)
        if allow_none and raw in ("", NO_VALUE):
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            self.error(f"“{key}”应为数字，实为“{raw}”")
            return None
        return value

    def text_list(self, key: str) -> list[str]:
        value = self.data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            self.error(f"“{key}”应为非空列表")
            return []
        return [v.strip() for v in value]


class PlanFiles:
    """The plan read so far and the directory it is read from; the readers of each file add to it."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.errors: list[str] = []
        self.header: dict = {}
        self.target_years: list[int] = []
        self.departments: list[dict] = []
        self.categories: list[str] = []
        self.indicators: list[dict] = []
        self.chapters: list[dict] = []
        self.commitments: list[dict] = []
        self.quality: QualityRules | None = None  # quality.yaml's rules; None when the plan has no such file
        self.department_keys: dict[str, str] = {}  # any name, short name or code → code

    def read(self, name: str):
        path = self.directory / name
        label = self._label(path)
        try:
            with open(path, encoding="utf-8") as f:
                # BaseLoader keeps every scalar as the text written ("40", "—"): no float, no guessing.
                return yaml.load(f, Loader=yaml.BaseLoader)
        except FileNotFoundError:
            self.errors.append(f"{label}：文件不存在")
        except yaml.YAMLError as e:
            self.errors.append(f"{label}：YAML 格式错误（{e}）".replace("\n", " "))
        except UnicodeDecodeError:
            self.errors.append(f"{label}：不是 UTF-8 编码的文本文件")
        return None

    def _label(self, path: Path) -> str:
        try:
            return str(path.relative_to(settings.BASE_DIR))
        except ValueError:
            return str(path)

    def where(self, name: str, index: int, key: str = "") -> str:
        return f"{self._label(self.directory / name)} 第 {index} 项" + (f"（{key}）" if key else "")

    def resolve(self, entry: Entry, names: list[str], what: str) -> list[str]:
        codes = []
        for name in names:
            code = self.department_keys.get(name)
            if code is None:
                entry.error(f"{what}“{name}”不在 departments.yaml 中")
            elif code in codes:
                entry.error(f"{what}“{name}”重复")
            else:
                codes.append(code)
        return codes
